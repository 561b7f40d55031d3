"""An office sets up its own training through the services: programmes and their catalogue, learning positions,
rotation plans in versions, the apprentice's rotation, school staff, coordinators and collaboration agreements,
and every rule the issue names, refusing or warning with its message in English and Spanish."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from tests import factories as f
from vetdesk import i18n
from vetdesk.domain import training as T
from vetdesk.domain.dates import add_months
from vetdesk.domain.problems import RuleViolation, WarningsNotAccepted
from vetdesk.services import catalogue, records, training
from vetdesk.services.settings import save_office_settings
from vetdesk.storage.models import AuditEntry

TODAY = date.today()
START = TODAY - timedelta(days=60)


def catalogue_file(path: Path, n: int = 12) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["area", "code", "title", "description", "conocer_code", "kind"])
    for i in range(1, n + 1):
        ws.append(["Mantenimiento" if i <= n // 2 else "Calidad", f"MEC-{i:02d}", f"Competencia {i}",
                   f"Descripción {i}", "EC0217.01" if i == 1 else None, "technical" if i < n else "socioemotional"])
    wb.save(path)
    return path


class Office:
    """A programme of 12 competencies, a company with four positions and a plan teaching all of them, a school
    with a tutor and a liaison, a coordinator, and an active collaboration agreement."""

    def __init__(self, db, tmp_path: Path, *, collaboration: bool = True) -> None:  # type: ignore[no-untyped-def]
        self.db = db
        self.programme = f.make_programme(db, code="MECA", name="Mecatrónica", duration_months=24)
        catalogue.import_catalogue(db, self.programme, catalogue_file(tmp_path / "catalogo.xlsx"))
        self.competencies = [c["id"] for c in records.get(db, "programmes", self.programme)["competencies"]]
        self.company = f.make_company(db, name="Frenos del Bajío")
        self.instructor = f.make_instructor(db, company_id=self.company, name="Luis Herrera")
        self.positions = [records.create(db, "positions", {
            "company_id": self.company, "name": name, "instructor_id": self.instructor,
            "competency_ids": self.competencies[i * 3:i * 3 + 3]}).id
            for i, name in enumerate(("Almacén", "Taller", "Calidad", "Ensamble"))]
        self.plan = records.create(db, "rotation_plans", {
            "company_id": self.company, "programme_id": self.programme, "name": "Plan MECA",
            "steps": [{"position_id": p, "weeks": 13} for p in self.positions]}).id
        self.school = f.make_school(db, name="CONALEP Querétaro II")
        self.tutor = records.create(db, "tutors", {"school_id": self.school, "name": "Mtra. Elena Ruiz",
                                                    "role": "tutor"}).id
        self.liaison = records.create(db, "tutors", {"school_id": self.school, "name": "Ing. Pablo Soto",
                                                      "role": "liaison", "job_title": "Gestor de vinculación"}).id
        self.coordinator = records.create(db, "coordinators", {"name": "Lic. Karla Méndez"}).id
        self.collaboration = f.make_collaboration(
            db, school_id=self.school, company_id=self.company, start_date=START - timedelta(days=30),
            active=collaboration, school_signatory_id=self.liaison, coordinator_id=self.coordinator)

    def agreement_values(self, **overrides: object) -> dict[str, object]:
        """A year's agreement (a day over the plan's 52 weeks) with every party and the plan."""
        values: dict[str, object] = {
            "company_id": self.company, "programme_id": self.programme, "instructor_id": self.instructor,
            "start_date": START, "end_date": add_months(START, 12) - timedelta(days=1), "school_id": self.school,
            "tutor_id": self.tutor, "rotation_plan_id": self.plan}
        values |= overrides
        return f.agreement_values(self.db, **values)  # type: ignore[arg-type]

    def printed_agreement(self, **overrides: object) -> int:
        """An agreement as :meth:`agreement_values`, printed for signature: its apprentice's time at each position
        may be recorded (a draft's is refused)."""
        agreement = records.create(self.db, "agreements", self.agreement_values(**overrides), accept_warnings=True).id
        records.update(self.db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
        return agreement


@pytest.fixture
def office(db, tmp_path):  # type: ignore[no-untyped-def]
    return Office(db, tmp_path)


def _codes(problems: list) -> set[str]:  # type: ignore[type-arg]
    return {p.code for p in problems}


def _spanish(call):  # type: ignore[no-untyped-def]
    """The refusal of ``call`` as a Spanish-speaking officer reads it."""
    i18n.set_language("es")
    try:
        with pytest.raises(RuleViolation) as refused:
            call()
        return refused.value
    finally:
        i18n.set_language("en")


# -- the set-up itself -----------------------------------------------------------------------------------

def test_an_office_sets_up_its_training_from_an_empty_database(office: Office) -> None:
    db = office.db
    assert len(office.competencies) == 12
    plan = records.get(db, "rotation_plans", office.plan)
    assert [s["position_id"] for s in plan["steps"]] == office.positions
    assert plan["plan_version"] == 1 and plan["total_weeks"] == 52
    assert records.get(db, "positions", office.positions[0])["competency_ids"] == office.competencies[:3]
    collaboration = records.get(db, "collaborations", office.collaboration)
    assert collaboration["status"] == "active" and collaboration["reference"].startswith("CC-")
    agreement = records.create(db, "agreements", office.agreement_values()).id  # no warning: every rule holds
    rotation = training.agreement_rotation(db, agreement)
    assert [line.row.name for line in rotation] == ["Almacén", "Taller", "Calidad", "Ensamble"]
    assert rotation[1].row.planned_start == START + timedelta(weeks=13)
    with db.reader() as session:
        kinds = {(e.kind, e.action) for e in session.scalars(select(AuditEntry))}
    assert {("competencies", "create"), ("positions", "create"), ("rotation_plans", "create"),
            ("tutors", "create"), ("coordinators", "create"), ("collaborations", "create"),
            ("collaborations", "status")} <= kinds


def test_the_rotation_moves_when_training_moves(office: Office) -> None:
    db = office.db
    agreement = office.printed_agreement()
    late = START + timedelta(weeks=13, days=10)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": START, "actual_end": late - timedelta(days=1)},
                   accept_warnings=True)  # START lies ahead: dates still to come are warned of
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[1],
                                     "actual_start": late}, accept_warnings=True)
    rows = [line.row for line in training.agreement_rotation(db, agreement)]
    assert rows[0].actual_end == late - timedelta(days=1)
    assert rows[1].planned_start == START + timedelta(weeks=13)  # the plan (the signed annex) stays as signed
    assert T.expected_start(rows[1]) == late  # expected right after the first position really ended
    assert T.expected_start(rows[2]) == late + timedelta(weeks=13)  # and the rest follow
    shown = records.get(db, "agreements", agreement)["rotation"]
    assert shown[1]["actual_start"] == late and shown[2]["planned_start"] == START + timedelta(weeks=26)


