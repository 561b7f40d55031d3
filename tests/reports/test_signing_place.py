"""Issue 22 (re-trial): a learning agreement with a blank place of signing printed the office's city while its
school–company collaboration agreement followed another rule. One rule now (``domain.signing_place``). Trial 24b:
an office whose setting "Place of signing" says Ciudad de México got "Firmado en Querétaro" (the company's city)
and the courts of Querétaro on its contracts, while its certificates said Ciudad de México: the place typed, else
the office's place of signing, else the company's city (after its postal code), else its state."""

from __future__ import annotations

from sqlalchemy import update

from tests import factories as f
from tests.reports.conftest import make_world, pdf_text
from vetdesk.domain.signing_place import company_city, default_place_of_signing
from vetdesk.reports import render
from vetdesk.reports.collaboration import collaboration_pdf
from vetdesk.services import records
from vetdesk.storage.models import LearningAgreement


def test_the_default_place_is_the_offices_setting_then_the_companys_city_then_its_state() -> None:
    assert company_city("Av. Tecnológico 1500, Parque Industrial, 76120 Querétaro, Qro.") == "Querétaro"
    assert company_city("Blvd. Bernardo Quintana 4100, C.P. 76090, Santiago de Querétaro") == "Santiago de Querétaro"
    assert company_city("Av. Industria 10, Puebla") == ""
    place = default_place_of_signing
    assert place(" León ", company_address="… 76120 Querétaro, Qro.", company_state="Querétaro",
                 office_place="Ciudad de México") == "León"
    assert place(None, company_address="Av. 5 de Febrero 1510, 76130 Querétaro, Qro.", company_state="Querétaro",
                 office_place="Ciudad de México") == "Ciudad de México"
    assert place(None, company_address="Av. 5 de Febrero 1510, 76130 Querétaro, Qro.", company_state="Querétaro",
                 office_place=" ") == "Querétaro"
    assert place("", company_address="Av. Industria 10", company_state="Puebla", office_place=None) == "Puebla"
    assert place("", company_address="", company_state=None, office_place="Ciudad de México") == "Ciudad de México"
    assert place(None, company_address=None, company_state=None, office_place=None) == ""


def test_both_documents_of_a_company_left_blank_name_the_same_place(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    w = make_world(db, minor=False, positions=3, rated=False, status="draft")
    with db.writer() as session:
        session.execute(update(LearningAgreement).where(LearningAgreement.id == w.agreement_id)
                        .values(place_of_signing=None))
        session.commit()
    school = records.get(db, "agreements", w.agreement_id)["school_id"]
    company = records.get(db, "agreements", w.agreement_id)["company_id"]
    records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director"})
    [collaboration] = [c["id"] for c in records.list_records(db, "collaborations")
                       if c["company_id"] == company and c["school_id"] == school] or \
        [f.make_collaboration(db, school_id=school, company_id=company, active=False)]
    # The company is at "…, 76120 Querétaro, Qro."; the office's place of signing is Ciudad de México.
    agreement = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    cooperation = pdf_text(collaboration_pdf(db, collaboration, lang="es"))
    for text in (agreement, cooperation):
        assert "Firmado en Ciudad de México, el" in text, text[-600:]
        assert "Firmado en Querétaro" not in text
    assert "tribunales competentes de Ciudad de México" in agreement, agreement
    english = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="en"))
    assert "Signed in Ciudad de México on" in english and "competent courts of Ciudad de México" in english, english
    assert "Querétaro on" not in english and "courts of Querétaro" not in english


def test_the_place_typed_on_the_agreement_prints_in_the_contract_and_its_jurisdiction(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    w = make_world(db, minor=False, positions=3, rated=False, status="draft")
    records.update(db, "agreements", w.agreement_id, {"place_of_signing": "León"}, accept_warnings=True)
    for lang, signed, courts in (("es", "Firmado en León, el", "tribunales competentes de León"),
                                 ("en", "Signed in León on", "competent courts of León")):
        text = pdf_text(render.agreement_pdf(db, w.agreement_id, lang=lang))
        assert signed in text and courts in text, text
        assert "Ciudad de México on" not in text and "Firmado en Ciudad de México" not in text
