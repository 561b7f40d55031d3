"""One apprentice, two agreements over the same months (issue 24, item 10): never both, whichever path writes
them and however PCs race — two real processes, an import against a person's save, and on PostgreSQL the
database's own exclusion constraint when every check in vetdesk is out of the way."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text

from tests import factories as f
from tests.factories import migration_step
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import importing, records
from vetdesk.storage.engine import connect
from vetdesk.storage.models import LearningAgreement

ROUNDS = 10


def _shown(day: Any) -> str:
    """A day as an English message writes it (month/day/year)."""
    day = date.fromisoformat(str(day))
    return day.strftime("%d/%m/%Y")


def _world(db):  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    programme = f.make_programme(db)
    plan = f.make_plan(db, company_id=company, programme_id=programme)
    return company, programme, plan


def _values(db, world, **extra):  # type: ignore[no-untyped-def]
    company, programme, plan = world
    return f.agreement_values(db, apprentice_id=f.make_apprentice(db), company_id=company,
                              programme_id=programme, instructor_id=f.make_instructor(db, company_id=company),
                              rotation_plan_id=plan, **extra)


def _in_force(db, world) -> int:  # type: ignore[no-untyped-def]
    """An active agreement of a new apprentice (the factory's dates)."""
    values = {k: v for k, v in _values(db, world).items() if k not in ("start_date", "end_date")}
    agreement = f.make_agreement(db, **values)
    f.activate(db, agreement)
    return agreement


def _copy(conn, agreement: int) -> int:  # type: ignore[no-untyped-def]
    """A plain SQL copy of an agreement (same apprentice, dates and status), under another reference."""
    columns = ", ".join(r[0] for r in conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'learning_agreements' "
        "AND column_name NOT IN ('id', 'reference')")))
    return int(conn.execute(text(f"INSERT INTO learning_agreements (reference, {columns}) SELECT 'X-' || id, "
                                 f"{columns} FROM learning_agreements WHERE id = :id RETURNING id"),
                            {"id": agreement}).scalar_one())