def test_a_plan_in_use_is_versioned_not_edited(office: Office) -> None:
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    records.update(db, "rotation_plans", office.plan, {"name": "Plan MECA"})  # a draft uses it: still editable
    db.print_for_signature([agreement])
    shorter = [{"position_id": p, "weeks": 10} for p in office.positions]
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "rotation_plans", office.plan, {"steps": shorter})
    assert _codes(refused.value.problems) == {"plan.in_use"}
    reference = records.get(db, "agreements", agreement)["reference"]
    assert reference in refused.value.problems[0].message and "new version" in refused.value.problems[0].message
    es = _spanish(lambda: records.update(db, "rotation_plans", office.plan, {"steps": shorter}))
    assert "Cree una nueva versión del plan" in es.problems[0].message
    new = training.new_plan_version(db, office.plan, valid_from=TODAY)
    assert new.record["plan_version"] == 2 and new.record["previous_id"] == office.plan
    assert new.record["steps"] == records.get(db, "rotation_plans", office.plan)["steps"]
    assert records.get(db, "rotation_plans", office.plan)["valid_until"] == TODAY - timedelta(days=1)
    records.update(db, "rotation_plans", new.id, {"steps": shorter}, accept_warnings=True)  # the new one changes
    assert records.get(db, "agreements", agreement)["rotation_plan_id"] == office.plan  # the agreement keeps v1
    with db.reader() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.operation == "New version of a rotation "
                                                                                    "plan")).all()
    assert {(e.kind, e.record_id, e.action) for e in entries} == {("rotation_plans", new.id, "create"),
                                                                  ("rotation_plans", office.plan, "update")}
    # A new agreement starting after version 1 ended is told to take the current version (it was silent).
    from vetdesk.domain.problems import WarningsNotAccepted

    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "agreements", office.agreement_values(start_date=TODAY + timedelta(days=30),
                                                                 end_date=TODAY + timedelta(days=30 + 363)))
    [superseded] = [p for p in warned.value.problems if p.code == "plan.superseded"]
    assert "(version 2)" in superseded.message and superseded.field == "rotation_plan_id"


