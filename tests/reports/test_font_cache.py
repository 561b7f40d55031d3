"""The parsed font faces kept in the user's cache folder (vetdesk.reports.fonts): the same face as parsing the
file gives, and parsing again whenever the cache is missing, damaged or made for another file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from vetdesk.paths import resource_path
from vetdesk.reports import fonts

FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"]


def _same(a: Any, b: Any, where: str = "") -> None:
    assert type(a) is type(b), where
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _face(font: TTFont) -> dict[str, Any]:
    return dict(sorted((k, v) for k, v in font.face.__dict__.items() if k not in ("_pdfScale", "makeSubset")))


@pytest.mark.parametrize("filename", FILES)
def test_a_face_read_from_the_cache_is_the_parsed_face(tmp_path: Path, filename: str) -> None:
    path = resource_path("fonts", filename)
    first = fonts.load_font("F", path, tmp_path)  # parsed, and kept
    assert len(list(tmp_path.glob("*.json"))) == 1
    cached = fonts.load_font("F", path, tmp_path)
    parsed = TTFont("F", str(path))
    for font in (first, cached):
        _same(_face(font), _face(parsed))
        assert font.face._pdfScale(1234) == parsed.face._pdfScale(1234)
        assert font.face.name.ustr == parsed.face.name.ustr
        kept = {k: v for k, v in font.__dict__.items() if k not in ("face", "state", "encoding")}
        assert kept == {k: v for k, v in parsed.__dict__.items() if k not in ("face", "state", "encoding")}
    assert cached.stringWidth("Ñandú Müller-Lüdenscheidt", 10) == parsed.stringWidth("Ñandú Müller-Lüdenscheidt", 10)


def test_a_damaged_cache_is_parsed_again_and_rewritten(tmp_path: Path) -> None:
    path = resource_path("fonts", FILES[0])
    fonts.load_font("F", path, tmp_path)
    (kept,) = tmp_path.glob("*.json")
    for damage in ('{"format": 1, "face": {"dict": {"unitsPerEm": "x"}}}', "{not json", ""):
        kept.write_text(damage, encoding="utf-8")
        font = fonts.load_font("F", path, tmp_path)
        _same(_face(font), _face(TTFont("F", str(path))))
    assert fonts._read_face(kept, path, path.read_bytes()) is not None  # rewritten whole


def test_another_font_file_or_reportlab_never_reads_a_kept_face(tmp_path: Path, monkeypatch) -> None:
    regular, bold = (resource_path("fonts", f).read_bytes() for f in FILES[:2])
    assert fonts._cache_key(regular) != fonts._cache_key(bold)
    before = fonts._cache_key(regular)
    monkeypatch.setattr(fonts.reportlab, "Version", "0.0-other")
    assert fonts._cache_key(regular) != before


def test_a_cache_folder_that_cannot_be_written_still_prints(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    font = fonts.load_font("F", resource_path("fonts", FILES[0]), blocked / "fonts")
    _same(_face(font), _face(TTFont("F", str(resource_path("fonts", FILES[0])))))


def test_a_kept_subset_is_the_subset_made_anew(tmp_path: Path) -> None:
    """The subsets a font keeps for the process (vetdesk.reports.fonts) are the bytes reportlab makes for the same
    characters in the same order, also once older ones were let go; a new order makes a new subset."""
    font = fonts.load_font("F", resource_path("fonts", "DejaVuSans.ttf"), tmp_path)
    fresh = TTFont("G", str(resource_path("fonts", "DejaVuSans.ttf")))
    subsets = [[0, *range(32, 40 + n)] for n in range(fonts.KEPT_SUBSETS + 5)]
    for subset in subsets + subsets[:3] + [list(reversed(subsets[0]))]:
        assert font.face.makeSubset(subset) == fresh.face.makeSubset(subset)
    assert font.face.makeSubset(subsets[-1]) is font.face.makeSubset(subsets[-1])  # kept, not made again


def _drawn(font: TTFont, text: str) -> bytes:
    """A one-page PDF of ``text`` in ``font``."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def test_documents_with_other_accented_letters_embed_the_same_subset(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every document's subset of a font begins with the same letters (fonts.SEED), whatever order its text
    draws them in: two reports naming 'Núñez' and 'Gößmann' embed one subset (made and compressed once in a
    batch), and a letter outside the seed ('Ł') is still drawn and read back."""
    import io

    from pypdf import PdfReader
    from reportlab.pdfbase import pdfmetrics

    fonts.register_fonts()
    font = pdfmetrics.getFont(fonts.REGULAR)
    made: list[list[int]] = []
    make = font.face.makeSubset
    monkeypatch.setattr(font.face, "makeSubset", lambda subset: made.append(list(subset)) or make(subset))
    texts = ["José Núñez Ávila", "Jürgen Gößmann — São João", "Łukasz Ñandú"]
    pdfs = [_drawn(font, text) for text in texts]
    assert made[0] == made[1]  # the same characters, in the same order
    assert made[2][:len(made[0])] == made[0] and len(made[2]) == len(made[0]) + 1  # 'Ł' after the seed
    for text, pdf in zip(texts, pdfs, strict=True):
        assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip() == text


def test_a_text_is_encoded_with_the_codes_reportlab_gives_it() -> None:
    """A text whose characters all have their code already (most lines of a report) is encoded without
    reportlab's loop over its characters, to the same bytes; a new character, a no-break space, a character
    without a glyph and the subsets after the first go through reportlab and come out as it writes them. The
    same texts drawn in the same order give each document the same codes and subsets as reportlab's own."""
    import random

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts.register_fonts()
    font = pdfmetrics.getFont(fonts.REGULAR)
    alphabet = ("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 áéíóúñ\u00a0ŁłŒœ€ğış漢"
                + "".join(chr(c) for c in range(0x100, 0x300)))  # enough letters for three subsets

    class Doc:
        pass

    fast_paths = 0
    for trial in range(5):
        ours, theirs = Doc(), Doc()
        TTFont.splitString(font, fonts.SEED, theirs)
        pick = random.Random(trial)
        for _ in range(400):
            text = "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 30)))
            state = font.state.get(ours)
            fast_paths += state is not None and getattr(state, "vetdesk_known", set()).issuperset(text)
            assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs), text
        assert font.state[ours].assignments == font.state[theirs].assignments
        assert font.state[ours].subsets == font.state[theirs].subsets
        assert len(font.state[ours].subsets) >= 3
    assert fast_paths > 100  # the quick way was taken (and gave reportlab's bytes)