def _add_in_rounds(url: str, rounds: list[dict[str, Any]], barrier: Any, results: Any) -> None:
    """A PC of its own (a process, its own connection): at each round, once both are ready, add the round's
    agreement and say what came of it."""
    from vetdesk.services import records as recs

    db = connect(url)
    try:
        with db.engine.connect():
            pass
        for number, values in enumerate(rounds):
            barrier.wait(60)
            try:
                recs.create(db, "agreements", values, accept_warnings=True)
                results.put((number, "made"))
            except RuleViolation as exc:
                results.put((number, exc.problems[0].code))
            except Exception as exc:  # noqa: BLE001 - what escaped is the finding
                results.put((number, f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        db.dispose()


def test_two_processes_adding_overlapping_agreements_make_one_each_time(db) -> None:  # type: ignore[no-untyped-def]
    """Two processes add an agreement for the same apprentice over the same months at the same moment, ten
    times over (a new apprentice each time): each time exactly one is made and the other refused by the
    overlap rule, never a traceback."""
    world = _world(db)
    rounds = [_values(db, world) for _ in range(ROUNDS)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_add_in_rounds, args=(db.url, rounds, barrier, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes: dict[int, list[str]] = {n: [] for n in range(ROUNDS)}
    for _ in range(2 * ROUNDS):
        number, outcome = results.get(timeout=240)
        outcomes[number].append(outcome)
    for worker in workers:
        worker.join(60)
    for number, seen in outcomes.items():
        assert sorted(seen) == ["dates.overlap", "made"], (number, seen)
    with db.reader() as s:
        for values in rounds:
            assert s.scalar(select(LearningAgreement.id).where(
                LearningAgreement.apprentice_id == values["apprentice_id"]).limit(2).offset(1)) is None


def test_an_import_waits_for_a_save_of_the_same_apprentice_and_sees_it(db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A colleague's save of an agreement is under way (checked, written, not yet committed) when an import
    of an overlapping agreement for the same apprentice reaches its write: the import waits for the apprentice
    (the same hold the save took), then checks again, sees the saved agreement and refuses the row."""
    company = f.make_company(db)
    programme_id = f.make_programme(db, code="MECAT")  # a code as the import reads it (letters only)
    world = company, programme_id, f.make_plan(db, company_id=company, programme_id=programme_id)
    values = _values(db, world)
    apprentice = records.get(db, "apprentices", values["apprentice_id"])
    company = records.get(db, "companies", values["company_id"])
    programme = records.get(db, "programmes", values["programme_id"])
    instructor = records.get(db, "instructors", values["instructor_id"])
    path = tmp_path / "convenios.csv"
    path.write_text("CURP,RFC,Clave de la carrera,Correo del instructor,Fecha de inicio,Fecha de término\n"
                    f"{apprentice['curp']},{company['rfc']},{programme['code']},{instructor['email']},"
                    f"{values['start_date']},{values['end_date']}\n", encoding="utf-8")
    written, release = threading.Event(), threading.Event()
    insert_new = records.insert_new

    def paused(uow, k, rows):  # type: ignore[no-untyped-def]
        out = insert_new(uow, k, rows)
        if threading.current_thread().name == "colleague":
            written.set()
            release.wait(30)
        return out

    monkeypatch.setattr(records, "insert_new", paused)
    outcome: dict[str, Any] = {}

    def colleague() -> None:
        other = connect(db.url)
        try:
            outcome["saved"] = records.create(other, "agreements", values, accept_warnings=True).id
        finally:
            other.dispose()

    def importer() -> None:
        outcome["report"] = importing.import_file(db, "agreements", path)

    saving = threading.Thread(target=colleague, name="colleague")
    saving.start()
    assert written.wait(30)
    importing_ = threading.Thread(target=importer, name="importer")
    importing_.start()
    importing_.join(1.5)
    still_waiting = importing_.is_alive()
    release.set()
    saving.join(30)
    importing_.join(60)
    assert still_waiting, "the import wrote without waiting for the colleague's save of the same apprentice"
    report = outcome["report"]
    assert report.written == 0 and [e.code for e in report.errors] == ["dates.overlap"], report.errors
    with db.reader() as s:
        assert list(s.scalars(select(LearningAgreement.id).where(
            LearningAgreement.apprentice_id == values["apprentice_id"]))) == [outcome["saved"]]


@pytest.fixture
def pg(db):  # type: ignore[no-untyped-def]
    if db.is_sqlite:
        pytest.skip("the exclusion constraint is PostgreSQL's (SQLite writes one at a time)")
    return db


def _without_checks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """vetdesk's own guards out of the way (the overlap rule and the apprentice's hold): only the database
    stands between two overlapping agreements in force."""
    from vetdesk.domain import rules

    check = rules.check_agreement
    monkeypatch.setattr(rules, "check_agreement", lambda facts: [
        p for p in check(facts) if p.code != "dates.overlap"])
    monkeypatch.setattr(records, "hold_for_rules", lambda *_args, **_kw: None)


def _printed_at_once(url: str, pair: list[int]) -> tuple[dict[int, str], list[str]]:
    """Mark both agreements as printed at the same moment, each from a connection of its own."""
    start = threading.Barrier(2)
    outcomes: dict[int, str] = {}
    messages: list[str] = []

    def printed(agreement: int) -> None:
        other = connect(url)
        try:
            with other.engine.connect():
                pass
            start.wait(30)
            records.update(other, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
            outcomes[agreement] = "printed"
        except RuleViolation as exc:
            outcomes[agreement] = exc.problems[0].code
            messages.append(exc.problems[0].message)
        except Exception as exc:  # noqa: BLE001 - what escaped is the finding
            outcomes[agreement] = f"{type(exc).__name__}: {str(exc)[:200]}"
        finally:
            other.dispose()

    threads = [threading.Thread(target=printed, args=(a,)) for a in pair]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes, messages


def test_the_database_refuses_two_agreements_in_force_that_overlap(pg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With the checks out of the way, two overlapping drafts of one apprentice are printed at once from two
    connections, ten times: each time one is printed, the other refused by PostgreSQL — and the user reads the
    overlap rule's own message naming the agreement in force, not an IntegrityError."""
    world = _world(pg)
    _without_checks(monkeypatch)
    for number in range(ROUNDS):
        values = _values(pg, world)
        pair = [records.create(pg, "agreements", values, accept_warnings=True).id for _ in range(2)]
        outcomes, messages = _printed_at_once(pg.url, pair)
        assert sorted(outcomes.values()) == ["dates.overlap", "printed"], (number, outcomes)
        winner = next(a for a, o in outcomes.items() if o == "printed")
        reference = records.get(pg, "agreements", winner)["reference"]
        assert messages == [f"The apprentice already has agreement {reference} (printed) from "
                            f"{_shown(values['start_date'])} to {_shown(values['end_date'])}, which overlaps this "
                            "one. Change the dates or terminate the other agreement first."], messages
        with pg.reader() as s:
            statuses = sorted(s.scalars(select(LearningAgreement.status).where(LearningAgreement.id.in_(pair))))
        assert statuses == ["draft", "printed"]


def test_the_constraint_holds_against_a_bare_insert_and_the_migration_goes_both_ways(pg) -> None:  # type: ignore[no-untyped-def]
    """The constraint is the database's: a plain SQL write of an overlapping agreement in force fails too. The
    downgrade removes it (and the sign-in functions), the upgrade puts them back."""
    from alembic import command


    first = _in_force(pg, _world(pg))

    def copy_in_force() -> str:
        with pg.engine.connect() as conn:
            try:
                _copy(conn, first)
                conn.rollback()
                return "written"
            except Exception as exc:  # noqa: BLE001 - the refusal is the point
                conn.rollback()
                return type(getattr(exc, "orig", exc)).__name__

    def objects() -> tuple[int, int]:
        with pg.engine.connect() as conn:
            constraints = conn.execute(text("SELECT count(*) FROM pg_constraint WHERE conname = "
                                            "'ex_learning_agreements_current_overlap'")).scalar_one()
            functions = conn.execute(text(
                "SELECT count(*) FROM pg_proc WHERE proname IN ('vetdesk_login_name', 'vetdesk_password_settings', "
                "'vetdesk_password_matches', 'vetdesk_set_password')"))
            return constraints, functions.scalar_one()

    assert copy_in_force() == "ExclusionViolation"
    assert objects() == (1, 4)

    def alembic(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        migration_step(pg, step, revision)

    alembic(command.downgrade, "0018")
    assert objects() == (0, 0) and copy_in_force() == "written"
    alembic(command.upgrade, "head")
    assert objects() == (1, 4) and copy_in_force() == "ExclusionViolation"


def test_an_upgrade_over_overlapping_agreements_in_force_says_which_and_changes_nothing(pg) -> None:  # type: ignore[no-untyped-def]
    """A database whose agreements in force already overlap (made before the constraint) is not upgraded: the
    message names the agreements (no personal data) and says what to do; the schema stays as it was."""
    from alembic import command

    from vetdesk.services.faults import explain
    from vetdesk.storage.migrate import alembic_config, current_revision, upgrade
    from vetdesk.storage.revision import UpgradeBlocked

    first = _in_force(pg, _world(pg))
    cfg = alembic_config(pg)
    with pg.writer() as session:
        cfg.attributes["connection"] = session.connection()
        command.downgrade(cfg, "0018")
        session.commit()
    with pg.engine.begin() as conn:
        second = _copy(conn, first)
    with pytest.raises(UpgradeBlocked) as blocked:
        upgrade(pg)
    message = explain(blocked.value)
    assert message is not None and f"{first} & {second}" in message and "nothing was changed" in message
    assert current_revision(pg) == "0018"