def test_a_position_of_a_plan_in_use_keeps_its_name_and_competencies(office: Office) -> None:
    """Editing a position must not change the annex of an agreement printed before vetdesk kept what it printed
    (``printed_annex``, migration 0027) from under it: its name and competencies stay; what does not print (the
    department, the description) may change."""
    from sqlalchemy import update

    from vetdesk.storage.models import LearningAgreement

    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    almacen = office.positions[0]
    records.update(db, "positions", almacen, {"name": "Almacén central"})  # only a draft uses it: editable
    db.print_for_signature([agreement])
    with db.writer() as session:  # printed before the annex was kept
        session.execute(update(LearningAgreement).where(LearningAgreement.id == agreement)
                        .values(printed_annex=None))
        session.commit()
    fewer = office.competencies[1:3]
    for change in ({"name": "Almacén general"}, {"competency_ids": fewer}):
        with pytest.raises(RuleViolation) as refused:
            records.update(db, "positions", almacen, change)
        assert _codes(refused.value.problems) == {"position.in_use"}
        assert records.get(db, "agreements", agreement)["reference"] in refused.value.problems[0].message
    stored = records.get(db, "positions", almacen)
    assert stored["name"] == "Almacén central" and sorted(stored["competency_ids"]) == office.competencies[0:3]
    records.update(db, "positions", almacen, {"department": "Logística", "competency_ids": office.competencies[0:3]})
    assert records.get(db, "positions", almacen)["department"] == "Logística"
    es = _spanish(lambda: records.update(db, "positions", almacen, {"name": "Almacén general"}))
    assert "nueva versión del plan" in es.problems[0].message


def test_a_position_of_an_agreement_with_its_kept_annex_may_be_renamed(office: Office) -> None:
    """An agreement printed since vetdesk keeps its annex holds what it printed: the company renames a position
    or changes what is learned there, and the agreement's annex still says what was printed."""
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    almacen = office.positions[0]
    db.print_for_signature([agreement])
    printed = records.get(db, "positions", almacen)["name"]
    records.update(db, "positions", almacen, {"name": "Logística de entrada"})
    records.update(db, "positions", almacen, {"competency_ids": office.competencies[1:3]})
    assert records.get(db, "positions", almacen)["name"] == "Logística de entrada"
    from vetdesk.services import documents

    doc = documents.agreement_document(db, agreement)
    assert [p.name for p in doc.positions][0] == printed
    assert [c.id for c in doc.positions[0].competencies] == office.competencies[0:3]


def test_competencies_in_use_are_retired_not_rated(office: Office) -> None:
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    f.activate(db, agreement)
    first = office.competencies[0]
    records.create(db, "assessments", {"agreement_id": agreement, "competency_id": first, "level": 3,
                                       "assessed_on": TODAY - timedelta(days=5)})
    records.update(db, "competencies", first, {"retired_on": TODAY - timedelta(days=1)})
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "assessments", {"agreement_id": agreement, "competency_id": first, "level": 4,
                                           "assessed_on": TODAY})
    assert _codes(refused.value.problems) == {"assessment.retired"}
    assert records.count_records(db, "assessments") == 1  # the earlier rating stays
    coverage = training.coverage(db, office.programme)
    assert first not in {r.competency_id for r in coverage.rows}  # no longer taught or counted


