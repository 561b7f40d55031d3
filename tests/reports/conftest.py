"""A complete placement to print: company, school and tutor, programme with a catalogue, rotation plan,
an agreement with every clause filled, ratings over several months and feedback.

Records go in through the real services (``records.create``, the catalogue service), the learning positions,
rotation plan and position periods too; feedback has no create service in the record registry and is written
directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest

from tests import factories as f
from vetdesk.domain.dates import add_months
from vetdesk.services import catalogue, records
from vetdesk.storage.engine import Database
from vetdesk.storage.models import FeedbackNote

TODAY = date.today()
#: The agreement started about five months ago, so there are ratings over time.
START = add_months(TODAY.replace(day=1), -5)
END = add_months(START, 24) - timedelta(days=1)

LONG_COMPANY = ("Fabricación de Componentes Electromecánicos y Sistemas de Automatización Industrial del "
                "Bajío Guanajuatense, Sociedad Anónima Promotora de Inversión de Capital Variable")
LONG_GIVEN = "María Guadalupe Ximena Concepción"


@dataclass
class World:
    db: Database
    company_id: int
    school_id: int
    programme_id: int
    apprentice_id: int
    agreement_id: int
    reference: str
    curp: str
    rfc: str
    cct: str
    full_name: str
    positions: list[int]
    competency_ids: dict[str, int]


def make_world(db: Database, *, minor: bool = True, positions: int = 4, long_names: bool = False,
               templates: str = "mmfd", rated: bool = True, status: str = "active",
               scale: str = "four_levels") -> World:
    given = LONG_GIVEN if long_names else "José Ángel"
    company_name = LONG_COMPANY if long_names else "Schäfer Präzisionsteile de México S.A. de C.V."
    company_id = f.make_company(db, name=company_name, legal_representative="Jürgen Müller Peña",
                                address="Av. Tecnológico 1500, Parque Industrial, 76120 Querétaro, Qro.",
                                contact_name="Lucía Ortiz", contact_email="rh@schaefer.example.mx")
    school_id = f.make_school(db, name="CONALEP Plantel Querétaro II", address="Calle Ñandú 45, Querétaro",
                              liaison_name="Mtra. Sofía Ibáñez")
    tutor_id = records.create(db, "tutors", {"school_id": school_id, "name": "Ing. Raúl Domínguez"}).id
    programme_id = f.make_programme(db, name="Mecatrónica Industrial", duration_months=30,
                                    templates=templates, conocer_codes="EC0217.01")
    rows = [catalogue.CatalogueRow("Mantenimiento" if i % 2 else "Calidad", f"C-{i:02d}",
                                   f"Competencia técnica número {i}: opera y ajusta equipos con seguridad")
            for i in range(1, max(6, positions) + 2)]
    catalogue.save_catalogue(db, programme_id, rows)
    if scale != "four_levels":
        catalogue.set_scale(db, programme_id, scale)
    from sqlalchemy import select

    from vetdesk.storage.models import Competency

    with db.reader() as session:
        comp_ids = {code: cid for cid, code in session.execute(
            select(Competency.id, Competency.code).where(Competency.programme_id == programme_id))}
    birth = (START - timedelta(days=16 * 365 + 40)) if minor else date(START.year - 20, 3, 14)
    birth = birth.replace(day=min(birth.day, 28))
    apprentice_id = f.make_apprentice(db, birth_date=birth, sex="M" if long_names else "H",
                                      given_names=given, first_surname="Núñez", second_surname="Ibáñez",
                                      address="Calle Ñoño 12, Col. Centro, Querétaro",
                                      guardian=minor, school_id=school_id, semester=3, nss=f.nss(),
                                      **({"guardian_relation": "mother", "guardian_id_document": "INE 123456",
                                          "guardian_address": "Calle Ñoño 12, Col. Centro, Querétaro"}
                                         if minor else {}))
    instructor_id = f.make_instructor(db, company_id=company_id, name="Ing. Beatriz Köhler",
                                      job_title="Jefa de mantenimiento")
    pos_objs = []
    codes = sorted(comp_ids)
    # The plan fills the term but for two weeks, as the contract's annex must (domain.contract).
    total = ((END - START).days + 1) // 7 - 2
    weeks = [total // positions + (1 if i < total % positions else 0) for i in range(positions)]
    for i in range(positions):
        name = (f"Estación {i + 1}: ensamble, ajuste y puesta en marcha de líneas de producción automatizadas"
                if long_names else f"Estación {i + 1}")
        pos_objs.append(records.create(db, "positions", {
            "company_id": company_id, "name": name, "department": "Producción",
            "competency_ids": [comp_ids[codes[i % len(codes)]], comp_ids[codes[(i + 1) % len(codes)]]]},
            accept_warnings=True).id)
    plan_id = records.create(db, "rotation_plans", {
        "company_id": company_id, "programme_id": programme_id, "name": "Plan",
        "steps": [{"position_id": pid, "weeks": weeks[i]} for i, pid in enumerate(pos_objs)]},
        accept_warnings=True).id
    agreement_id = f.make_agreement(
        db, apprentice_id=apprentice_id, company_id=company_id, programme_id=programme_id,
        instructor_id=instructor_id, start_date=START, end_date=END, school_id=school_id, tutor_id=tutor_id,
        rotation_plan_id=plan_id, probation_months=3, modality_years=2, training_site="Planta Querétaro, nave 2",
        company_days=4, school_days=1, daily_hours="6", stipend_amount="4500.50", stipend_currency="MXN",
        stipend_payer="company", stipend_period="monthly", insurance_insurer="Seguros Atlas",
        insurance_policy="POL-778899", insurance_expiry=(END + timedelta(days=60)).isoformat(),
        stps_permit_number="STPS-QRO-2026-0042" if minor else None,
        stps_permit_date=(START - timedelta(days=10)).isoformat() if minor else None,
        holiday_days=30 if minor else 20, place_of_signing="Querétaro", stipend_steps="5000.00",
        overtime_compensation="none" if minor else "time_off", training_record_form="electronic")
    if status != "draft":
        f.activate(db, agreement_id)
    cursor = START
    # a draft's apprentice has trained at no position yet (its actual dates are refused: issue 22)
    for i, pid in enumerate(pos_objs[:2] if status != "draft" else []):
        stop = cursor + timedelta(weeks=6)
        records.create(db, "rotations", {"agreement_id": agreement_id, "position_id": pid, "actual_start": cursor,
                                         "actual_end": None if i == 1 else stop - timedelta(days=1)},
                       accept_warnings=True)
        cursor = stop
    with db.writer() as session:
        session.add(FeedbackNote(agreement_id=agreement_id, written_on=START + timedelta(days=40),
                                 author="Ing. Beatriz Köhler", author_role="instructor",
                                 text="Muy buena disposición; debe documentar mejor sus reportes semanales."))
        session.commit()
    if rated and status != "draft":
        for i, code in enumerate(sorted(comp_ids)[:4]):
            for month, level in ((1, 2), (3, 3 if i % 2 == 0 else 2)):
                records.create(db, "assessments", {
                    "agreement_id": agreement_id, "competency_id": comp_ids[code],
                    "assessed_on": (START + timedelta(days=30 * month + i)).isoformat(), "level": level,
                    "rater_role": "instructor"}, accept_warnings=True)
    if status == "completed":
        prove_all(db, agreement_id)
        records.update(db, "agreements", agreement_id, {"status": "completed"}, accept_warnings=True)
    record = records.get(db, "agreements", agreement_id)
    app = records.get(db, "apprentices", apprentice_id)
    comp = records.get(db, "companies", company_id)
    school = records.get(db, "schools", school_id)
    return World(db, company_id, school_id, programme_id, apprentice_id, agreement_id, record["reference"],
                 app["curp"], comp["rfc"], school["cct"], app["name"], pos_objs, comp_ids)


def prove_all(db: Database, agreement_id: int) -> None:
    """The instructor's final rating of every competency of the programme (a certificate needs them proven)."""
    from sqlalchemy import select

    from vetdesk.storage.models import Competency, LearningAgreement

    with db.reader() as session:
        programme_id = session.get(LearningAgreement, agreement_id).programme_id  # type: ignore[union-attr]
        ids = list(session.scalars(select(Competency.id).where(Competency.programme_id == programme_id)))
    on = min(TODAY, END) - timedelta(days=1)
    for cid in ids:
        records.create(db, "assessments", {"agreement_id": agreement_id, "competency_id": cid,
                                           "assessed_on": on.isoformat(), "level": 3, "rater_role": "instructor"},
                       accept_warnings=True)


def no_chamber_signatory(db: Database) -> None:
    """The office's settings name no one to sign for the chamber (the test databases name one: tests/conftest)."""
    from vetdesk.services.settings import save_office_settings

    save_office_settings(db, {"chamber_signatory": "", "chamber_signatory_title": ""})


def pdf_text(path: Path | bytes) -> str:
    """All extractable text of a PDF, whitespace folded to single spaces."""
    import io

    reader = pypdf.PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)
