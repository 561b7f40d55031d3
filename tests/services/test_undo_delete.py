"""Ctrl+Z after a delete brings the record back with its old id and what is its own (a plan's steps, a
position's competencies), audited; a name taken meanwhile refuses it and writes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records, undo
from vetdesk.services.actors import Actor
from vetdesk.services.uow import reading
from vetdesk.storage.models import AuditEntry


def _officer(db):  # type: ignore[no-untyped-def]
    return db.for_principal(Actor(username="olga", role="officer"))


def test_a_deleted_plan_comes_back_with_its_id_and_steps(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    company, programme = f.make_company(db), f.make_programme(db)
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=52, positions=3)
    kept = records.get(db, "rotation_plans", plan)
    undo.delete_record(officer, "rotation_plans", plan)
    assert not any(r["id"] == plan for r in records.list_records(db, "rotation_plans"))
    undo.undo_last(officer)
    back = records.get(db, "rotation_plans", plan)
    assert back["steps"] == kept["steps"] and len(back["steps"]) == 3
    assert {k: back[k] for k in ("name", "company_id", "programme_id")} == \
        {k: kept[k] for k in ("name", "company_id", "programme_id")}
    with reading(db) as session:
        audited = session.scalars(select(AuditEntry.operation).where(
            AuditEntry.kind == "rotation_plans", AuditEntry.record_id == plan).order_by(AuditEntry.id)).all()
    assert len(audited) == 3 and audited[-1].startswith(undo.UNDO_MARK)


def test_a_deleted_position_comes_back_with_its_competencies(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    company, programme = f.make_company(db), f.make_programme(db)
    competencies = [records.create(db, "competencies", {"programme_id": programme, "area": "A", "code": f"C-{i}",
                                                        "title": f"Competencia {i}"}).id for i in (1, 2)]
    position = records.create(db, "positions", {"company_id": company, "name": "Almacén",
                                                "competency_ids": competencies}, accept_warnings=True).id
    undo.delete_record(officer, "positions", position)
    assert not any(r["id"] == position for r in records.list_records(db, "positions"))
    undo.undo_last(officer)
    assert sorted(records.get(db, "positions", position)["competency_ids"]) == sorted(competencies)


def test_a_delete_whose_name_was_taken_since_is_not_undone(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    company = f.make_company(db)
    position = records.create(officer, "positions", {"company_id": company, "name": "Almacén"}).id
    undo.delete_record(officer, "positions", position)
    records.create(db, "positions", {"company_id": company, "name": "Almacén"})  # someone else, meanwhile
    with reading(db) as session:
        entries = session.scalar(select(func.count(AuditEntry.id)))
    try:
        undo.undo_last(officer)
    except RuleViolation as refusal:  # the name is taken (or, where SQLite gave the new one the freed number,
        said = refusal.problems[0]    # that record is someone else's change since)
        assert "Almacén" in said.message or said.code == "undo.nothing", said
    else:
        raise AssertionError("undone over a record of the same name")
    with reading(db) as session:
        assert session.scalar(select(func.count(AuditEntry.id))) == entries  # nothing written
    assert [r["name"] for r in records.list_records(db, "positions")] == ["Almacén"]


def test_a_refused_delete_counts_in_the_language_s_plural(db) -> None:  # type: ignore[no-untyped-def]
    """ "lo mencionan 1 convenios de aprendizaje" read wrong: one agreement is counted in the singular."""
    from vetdesk import i18n

    apprentice = f.make_apprentice(db)
    f.make_agreement(db, apprentice_id=apprentice)
    i18n.set_language("es")
    try:
        try:
            undo.delete_record(_officer(db), "apprentices", apprentice)
        except RuleViolation as refusal:
            message = refusal.problems[0].message
        assert "1 convenio de aprendizaje" in message and "1 convenios" not in message, message
        assert i18n.counted(2, "learning agreement", "learning agreements") == "2 convenios de aprendizaje"
    finally:
        i18n.set_language("en")
    assert i18n.counted(1, "learning agreement", "learning agreements") == "1 learning agreement"


def test_a_deleted_agreement_comes_back_with_its_reference_as_printed(db) -> None:  # type: ignore[no-untyped-def]
    """Its reference (CA-2027-000310) was read again as typed input and came back without its hyphens."""
    officer = _officer(db)
    agreement = f.make_agreement(db)
    kept = records.get(db, "agreements", agreement)
    assert "-" in kept["reference"]
    undo.delete_record(officer, "agreements", agreement)
    undo.undo_last(officer)
    back = records.get(db, "agreements", agreement)
    assert back["reference"] == kept["reference"]
    assert {k: back[k] for k in ("start_date", "end_date", "status", "apprentice_id")} == \
        {k: kept[k] for k in ("start_date", "end_date", "status", "apprentice_id")}


def test_undoing_a_new_record_that_may_no_longer_be_deleted_says_it_as_an_undo(db) -> None:  # type: ignore[no-untyped-def]
    """The person asked to undo: the refusal names the undo and why the record stays (the company Olga created
    now has a colleague's agreement), not only the deletion's own words; nothing is written."""
    import pytest

    officer = _officer(db)
    company = records.create(officer, "companies", {"name": "Nueva Empresa S.A. de C.V.",
                                                    "rfc": f.company_rfc(9001), "state": "Puebla"},
                             accept_warnings=True).id
    f.make_agreement(db, company_id=company)  # a colleague's
    with reading(db) as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(RuleViolation) as refused:
        undo.undo_last(officer)
    message = refused.value.errors[0].message
    assert message.startswith("Undoing “Create company” would delete the record, which is refused: ")
    assert "cannot be deleted" in message and records.get(db, "companies", company)
    with reading(db) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_why_a_deletion_would_be_refused_is_known_before_asking(db) -> None:  # type: ignore[no-untyped-def]
    """Trial 21f: the window asked "Delete …?" and only then said a signed weekly report cannot be deleted. The
    core says beforehand what the deletion would meet (the same refusal), and writes nothing in asking."""
    company = f.make_company(db)
    agreement = f.make_agreement(db, company_id=company)
    assert undo.deletion_refused(db, "agreements", agreement) == []  # a draft may go
    refused = undo.deletion_refused(db, "companies", company)  # an agreement names it
    assert [p.code for p in refused] == ["delete.depended_on"] and "Retire it instead" in refused[0].message
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    past_draft = undo.deletion_refused(db, "agreements", agreement)
    assert [p.code for p in past_draft] == ["delete.not_draft"]
    try:
        undo.delete_record(db, "agreements", agreement)
    except RuleViolation as exc:
        assert [p.message for p in exc.problems] == [p.message for p in past_draft]  # the same words
    else:
        raise AssertionError("a printed agreement was deleted")
    assert records.get(db, "agreements", agreement)["status"] == "printed"


def _row(db, kind: str, record_id: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from vetdesk.services.kinds import KINDS

    table = KINDS[kind].model.__table__
    with reading(db) as session:
        return dict(session.execute(select(table).where(table.c.id == record_id)).mappings().one())


def test_a_deleted_record_comes_back_exactly_as_it_was(db) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Z after Delete… brought the record back made "now": a new created_at and updated_at (win21p item 4).
    Every column comes back as it was: when it was made and last changed, its version, what an operation stored
    beside its fields (a programme's scale, a draft agreement's printed annex)."""
    from datetime import datetime, timedelta

    from sqlalchemy import update

    from vetdesk.services.kinds import KINDS

    officer = _officer(db)
    company = f.make_company(db, name="Aceros del Bajío S.A. de C.V.")
    records.update(db, "companies", company, {"sector": "Automotriz"}, accept_warnings=True)  # its version 2
    programme = f.make_programme(db, code="LOG-1", name="Logística")
    agreement = f.make_agreement(db)
    long_ago = datetime(2025, 3, 14, 9, 26, 53)
    stored: dict[str, dict[str, object]] = {"agreements": {"printed_annex": {"plan": ["Almacén", "Calidad"]}}}
    for kind, record_id in (("companies", company), ("programmes", programme), ("agreements", agreement)):
        table = KINDS[kind].model.__table__
        with db.engine.begin() as conn:  # made and last changed long before the deletion
            conn.execute(update(table).where(table.c.id == record_id).values(
                created_at=long_ago, updated_at=long_ago + timedelta(days=3), **stored.get(kind, {})))
        was = _row(db, kind, record_id)
        undo.delete_record(officer, kind, record_id)
        undo.undo_last(officer)
        back = _row(db, kind, record_id)
        assert back == was, {name: (was[name], back[name]) for name in was if was[name] != back[name]}
        assert back["created_at"] == long_ago


def test_an_instructor_deletes_no_record_and_is_told_so_before_anything_is_read(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """Deleting a record entered by mistake is the office's (the right to change records): an instructor, who
    records weekly reports and assessments, is refused even their own apprentice's draft week, in the role's
    words, and ``may_delete`` says so beforehand (the window then offers no "Delete…")."""
    from tests.logbook.conftest import OFFICER, make_world
    from vetdesk.services import logbook

    w = make_world(sqlite_db)
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Torneado", "hours": "30"}).id
    instructor = w.db.as_user(w.me)
    assert not undo.may_delete(instructor, "logbook") and not undo.may_delete(instructor, "assessments")
    assert undo.may_delete(w.db.as_user(OFFICER), "logbook")
    refused = undo.deletion_refused(instructor, "logbook", week)
    assert refused and refused[0].code == "permission.denied" and "instructor" in refused[0].message.lower()
    try:
        instructor.delete("logbook", week)
    except RuleViolation as refusal:
        assert [p.message for p in refusal.problems] == [p.message for p in refused]
    else:
        raise AssertionError("an instructor deleted a weekly report")
    assert records.get(sqlite_db, "logbook", week)["status"] == "draft"  # still there