# -- the rules, each with its message ----------------------------------------------------------------------

def test_an_agreement_needs_an_active_collaboration_agreement(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path, collaboration=False)  # a draft collaboration agreement only
    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "agreements", office.agreement_values())
    assert _codes(warned.value.problems) == {"agreement.collaboration"}
    # The draft collaboration agreement is named, with its parties and its status (issue 22's re-trial).
    assert "between CONALEP Querétaro II and Frenos del Bajío is draft, not yet in force" in \
        warned.value.problems[0].message
    save_office_settings(db, {"collaboration_rule": "error"})
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "agreements", office.agreement_values(), accept_warnings=True)
    assert refused.value.errors and _codes(refused.value.errors) == {"agreement.collaboration"}
    es = _spanish(lambda: records.create(db, "agreements", office.agreement_values(), accept_warnings=True))
    assert "entre CONALEP Querétaro II y Frenos del Bajío está en estado borrador, aún no vigente" in \
        es.problems[0].message
    save_office_settings(db, {"collaboration_rule": "off"})
    assert records.create(db, "agreements", office.agreement_values()).warnings == []


def test_the_plan_s_weeks_cover_the_term_within_the_office_s_tolerance(office: Office) -> None:
    db = office.db
    end = START + timedelta(weeks=58) - timedelta(days=1)  # 58 weeks against a plan of 52
    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "agreements", office.agreement_values(end_date=end))
    assert _codes(warned.value.problems) == {"plan.term"}
    assert "lasts 52 weeks but the agreement runs 58 weeks" in warned.value.problems[0].message
    save_office_settings(db, {"plan_term_tolerance_weeks": 6})
    assert records.create(db, "agreements", office.agreement_values(end_date=end)).warnings == []
    save_office_settings(db, {"plan_term_tolerance_weeks": 2, "plan_term_rule": "error"})
    es = _spanish(lambda: records.create(db, "agreements", office.agreement_values(end_date=end),
                                         accept_warnings=True))
    assert "El plan de rotación dura 52 semanas, pero el convenio dura 58 semanas" in es.problems[0].message


def test_the_plan_s_positions_cover_every_competency_and_name_the_missing(office: Office) -> None:
    db = office.db
    # Ensamble (MEC-10..12) left out, the weeks still those of a year.
    steps = [{"position_id": p, "weeks": w} for p, w in zip(office.positions[:3], (17, 17, 18), strict=True)]
    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "rotation_plans", {"company_id": office.company, "programme_id": office.programme,
                                              "name": "Plan corto", "steps": steps})
    assert _codes(warned.value.problems) == {"plan.coverage"}
    assert "do not teach 3 competencies of the programme: MEC-10, MEC-11, MEC-12" in warned.value.problems[0].message
    short = records.create(db, "rotation_plans", {"company_id": office.company, "programme_id": office.programme,
                                                  "name": "Plan corto", "steps": steps}, accept_warnings=True).id
    with pytest.raises(WarningsNotAccepted) as again:  # and on the agreement drawn up with it
        records.create(db, "agreements", office.agreement_values(rotation_plan_id=short))
    assert _codes(again.value.problems) == {"plan.coverage"}
    save_office_settings(db, {"plan_coverage_rule": "error"})
    es = _spanish(lambda: records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Otro", "steps": steps}))
    assert "no enseñan 3 competencias de la carrera: MEC-10, MEC-11, MEC-12" in es.problems[0].message


def test_a_position_s_instructor_and_a_plan_s_positions_belong_to_the_company(office: Office) -> None:
    db = office.db
    other = f.make_company(db, name="Vidrios del Bajío")
    stranger = f.make_instructor(db, company_id=other, name="Ana Torres")
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "positions", {"company_id": office.company, "name": "Pintura", "instructor_id": stranger})
    assert _codes(refused.value.problems) == {"position.instructor"}
    assert "works for another company" in refused.value.problems[0].message
    es = _spanish(lambda: records.create(db, "positions", {"company_id": office.company, "name": "Pintura",
                                                           "instructor_id": stranger}))
    assert "El instructor responsable trabaja en otra empresa" in es.problems[0].message
    foreign = records.create(db, "positions", {"company_id": other, "name": "Horno"}).id
    with pytest.raises(RuleViolation) as mixed:
        records.create(db, "rotation_plans", {"company_id": office.company, "programme_id": office.programme,
                                              "name": "Mezcla", "steps": [{"position_id": foreign, "weeks": 8}]})
    assert "plan.position_company" in _codes(mixed.value.problems)
    es = _spanish(lambda: records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Mezcla",
        "steps": [{"position_id": foreign, "weeks": 8}]}))
    assert "pertenece a otra empresa" in es.problems[0].message


