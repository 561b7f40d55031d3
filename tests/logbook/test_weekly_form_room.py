"""The printed weekly form (issue 25, doc23m), read back from the PDF in Spanish and German: a form to be filled in
by hand gives at least six ruled lines to what was done and learnt, with or without files named on it (their
names beneath the facts or on an annex page, never in that room), and keeps its signatures on its first page, a
company's 120-character name too. Looked at with pdftoppm while it was built."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from tests.logbook.conftest import World
from tests.logbook.test_week_files import png, week_of
from vetdesk.i18n import translator
from vetdesk.reports import words
from vetdesk.reports.weekly_form import week_pdf
from vetdesk.services import records, week_files

#: A company's name of 120 characters (the field's longest).
LONG = ("Schäfer Präzisionsteile und Antriebstechnik für die Automobilindustrie de México, S.A.P.I. de C.V., "
        "Planta Querétaro Norte y Sur")[:120]
THREE = [f"pieza {i} torneada y medida con micrometro.png" for i in range(3)]


def _pages(content: bytes) -> list[tuple[str, list[float], float]]:
    """Each page's text, the heights of its ruled lines of the whole width, and the page's width."""
    out = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            rules = [line["top"] for line in page.lines if line["x1"] - line["x0"] > page.width * 0.7]
            rules += [r["top"] for r in page.rects if r["height"] < 1.5 and r["width"] > page.width * 0.7]
            out.append((page.extract_text() or "", sorted(rules), page.width))
    return out


def _activity_lines(content: bytes, lang: str) -> int:
    """The ruled lines of the whole width under "What was done and learnt at the company" on the first page, down
    to the next heading."""
    t = translator(lang)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        first = t.gettext("What was done and learnt at the company").split()[0]
        after = t.gettext("Topics at school").split()[0]
        top = next(w["bottom"] for w in words if w["text"] == first)
        bottom = next(w["top"] for w in words if w["text"] == after and w["top"] > top)
        tops = {round(line["top"]) for line in page.lines if line["x1"] - line["x0"] > page.width * 0.7} | {
            round(r["top"]) for r in page.rects if r["height"] < 1.5 and r["width"] > page.width * 0.7}
        return len([y for y in tops if top < y < bottom])


def _signature_page(content: bytes, lang: str, apprentice: str) -> int:
    """The page (1-based) that holds the instructor's signature box (its role under the line)."""
    role = words.company_instructor(translator(lang))
    pages = _pages(content)
    found = [n for n, (text, _r, _w) in enumerate(pages, start=1) if role in " ".join(text.split())]
    assert found, [p[0][-300:] for p in pages]
    return found[-1]


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_form_to_fill_in_gives_six_lines_and_keeps_its_signatures(world: World, lang: str) -> None:
    w = world
    blank = week_pdf(w.db, w.mine, w.week(3), lang=lang)
    assert _activity_lines(blank, lang) >= 6
    assert len(_pages(blank)) == 1 and _signature_page(blank, lang, "") == 1
    # A week written with three files named on it: the form keeps its page and its signatures there, the names
    # beneath its facts or on an annex page after it.
    week_files.add_files(w.db, week_of(w, 3), [(n, png(color=f"#{i * 40 + 10:02x}3030"))
                                               for i, n in enumerate(THREE)])
    named = week_pdf(w.db, w.mine, w.week(3), lang=lang)
    assert _signature_page(named, lang, "") == 1
    text = "".join("".join(p[0].split()) for p in _pages(named))
    assert all("".join(name.split()) in text for name in THREE) and "Torneadodepiezas" in text


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_120_character_company_name_keeps_the_signatures_on_page_one(world: World, lang: str) -> None:
    w = world
    records.update(w.db, "companies", w.company, {"name": LONG}, accept_warnings=True)
    content = week_pdf(w.db, w.mine, w.week(3), lang=lang)
    pages = _pages(content)
    assert len(pages) == 1 and _signature_page(content, lang, "") == 1, [p[0][-200:] for p in pages]
    assert "".join(LONG.split()) in "".join(pages[0][0].split())  # the name whole, wrapped, not cut
    assert _activity_lines(content, lang) >= 6
