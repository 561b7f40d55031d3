"""Roles are enforced by the services: every kind of write for every role, and instructors' reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import assessments, attachments, records, settings, statistics, users
from vetdesk.services.uow import Actor

VIEWER = Actor("vera", "viewer")
OFFICER = Actor("olga", "officer")

WRITES = {
    "companies": lambda: {"name": "Nueva SA", "rfc": f.company_rfc(), "legal_representative": "Rep"},
    "schools": lambda: {"name": "CONALEP", "cct": f.cct()},
    "programmes": lambda: {"code": f"P{f._seq()}", "name": "Logística", "duration_months": 24},
    "apprentices": lambda: {"curp": f.curp_for(date(2000, 1, 2), "H"), "given_names": "Ana",
                            "first_surname": "Ruiz", "birth_date": "2000-01-02", "sex": "H"},
    "tutors": lambda: None,  # filled in the test (needs a school)
}


def _refused(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as exc:
        call()
    assert exc.value.problems[0].code.startswith("permission"), exc.value.problems
    assert exc.value.problems[0].message


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """Two instructors of one company, each with an active agreement of their own."""
    company = f.make_company(db)
    mine_ins = f.make_instructor(db, company_id=company)
    other_ins = f.make_instructor(db, company_id=company)
    start = date.today() - timedelta(days=60)
    programme = f.make_programme(db)
    mine = f.make_agreement(db, company_id=company, instructor_id=mine_ins, programme_id=programme,
                            start_date=start, end_date=start + timedelta(days=400))
    other = f.make_agreement(db, company_id=company, instructor_id=other_ins, programme_id=programme,
                             start_date=start, end_date=start + timedelta(days=400))
    f.activate(db, mine)
    f.activate(db, other)
    with db.writer() as s:
        from vetdesk.storage.models import Competency

        s.add(Competency(programme_id=programme, area="Área", code="C1", title="Medir", position=1))
        s.commit()
    return {"db": db, "company": company, "mine": mine, "other": other, "instructor": Actor("ivan", "instructor",
                                                                                                  mine_ins)}


@pytest.mark.parametrize("kind", sorted(WRITES))
@pytest.mark.parametrize("role", ["viewer", "instructor"])
def test_creating_any_record_is_refused_without_the_right(world, kind, role):
    db = world["db"]
    values = WRITES[kind]() or {"school_id": f.make_school(db), "name": "Mtra. Díaz"}
    actor = Actor("x", role, 1)
    before = records.count_records(db, "companies")
    _refused(lambda: records.create(db, kind, values, actor=actor, accept_warnings=True))
    assert records.count_records(db, "companies") == before
    assert records.create(db, kind, values, actor=OFFICER, accept_warnings=True).id


@pytest.mark.parametrize("role", ["viewer", "instructor"])
def test_changing_records_is_refused_without_the_right(world, role):
    db, actor = world["db"], Actor("x", role, 1)
    before = records.get(db, "companies", world["company"])
    _refused(lambda: records.update(db, "companies", world["company"], {"sector": "food"}, actor=actor))
    _refused(lambda: records.update(db, "agreements", world["mine"], {"notes": "x"}, actor=actor))
    _refused(lambda: attachments.attach(db, agreement_id=world["mine"], filename="a.pdf", content=b"%PDF-1.4",
                                        actor=actor))
    assert records.get(db, "companies", world["company"]) == before


@pytest.mark.parametrize("role", ["officer", "viewer", "instructor"])
def test_settings_and_users_are_for_administrators(world, role):
    db, actor = world["db"], Actor("x", role, 1)
    _refused(lambda: settings.save_office_settings(db, {"instructor_capacity": 5}, actor=actor))
    _refused(lambda: users.create_user(db, username="new", password="12345678", role="viewer", actor=actor))
    assert settings.office_settings(db)["instructor_capacity"] == 3


def test_viewer_reads_and_sees_statistics_but_cannot_assess(world):
    db = world["db"]
    assert records.list_records(db, "companies", actor=VIEWER)
    assert statistics.statistics(db, actor=VIEWER)
    _refused(lambda: assessments.record_assessment(db, agreement_id=world["mine"], competency_code="C1", level=3,
                                                   on=date.today() - timedelta(days=1), actor=VIEWER))


def test_instructor_sees_only_own_apprentices(world):
    db, me = world["db"], world["instructor"]
    mine = records.get(db, "agreements", world["mine"])
    other = records.get(db, "agreements", world["other"])
    assert [a["id"] for a in records.list_records(db, "agreements", actor=me)] == [world["mine"]]
    assert [a["id"] for a in records.list_records(db, "apprentices", actor=me)] == [mine["apprentice_id"]]
    assert records.list_ids(db, "apprentices", actor=me) == [mine["apprentice_id"]]
    assert records.count_records(db, "apprentices", actor=me) == 1
    names = records.display_names(db, "apprentices", [mine["apprentice_id"], other["apprentice_id"]], actor=me)
    assert names == {mine["apprentice_id"]: records.get(db, "apprentices", mine["apprentice_id"])["name"]}
    assert records.display_names(db, "agreements", [world["mine"]]) == {world["mine"]: mine["reference"]}
    both = records.ListQuery(search="garcia")  # both apprentices are García: the count keeps to the scope
    assert records.count_records(db, "apprentices", both) == 2
    assert records.count_records(db, "apprentices", both, actor=me) == 1
    assert set(records.get_many(db, "apprentices", [mine["apprentice_id"], other["apprentice_id"]], actor=me)) == {
        mine["apprentice_id"]}
    with pytest.raises(RuleViolation):
        records.get(db, "apprentices", other["apprentice_id"], actor=me)
    _refused(lambda: records.list_records(db, "companies", actor=me))


def test_instructor_assesses_and_gives_feedback_only_for_own_apprentices(world):
    db, me = world["db"], world["instructor"]
    yesterday = date.today() - timedelta(days=1)
    ok = assessments.record_assessment(db, agreement_id=world["mine"], competency_code="C1", level=3, on=yesterday,
                                       actor=me)
    assert ok.record["agreement_id"] == world["mine"]
    # Another instructor's agreement is outside the scope: for this instructor it does not exist.
    with pytest.raises(RuleViolation) as hidden:
        assessments.record_assessment(db, agreement_id=world["other"], competency_code="C1", level=3,
                                      on=yesterday, actor=me)
    assert hidden.value.problems[0].code in ("permission.scope", "ref.missing"), hidden.value.problems
    assert assessments.add_feedback(db, agreement_id=world["mine"], text="Bien", actor=me)
    with pytest.raises(RuleViolation) as hidden:
        assessments.add_feedback(db, agreement_id=world["other"], text="Bien", actor=me)
    assert hidden.value.problems[0].code in ("permission.scope", "ref.missing"), hidden.value.problems
    assert records.count_records(db, "assessments") == 1


def test_principal_of_the_handle_is_used(world):
    """A window or command signs in once; every service then works for that user."""
    db = world["db"].for_principal(VIEWER)
    _refused(lambda: records.create(db, "schools", {"name": "X", "cct": f.cct()}))
    assert records.list_records(db, "schools") == records.list_records(world["db"], "schools")


def test_cli_import_needs_the_right(world, cli, tmp_path, monkeypatch):
    db = world["db"]
    users.create_user(db, username="root", password="a good password", role="administrator")
    users.create_user(db, username="vera", password="a good password", role="viewer")
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    csv = tmp_path / "planteles.csv"
    csv.write_text("Nombre del plantel,CCT\nCONALEP Querétaro II,22DPT0004Q\n", encoding="utf-8")
    code, out, err = cli(db, "--user", "vera", "import", "schools", str(csv))
    assert code == 1 and "viewer" in err
    code, out, err = cli(db, "--user", "root", "import", "schools", str(csv))
    assert code == 0, err