def test_a_plan_belongs_to_the_agreement_s_company_and_programme(office: Office) -> None:
    db = office.db
    other = f.make_company(db)
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "agreements", office.agreement_values(company_id=other, instructor_id=None),
                       accept_warnings=True)
    assert "plan.mismatch" in _codes(refused.value.errors)
    es = _spanish(lambda: records.create(db, "agreements", office.agreement_values(company_id=other,
                                                                                   instructor_id=None),
                                         accept_warnings=True))
    assert any("plan de rotación pertenece a otra empresa" in p.message for p in es.problems)


def test_actual_dates_lie_inside_the_agreement_and_do_not_overlap(office: Office) -> None:
    db = office.db
    agreement = office.printed_agreement()
    first, second = office.positions[:2]
    with pytest.raises(RuleViolation) as outside:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": first,
                                         "actual_start": START - timedelta(days=3)})
    assert _codes(outside.value.problems) == {"rotation.outside"}
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": first, "actual_start": START,
                                     "actual_end": START + timedelta(weeks=13, days=-1)}, accept_warnings=True)
    with pytest.raises(RuleViolation) as overlap:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": second,
                                         "actual_start": START + timedelta(weeks=12)})
    assert _codes(overlap.value.errors) == {"rotation.overlap"}  # beside a day still to come, said at once
    assert "overlap the time recorded at Almacén" in overlap.value.errors[0].message
    es = _spanish(lambda: records.create(db, "rotations", {"agreement_id": agreement, "position_id": second,
                                                           "actual_start": START + timedelta(weeks=12)}))
    assert "se traslapan con el tiempo registrado en Almacén" in es.errors[0].message
    with pytest.raises(RuleViolation) as backwards:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": second,
                                         "actual_start": START + timedelta(weeks=20),
                                         "actual_end": START + timedelta(weeks=14)})
    assert _codes(backwards.value.errors) == {"rotation.order"}
    elsewhere = records.create(db, "positions", {"company_id": office.company, "name": "Oficina"}).id
    with pytest.raises(RuleViolation) as not_planned:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": elsewhere,
                                         "actual_start": START + timedelta(weeks=14)})
    assert _codes(not_planned.value.errors) == {"rotation.position"}


