"""Issue 23: the printed footer read "Versión del texto agreement/es v0 (5f237d)", an internal label. It says, in
the document's language, which words were printed as an office would: the shipped text, the office's version and
the day it was saved, or a preview not saved; the six hex digits stay (the history's ``text_version`` still
records the full label, and verification compares the pages, not the words)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reports.conftest import make_world, pdf_text
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.reports.preview import agreement_with_text
from vetdesk.services import clauses
from vetdesk.storage.engine import Database


@pytest.mark.parametrize(("lang", "code", "shipped", "office", "preview"), [
    ("es", "es", "Texto: versión de fábrica", "Texto: versión 1 de la oficina, del",
     "Texto: vista previa, sin guardar"),
    ("de", "de", "Text: mitgelieferte Fassung", "Text: Fassung 1 der Geschäftsstelle vom",
     "Text: Vorschau, nicht gespeichert"),
])
def test_the_footer_names_the_text_as_an_office_would(sqlite_db: Database, lang: str, code: str, shipped: str,
                                                      office: str, preview: str) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    first = clauses.current(sqlite_db, "agreement", code)
    text = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang, template="mmfd"))
    assert f"{shipped} ({first.digest})" in text, text[-300:]
    assert "agreement/" not in text and " v0 " not in text
    day = translator(lang).format_date(date.today(), "medium")
    assert text.count(translator(lang).gettext("Printed on {date}").format(date=day)) >= 2  # every page

    body = first.body + "\nUn párrafo más de la oficina.\n"
    saved = clauses.save(sqlite_db, "agreement", code, body).text
    text = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang, template="mmfd"))
    assert f"{office} {day} ({saved.digest})" in text, text[-300:]

    text = pdf_text(agreement_with_text(sqlite_db, w.agreement_id, lang, body + "\nOtro más.\n"))
    assert preview in text and "(preview, not saved)" not in text
