"""Layout read back from the rendered pages: month labels that never overprint, headers that wrap between words,
the QR code and footer of a Letter page, in Spanish and German or Portuguese."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pypdfium2 as pdfium
import pytest

from tests.reports.conftest import make_world
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.reports.progress import month_labels
from vetdesk.services.documents import ProgressDocument, ProgressPoint
from vetdesk.storage.engine import Database


def _doc(points: list[date]) -> ProgressDocument:
    fields: dict[str, object] = dict.fromkeys(ProgressDocument.__dataclass_fields__)  # only the timeline matters
    return ProgressDocument(**fields | {"timeline": tuple(ProgressPoint(p, 0, 1) for p in points)})  # type: ignore[arg-type]


@pytest.mark.parametrize("months", range(2, 40))
def test_month_labels_are_never_closer_than_their_step(months: int) -> None:
    start = date(2025, 1, 31)
    points = [start + timedelta(days=30 * i) for i in range(months)] + [start + timedelta(days=30 * months - 5)]
    labels = month_labels(_doc(points), translator("es"))
    shown = [i for i, label in enumerate(labels) if label]
    step = max(1, (len(points) + 11) // 12)
    assert shown[-1] == len(points) - 1  # the period's last day is labelled
    assert all(b - a >= step for a, b in zip(shown, shown[1:], strict=False))


def _words(pdf: bytes) -> set[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return {w["text"] for page in doc.pages for w in page.extract_words()}


@pytest.mark.parametrize("lang", ["es", "de", "pt"])
def test_table_headers_wrap_between_words(sqlite_db: Database, lang: str) -> None:
    w = make_world(sqlite_db, minor=False, positions=3)
    t = translator(lang)
    words = _words(render.form_pdf(sqlite_db, w.apprentice_id, lang=lang)) | _words(
        render.progress_pdf(sqlite_db, apprentice_id=w.apprentice_id, lang=lang))
    for label in ("outstanding", "developing", "not yet shown", "No.", "Planned weeks", "Time spent"):
        for word in t.gettext(label).split():
            assert word in words, (lang, word)  # whole, not "sobresalient" + "e"


def test_letter_pages_keep_the_qr_code_and_footer_inside(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=True, positions=8, long_names=True, templates="both", status="draft")
    pdf = render.agreement_pdf(sqlite_db, w.agreement_id, lang="es")
    document = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(document)):
            page = document[i]
            width, height = page.get_size()
            assert (round(width), round(height)) == (612, 792)
            image = page.render(scale=1).to_pil().convert("L")
            # the right margin strip and the bottom strip under the footer stay blank (nothing cut off)
            right = image.crop((int(width) - 40, 0, int(width), int(height)))
            bottom = image.crop((0, int(height) - 12, int(width), int(height)))
            assert right.getextrema()[0] > 200 and bottom.getextrema()[0] > 200, i
            page.close()
    finally:
        document.close()


def test_a_paragraph_breaks_its_lines_once_per_width_and_again_for_another() -> None:
    """styles.Paragraph keeps the lines of its last wrap for a wrap at the same width (a table measures and
    draws each cell at one width), breaks them again at another width, and after a split."""
    from vetdesk.reports.styles import Paragraph, stylesheet

    p = Paragraph("Competencia " * 40, stylesheet()["cell"])
    calls = []
    original = p.breakLines
    p.breakLines = lambda widths: calls.append(widths) or original(widths)  # type: ignore[method-assign]
    wide = p.wrap(400, 1000)
    assert p.wrap(400, 500) == wide and len(calls) == 1
    narrow = p.wrap(150, 1000)
    assert narrow[1] > wide[1] and len(calls) == 2
    assert p.wrap(400, 1000) == wide and len(calls) == 3
    parts = p.split(400, 30)
    assert len(parts) == 2 and p.wrap(400, 1000) == wide and len(calls) == 4


def test_paragraphs_of_the_same_text_share_its_reading_but_not_its_fragments() -> None:
    """The markup of a text is read once per style (styles._parsed); each paragraph lays out its own copies."""
    from vetdesk.reports.styles import Paragraph, _parsed, stylesheet

    text = "<b>Aprendiz</b> con <font size=7>nota</font> bastante larga " * 6
    before = _parsed.cache_info().hits
    first, second = Paragraph(text, stylesheet()["cell"]), Paragraph(text, stylesheet()["cell"])
    assert _parsed.cache_info().hits == before + 1
    assert [f.text for f in first.frags] == [f.text for f in second.frags]
    assert all(a is not b for a, b in zip(first.frags, second.frags, strict=True))
    assert [f.fontName for f in first.frags][:2] == ["VetdeskSans-Bold", "VetdeskSans"]
    assert first.wrap(120, 1000) == second.wrap(120, 1000)
    other = Paragraph(text, stylesheet()["body"])
    assert other.style.fontSize != first.style.fontSize


def test_the_rotation_plans_total_never_stands_alone_after_a_page_break() -> None:
    """Trial 4: an amendment's plan left its "Total 156" row alone on the next page. Split where only the total
    would not fit, the last position goes over with it."""
    from vetdesk.i18n import translator
    from vetdesk.reports import fonts
    from vetdesk.reports.agreement import plan_table
    from vetdesk.services.agreement_sheet import PositionLine

    fonts.register_fonts()
    positions = [PositionLine(i, i, f"Puesto {i}", "Mantenimiento", 20, ()) for i in range(1, 8)]
    table = plan_table(positions, translator("es"))
    _w, height = table.wrap(500, 10_000)
    total_row = table._rowHeights[-1]
    first, rest = table.split(500, height - total_row / 2)
    assert len(rest._cellvalues) == 3  # the head repeated, the last position and the total
    assert len(first._cellvalues) == 7  # the head and six positions