def test_a_collaboration_agreement_s_life_cycle(office: Office) -> None:
    db = office.db
    with pytest.raises(RuleViolation) as twice:
        records.create(db, "collaborations", {"school_id": office.school, "company_id": office.company,
                                              "start_date": TODAY})
    assert _codes(twice.value.problems) == {"collaboration.duplicate"}
    es = _spanish(lambda: records.create(db, "collaborations", {"school_id": office.school,
                                                                "company_id": office.company, "start_date": TODAY}))
    assert "ya tienen un convenio de colaboración que no ha terminado" in es.problems[0].message
    other_school = f.make_school(db)
    stranger = records.create(db, "tutors", {"school_id": other_school, "name": "Otro"}).id
    with pytest.raises(RuleViolation) as signatory:
        records.create(db, "collaborations", {"school_id": other_school, "company_id": office.company,
                                              "start_date": TODAY, "school_signatory_id": office.liaison})
    assert _codes(signatory.value.problems) == {"collaboration.signatory"}
    new = records.create(db, "collaborations", {"school_id": other_school, "company_id": office.company,
                                                "start_date": TODAY, "school_signatory_id": stranger}).id
    records.update(db, "collaborations", new, {"status": "printed"})
    with pytest.raises(RuleViolation) as locked:
        records.update(db, "collaborations", new, {"start_date": TODAY + timedelta(days=3)})
    assert _codes(locked.value.problems) == {"collaboration.locked"}
    with pytest.raises(RuleViolation) as unsigned:
        records.update(db, "collaborations", new, {"status": "signed", "school_signed_on": TODAY})
    assert _codes(unsigned.value.problems) == {"collaboration.signatures"}
    assert "missing for the company, for the chamber." in unsigned.value.problems[0].message
    with pytest.raises(RuleViolation) as jump:
        records.update(db, "collaborations", new, {"status": "active"})
    assert _codes(jump.value.problems) == {"collaboration.transition"}
    signed = records.update(db, "collaborations", new, {"status": "signed", "school_signed_on": TODAY,
                                                        "company_signed_on": TODAY, "chamber_signed_on": TODAY})
    assert signed.changes.label == "Sign collaboration agreement"  # named as the window's button names it
    active = records.update(db, "collaborations", new, {"status": "active"}).record
    assert active["activated_on"] == TODAY
    ended = records.update(db, "collaborations", new, {"status": "ended", "end_reason": "Cierre del plantel"},
                           accept_warnings=True).record
    assert ended["ended_on"] == TODAY


def test_a_collaboration_agreement_s_dates_agree_with_its_life_cycle(office: Office) -> None:
    """As a learning agreement's: no signature on a draft, none before printing or in the future, and not in
    force before the last party signed."""
    db = office.db
    other = f.make_company(db, name="Moldes del Centro")
    collab = records.create(db, "collaborations", {"school_id": office.school, "company_id": other,
                                                   "start_date": TODAY.isoformat()}).id
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "collaborations", collab, {"school_signed_on": TODAY.isoformat()})
    assert _codes(refused.value.problems) == {"collaboration.signed_draft"}
    records.update(db, "collaborations", collab, {"status": "printed"})
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "collaborations", collab, {"school_signed_on": (TODAY - timedelta(days=1)).isoformat()})
    assert _codes(refused.value.problems) == {"collaboration.before_print"}
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "collaborations", collab, {"company_signed_on": (TODAY + timedelta(days=1)).isoformat()})
    assert _codes(refused.value.problems) == {"collaboration.future"}
    signed = {n: TODAY.isoformat() for n in ("school_signed_on", "company_signed_on", "chamber_signed_on")}
    records.update(db, "collaborations", collab, {"status": "signed", **signed})
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "collaborations", collab, {"status": "active",
                                                      "activated_on": (TODAY - timedelta(days=30)).isoformat()})
    assert _codes(refused.value.problems) == {"collaboration.force_before_signed"}
    es = _spanish(lambda: records.update(db, "collaborations", collab, {
        "status": "active", "activated_on": (TODAY - timedelta(days=30)).isoformat()}))
    assert "antes de que firmara" in es.problems[0].message
    records.update(db, "collaborations", collab, {"status": "active", "activated_on": TODAY.isoformat()})
    assert records.get(db, "collaborations", collab)["status"] == "active"


