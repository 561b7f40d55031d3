"""The school–company collaboration agreement as printed, read back in each of the four languages."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from tests import factories as f
from vetdesk import i18n
from vetdesk.reports.collaboration import collaboration_pdf
from vetdesk.services import records

TITLES = {"es": "Convenio de colaboración para la formación dual", "en": "Collaboration agreement for dual training",
          "de": "Kooperationsvereinbarung zur dualen Ausbildung", "pt": "Convênio de cooperação para a formação dual"}


@pytest.fixture
def collaboration(sqlite_db):  # type: ignore[no-untyped-def]
    db = sqlite_db
    school = f.make_school(db, name="CONALEP Querétaro II", address="Av. Universidad 250, Querétaro")
    records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "liaison",
                                  "job_title": "Gestor de vinculación"})
    director = records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director",
                                             "job_title": "Directora del plantel"}).id
    company = f.make_company(db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega")
    programme = f.make_programme(db, name="Mecatrónica")
    records.create(db, "rotation_plans", {"company_id": company, "programme_id": programme, "name": "Plan"},
                   accept_warnings=True)
    coordinator = records.create(db, "coordinators", {"name": "Lic. Karla Méndez",
                                                      "job_title": "Coordinadora de formación dual"}).id
    record_id = records.create(db, "collaborations", {
        "school_id": school, "company_id": company, "start_date": date(2026, 1, 10), "end_date": date(2028, 1, 9),
        "school_signatory_id": director, "coordinator_id": coordinator, "place_of_signing": "Querétaro"}).id
    return db, record_id


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_the_collaboration_agreement_prints_in_four_languages(collaboration, lang) -> None:  # type: ignore[no-untyped-def]
    db, record_id = collaboration
    reference = records.get(db, "collaborations", record_id)["reference"]
    reader = pypdf.PdfReader(io.BytesIO(collaboration_pdf(db, record_id, lang=lang)))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert TITLES[lang] in text and reference in text
    assert "Ing. Pablo Soto" not in text  # the liaison does not sign for the school: its director does
    for party in ("CONALEP Querétaro II", "Frenos del Bajío", "Mtra. Laura Campos", "Ana Ruiz Ortega",
                  "Lic. Karla Méndez", "Mecatrónica", "Querétaro"):
        assert party in text, party
    t = i18n.translator(lang)
    assert t.format_date(date(2026, 1, 10), "long") in text and t.format_date(date(2028, 1, 9), "long") in text
    assert reader.metadata is not None and reference in str(reader.metadata.title)
    assert "Signatures" in text if lang == "en" else "Signatures" not in text  # every word in its language


def test_the_school_signs_by_its_director_and_the_print_check_says_which_field_to_fill(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """Issue 22 (re-trial): the school's liaison was printed as the school's signer. The collaboration agreement
    binds the school, so its director (legal representative) signs; a liaison chosen, or no director recorded, is
    refused for signature naming the field to fill."""
    from vetdesk.domain.problems import RuleViolation

    db = sqlite_db
    school = f.make_school(db, name="CONALEP Querétaro II", address="Av. Universidad 250, Querétaro",
                           liaison_name="Ing. Pablo Soto")
    liaison = records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "liaison"}).id
    company = f.make_company(db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega")
    record_id = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    # No director recorded: the school's liaison is not put in the director's place.
    with pytest.raises(RuleViolation) as missing:
        collaboration_pdf(db, record_id, lang="en")
    [problem] = missing.value.errors
    assert problem.code == "contract.school_director" and problem.field == "school_signatory_id"
    assert "director" in problem.message and "Signs for the school" in problem.message
    assert "Role at the school" in problem.message
    # The liaison chosen to sign: refused, saying who signs.
    records.update(db, "collaborations", record_id, {"school_signatory_id": liaison})
    with pytest.raises(RuleViolation) as wrong:
        collaboration_pdf(db, record_id, lang="es")
    assert [p.code for p in wrong.value.errors] == ["contract.school_director"]
    assert "Ing. Pablo Soto" in wrong.value.errors[0].message and "director" in wrong.value.errors[0].message
    # The director recorded on the school's staff, no one chosen: the director signs.
    records.update(db, "collaborations", record_id, {"school_signatory_id": None})
    records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director",
                                  "job_title": "Directora del plantel"})
    text = " ".join((page.extract_text() or "") for page in pypdf.PdfReader(io.BytesIO(
        collaboration_pdf(db, record_id, lang="es"))).pages)
    assert "Mtra. Laura Campos" in text and "Directora del plantel" in text and "Ing. Pablo Soto" not in text


def test_a_signed_collaboration_agreement_reprints_as_a_copy(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """A trial's reprint of a signed collaboration agreement in force looked like a fresh one to sign (blank
    "signed in … on ____" and no mark), though its history called it a copy: it is a copy on every page, says
    when it was signed and (since it keeps the text printed for signature, issue 23) prints the words signed."""
    from tests import factories as f

    school, company = f.make_school(sqlite_db), f.make_company(sqlite_db)
    record_id = f.make_collaboration(sqlite_db, school_id=school, company_id=company)  # signed and in force
    signed = records.get(sqlite_db, "collaborations", record_id)["chamber_signed_on"]
    reader = pypdf.PdfReader(io.BytesIO(collaboration_pdf(sqlite_db, record_id, lang="en")))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    day = i18n.translator("en").format_date(signed, "medium")
    assert all(f"Copy — signed on {day}" in page for page in pages), pages[0][-300:]
    assert "Copy of the agreement signed on" in pages[0] and "It is not a document to sign." in pages[0]
    assert "not the text signed" not in pages[0]  # its kept text: the one signed
    draft = f.make_collaboration(sqlite_db, school_id=f.make_school(sqlite_db), company_id=company, active=False)
    records.create(sqlite_db, "tutors", {"school_id": records.get(sqlite_db, "collaborations", draft)["school_id"],
                                         "name": "Mtra. Laura Campos", "role": "director"})
    text = " ".join((p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(
        collaboration_pdf(sqlite_db, draft, lang="en"))).pages)
    assert "Copy" not in text  # one going out for signature is no copy
