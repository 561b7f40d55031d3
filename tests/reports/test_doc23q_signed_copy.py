"""Issue 23: a signed agreement's copy (printed after its signatures were recorded, or reprinted) left "Firmado
en …, el ____" and every "Fecha: ____" blank, though the record knows the place and each party's signing date.
The copy fills them in as a lawyer reads a copy: each party's box with the day it signed; above them the one day
all signed on, or, when they signed on different days, that each signed on the date beside its signature and the
last on which day. A document for signature keeps its lines to fill in by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests import factories as f
from tests.reports.conftest import pdf_text
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.reports.collaboration import collaboration_pdf
from vetdesk.services import records
from vetdesk.storage.engine import Database

TODAY = f.TODAY

WORDS = {
    "es": {"blank": "el ______________________, en un ejemplar", "date": "Fecha: {d}", "line": "Fecha: ____",
           "same": "Firmado en {place}, el {d}, en un ejemplar original para cada parte.",
           "apart": "Firmado en {place} por cada parte en la fecha indicada junto a su firma, la última el {d}, "
                    "en un ejemplar original para cada parte."},
    "de": {"blank": "am ______________________, in einer Ausfertigung", "date": "Datum: {d}", "line": "Datum: ____",
           "same": "Unterzeichnet in {place} am {d}, in einer Ausfertigung für jede Partei.",
           "apart": "Unterzeichnet in {place} von jeder Partei an dem bei ihrer Unterschrift angegebenen Datum, "
                    "zuletzt am {d}, in einer Ausfertigung für jede Partei."},
}


def _long(lang: str, day):  # type: ignore[no-untyped-def]
    return translator(lang).format_date(day, "long")


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_signed_copy_is_dated_where_and_when_the_parties_signed(sqlite_db: Database, lang: str) -> None:
    db = sqlite_db
    agreement = f.make_agreement(db)
    words = WORDS[lang]
    for_signature = pdf_text(render.agreement_pdf(db, agreement, lang=lang, template="mmfd"))
    assert words["blank"] in for_signature and words["line"] in for_signature  # lines to fill in by hand
    records.print_for_signature(db, [agreement], language=lang)
    earlier = TODAY - timedelta(days=3)
    with db.engine.begin() as conn:  # printed three days ago, so that a party may have signed before today
        conn.execute(text("UPDATE learning_agreements SET printed_on = :day WHERE id = :id"),
                     {"day": earlier, "id": agreement})
    # the place: the agreement's, else the office's (the factory's office is in Mexico City)
    place = records.get(db, "agreements", agreement)["place_of_signing"] or "Ciudad de México"

    # all on one day: that day above the signatures and in every party's box
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement, TODAY),
                   accept_warnings=True)
    copy = pdf_text(render.agreement_pdf(db, agreement, lang=lang, template="mmfd"))
    day = _long(lang, TODAY)
    assert place and place in copy and words["same"].format(place=place, d=day) in copy, copy[-1500:]
    parties = len(records.signatures(db, agreement))  # who signs (an adult: no guardian)
    # every party's box, under the clauses and under the annex
    assert copy.count(words["date"].format(d=day)) == 2 * parties, copy[-1500:]
    assert words["blank"] not in copy

    # on different days: each box its own, the last one named above them
    records.update(db, "agreements", agreement, {"company_signed_on": earlier.isoformat()}, accept_warnings=True)
    copy = pdf_text(render.agreement_pdf(db, agreement, lang=lang, template="mmfd"))
    assert words["apart"].format(place=place, d=day) in copy, copy[-1500:]
    assert copy.count(words["date"].format(d=_long(lang, earlier))) == 2  # the company's two boxes
    assert copy.count(words["date"].format(d=day)) == 2 * (parties - 1)


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_signed_collaboration_agreement_s_copy_is_dated_too(sqlite_db: Database, lang: str) -> None:
    db = sqlite_db
    signed = f.make_collaboration(db, school_id=f.make_school(db), company_id=f.make_company(db))
    record = records.get(db, "collaborations", signed)
    dates = {p: record[f"{p}_signed_on"] for p in ("school", "company", "chamber")}
    assert all(dates.values()), record
    text = pdf_text(collaboration_pdf(db, signed, lang=lang))
    last = _long(lang, max(dates.values()))
    key = "same" if len(set(dates.values())) == 1 else "apart"
    place = record["place_of_signing"] or "Ciudad de México"
    assert WORDS[lang][key].format(place=place, d=last) in text, text[-1200:]
    for day in dates.values():
        assert WORDS[lang]["date"].format(d=_long(lang, day)) in text
    assert WORDS[lang]["blank"] not in text and WORDS[lang]["line"] not in text
