"""The workplace assessment form with a company's 120-character name and long names (issue 25, doc23m), read back
from the PDF in Spanish and German: its comments and signatures stay on its one page (the German form put the
signatures alone on a page 2). Looked at with pdftoppm while it was built."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.reports.conftest import make_world
from vetdesk.i18n import translator
from vetdesk.reports import render, words
from vetdesk.services import records
from vetdesk.storage.engine import Database

LONG = ("Schäfer Präzisionsteile und Antriebstechnik für die Automobilindustrie de México, S.A.P.I. de C.V., "
        "Planta Querétaro Norte y Sur")[:120]


@pytest.mark.parametrize("lang", ["es", "de"])
def test_the_signatures_stay_on_page_one_with_a_long_company_name(sqlite_db: Database, lang: str) -> None:
    w = make_world(sqlite_db, minor=False, positions=1, rated=False, status="active", long_names=True)
    records.update(sqlite_db, "companies", w.company_id, {"name": LONG}, accept_warnings=True)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(
        render.form_pdf(sqlite_db, w.apprentice_id, lang=lang))).pages]
    t = translator(lang)
    assert len(pages) == 1, [p[-200:] for p in pages]
    first = pages[0]
    assert words.company_instructor(t) in first and t.gettext("Date: ____________________").split(":")[0] in first
    assert t.gettext("Comments and agreed next steps") in first
    assert "".join(LONG.split()) in "".join(first.split())  # the name whole, wrapped, not cut
