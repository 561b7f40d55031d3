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
    liaison = records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "liaison",
                                            "job_title": "Gestor de vinculación"}).id
    company = f.make_company(db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega")
    programme = f.make_programme(db, name="Mecatrónica")
    records.create(db, "rotation_plans", {"company_id": company, "programme_id": programme, "name": "Plan"},
                   accept_warnings=True)
    coordinator = records.create(db, "coordinators", {"name": "Lic. Karla Méndez",
                                                      "job_title": "Coordinadora de formación dual"}).id
    record_id = records.create(db, "collaborations", {
        "school_id": school, "company_id": company, "start_date": date(2026, 1, 10), "end_date": date(2028, 1, 9),
        "school_signatory_id": liaison, "coordinator_id": coordinator, "place_of_signing": "Querétaro"}).id
    return db, record_id


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_the_collaboration_agreement_prints_in_four_languages(collaboration, lang) -> None:  # type: ignore[no-untyped-def]
    db, record_id = collaboration
    reference = records.get(db, "collaborations", record_id)["reference"]
    reader = pypdf.PdfReader(io.BytesIO(collaboration_pdf(db, record_id, lang=lang)))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert TITLES[lang] in text and reference in text
    for party in ("CONALEP Querétaro II", "Frenos del Bajío", "Ing. Pablo Soto", "Ana Ruiz Ortega",
                  "Lic. Karla Méndez", "Mecatrónica", "Querétaro"):
        assert party in text, party
    t = i18n.translator(lang)
    assert t.format_date(date(2026, 1, 10), "long") in text and t.format_date(date(2028, 1, 9), "long") in text
    assert reader.metadata is not None and reference in str(reader.metadata.title)
    assert "Signatures" in text if lang == "en" else "Signatures" not in text  # every word in its language