def test_a_scanned_copy_is_attached_to_the_collaboration_agreement(office: Office) -> None:
    from vetdesk.services import attachments

    db = office.db
    attachment = attachments.attach(db, collaboration_id=office.collaboration, filename="convenio.pdf",
                                    content=b"%PDF-1.4 scan")
    assert [a["id"] for a in attachments.list_attachments(db, collaboration_id=office.collaboration)] == [attachment]
    assert attachments.read_attachment(db, attachment)[2] == b"%PDF-1.4 scan"
    history = records.history(db, "collaborations", office.collaboration)
    assert history[-1]["action"] == "attach"
    # A file that is not what its name says (found by a new user's trial: a 1-byte "fake.pdf" was taken as
    # the signed copy) is refused naming it, and nothing is stored.
    for name, content in (("fake.pdf", b"x"), ("foto.jpg", b"%PDF-1.4 a pdf named as a photo"),
                          ("scan.png", b"\xff\xd8\xff\xe0 a jpeg named as png")):
        with pytest.raises(RuleViolation) as refused:
            attachments.attach(db, collaboration_id=office.collaboration, filename=name, content=content)
        assert refused.value.problems[0].code == "attachment.content"
        assert name in refused.value.problems[0].message
    assert len(attachments.list_attachments(db, collaboration_id=office.collaboration)) == 1
    photo = attachments.attach(db, collaboration_id=office.collaboration, filename="firmas.jpg",
                               content=b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert photo > attachment


def test_coverage_shows_where_each_company_teaches_and_exports(office: Office, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = office.db
    other = f.make_company(db, name="Autopartes Puebla")
    lonely = records.create(db, "positions", {"company_id": other, "name": "Línea 1",
                                              "competency_ids": office.competencies[:6]}).id
    records.create(db, "rotation_plans", {"company_id": other, "programme_id": office.programme, "name": "Plan AP",
                                          "steps": [{"position_id": lonely, "weeks": 52}]}, accept_warnings=True)
    cov = training.coverage(db, office.programme)
    assert [p.company for p in cov.plans] == ["Autopartes Puebla", "Frenos del Bajío"]
    first_plan = cov.plans[0].plan_id
    assert [r.code for r in cov.missing(first_plan)] == [f"MEC-{i:02d}" for i in range(7, 13)]
    assert cov.rows[0].taught_at == {first_plan: ("Línea 1",), office.plan: ("Almacén",)}
    written = tmp_path / "cobertura.xlsx"
    assert training.export_coverage(db, office.programme, written) == 12
    ws = load_workbook(written).worksheets[0]
    assert ws["D1"].value == "Autopartes Puebla: Plan AP (version 1)"
    assert [ws.cell(row=r, column=4).value for r in (2, 8)] == ["Línea 1", None]  # MEC-07 is a gap


def test_an_instructor_sees_only_their_own_companys_plans_in_the_coverage(office: Office) -> None:
    """The coverage of a programme follows the plans' scope: another company's plan is not a column for an
    instructor (it is for an officer)."""
    from vetdesk.services.uow import Actor

    db = office.db
    other = f.make_company(db, name="Plásticos del Norte")
    position = records.create(db, "positions", {"company_id": other, "name": "Inyección",
                                                "competency_ids": office.competencies[:2]}).id
    records.create(db, "rotation_plans", {"company_id": other, "programme_id": office.programme,
                                          "name": "Plan PN", "steps": [{"position_id": position, "weeks": 52}]},
                   accept_warnings=True)
    assert {p.company for p in training.coverage(db, office.programme).plans} == {"Plásticos del Norte",
                                                                                  "Frenos del Bajío"}
    theirs = db.as_user(Actor("luis", "instructor", office.instructor))
    shown = training.coverage(theirs, office.programme)
    assert [p.company for p in shown.plans] == ["Frenos del Bajío"]
    assert all(set(r.taught_at) == {office.plan} for r in shown.rows)


def test_vetdesk_check_finds_what_the_set_up_rules_say_with_their_messages(office: Office) -> None:
    """``vetdesk check`` judges the set-up as saving does: a plan that leaves competencies untaught (named) and
    does not fit the agreement's term, a position whose instructor moved to another company, actual dates that
    overlap (as an old import could have left them); an office that switches a rule off sees nothing of it."""
    from sqlalchemy import insert, update

    from vetdesk.services.checks import check_database
    from vetdesk.storage.models import Instructor, PositionPeriod

    db = office.db
    clean = records.create(db, "agreements", office.agreement_values()).id
    assert not [x for x in check_database(db) if x.kind in ("positions", "rotation_plans", "rotations")
                or x.problem.code.startswith("plan.")]
    short = records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Plan corto",
        "steps": [{"position_id": p, "weeks": 10} for p in office.positions[:3]]}, accept_warnings=True).id
    apprentice = f.make_apprentice(db)
    agreement = records.create(db, "agreements", office.agreement_values(
        rotation_plan_id=short, apprentice_id=apprentice), accept_warnings=True).id
    other = f.make_company(db, name="Vidrios del Bajío")
    with db.writer() as s:  # as an old import or a hand edit could have left them
        s.execute(update(Instructor).where(Instructor.id == office.instructor).values(company_id=other))
        s.execute(insert(PositionPeriod), [
            {"agreement_id": clean, "position_id": office.positions[0], "actual_start": START,
             "actual_end": START + timedelta(weeks=13)},
            {"agreement_id": clean, "position_id": office.positions[1], "actual_start": START + timedelta(weeks=12)}])
        s.commit()
    found = {(x.kind, x.record_id, x.problem.code): x.problem for x in check_database(db)}
    coverage = found[("agreements", agreement, "plan.coverage")]
    assert "do not teach 3 competencies of the programme: MEC-10, MEC-11, MEC-12" in coverage.message
    assert not coverage.is_error and ("rotation_plans", short, "plan.coverage") in found
    # a draft: its plan's shortfall said once, as printing it would refuse it (not also saving's warning)
    assert "plans 30 weeks of the 52 weeks" in found[("agreements", agreement, "contract.plan_short")].message
    assert ("agreements", agreement, "plan.term") not in found
    assert ("agreements", clean, "plan.coverage") not in found
    assert {("positions", p, "position.instructor") for p in office.positions} <= set(found)
    assert any(k[0] == "rotations" and k[2] == "rotation.overlap" for k in found)
    i18n.set_language("es")
    try:
        spanish = {x.problem.code: x.problem.message for x in check_database(db)
                   if x.kind == "agreements" and x.record_id == agreement}
    finally:
        i18n.set_language("en")
    assert "no enseñan 3 competencias de la carrera: MEC-10, MEC-11, MEC-12" in spanish["plan.coverage"]
    save_office_settings(db, {"plan_coverage_rule": "off", "plan_term_rule": "off"})
    assert not [x for x in check_database(db) if x.problem.code in ("plan.coverage", "plan.term")]


def test_a_catalogue_cell_holding_a_formula_is_refused_on_its_row(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A formula in the competency catalogue (a code built with =CONCAT…) is named on its row and column with the
    formula, not read as the empty or stale value a program cached; nothing is written."""
    programme = f.make_programme(db, code="MECA")
    path = catalogue_file(tmp_path / "catalogo.xlsx", n=3)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["B3"] = '=CONCAT("MEC-","02")'
    wb.save(path)
    with pytest.raises(RuleViolation) as refused:
        catalogue.import_catalogue(db, programme, path)
    (problem,) = [p for p in refused.value.problems if p.code == "cell.formula"]
    assert problem.message.startswith("Row 3, column code: The cell holds a formula (=CONCAT(\"MEC-\",\"02\"))")
    assert records.get(db, "programmes", programme)["competencies"] == []


def test_a_collaboration_agreement_for_signature_names_its_parties_completely(office: Office) -> None:
    """As the learning agreement does (found by a new user's trial: the collaboration agreement printed the
    company's address as "not recorded"): refused before any file is written, naming what to record."""
    from vetdesk.services import documents

    db = office.db
    company = f.make_company(db, address="", legal_representative="")
    draft = records.create(db, "collaborations", {
        "school_id": records.get(db, "collaborations", office.collaboration)["school_id"], "company_id": company,
        "start_date": START, "end_date": START + timedelta(days=700)}, accept_warnings=True).id
    with pytest.raises(RuleViolation) as refused:
        documents.collaboration_document(db, draft)
    assert [p.code for p in refused.value.problems][:2] == ["contract.representative", "contract.company_address"]
    assert refused.value.problems[0].message.startswith("Collaboration agreement ")
    assert "Record it on the company (Address)." in refused.value.problems[1].message
