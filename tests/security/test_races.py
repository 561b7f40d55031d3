"""Races between PCs of one office: real concurrent connections (one engine per thread, as two PCs have), on
both backends; what PostgreSQL's READ COMMITTED would let through is the point of the PostgreSQL variant."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from vetdesk.domain.problems import RuleViolation
from vetdesk.services import users
from vetdesk.storage.engine import connect
from vetdesk.storage.models import AuditEntry, User


def _at_once(url: str, n: int, attempt: Callable[[Any], str]) -> Counter[str]:
    """Run ``attempt(db)`` in ``n`` threads, each with its own connection, released together; count outcomes."""
    start = threading.Barrier(n)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run() -> None:
        db = connect(url)
        try:
            with db.engine.connect():
                pass  # connected before the start: the attempts themselves race
            start.wait()
            result = attempt(db)
        except RuleViolation as exc:
            result = exc.problems[0].code
        except Exception as exc:  # noqa: BLE001 - counted: the test says which escaped
            result = f"{type(exc).__name__}: {str(exc)[:300]}"
        finally:
            db.dispose()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


def test_parallel_guesses_are_counted_and_throttled(db) -> None:  # type: ignore[no-untyped-def]
    """Twenty guesses at once: only the free attempts are checked, every one of them is counted, the rest
    wait — the same on both backends."""
    users.create_user(db, username="ana", password="correct horse", role="officer")
    outcomes = _at_once(db.url, 20, lambda d: (users.authenticate(d, "ana", "a wrong guess"), "ok")[1])
    assert outcomes["login.failed"] == users.FREE_ATTEMPTS, outcomes
    assert outcomes["login.throttled"] == 20 - users.FREE_ATTEMPTS, outcomes
    with db.reader() as s:
        assert s.scalar(select(User.failed_logins)) == users.FREE_ATTEMPTS
        failed = s.scalars(select(AuditEntry).where(AuditEntry.action == "login")).all()
        assert len(failed) == users.FREE_ATTEMPTS


def test_the_right_password_resets_the_count(db) -> None:  # type: ignore[no-untyped-def]
    users.create_user(db, username="ana", password="correct horse", role="officer")
    try:
        users.authenticate(db, "ana", "a wrong guess")
    except RuleViolation:
        pass
    assert users.authenticate(db, "ana", "correct horse").username == "ana"
    with db.reader() as s:
        assert s.scalar(select(User.failed_logins)) == 0


def _agreement_world(db):  # type: ignore[no-untyped-def]
    from tests import factories as f

    company = f.make_company(db)
    programme = f.make_programme(db)
    instructor = f.make_instructor(db, company_id=company)
    apprentice = f.make_apprentice(db)
    values = f.agreement_values(db, apprentice_id=apprentice, company_id=company, programme_id=programme,
                                instructor_id=instructor)
    return apprentice, values


def test_overlapping_agreements_of_one_apprentice_made_at_once(db) -> None:  # type: ignore[no-untyped-def]
    """Eight PCs add an agreement for the same apprentice over the same months at once: one is made, the
    others are refused by the overlap rule (never two overlapping agreements, never a traceback)."""
    from vetdesk.services import records
    from vetdesk.storage.models import LearningAgreement

    apprentice, values = _agreement_world(db)
    outcomes = _at_once(db.url, 8, lambda d: (records.create(d, "agreements", values, accept_warnings=True),
                                              "made")[1])
    assert outcomes["made"] == 1, outcomes
    assert set(outcomes) <= {"made", "dates.overlap"}, outcomes
    with db.reader() as s:
        assert s.query(LearningAgreement).filter_by(apprentice_id=apprentice).count() == 1


def test_the_same_curp_added_at_once(db) -> None:  # type: ignore[no-untyped-def]
    """Two PCs add the same apprentice at once: one is made, the other refused naming the CURP — no
    IntegrityError, no personal data in the message."""
    from datetime import date

    from tests import factories as f
    from vetdesk.services import records

    curp = f.curp_for(date(2008, 3, 1), "M")
    values = {"curp": curp, "given_names": "Ana", "first_surname": "Ruiz", "birth_date": "2008-03-01",
              "sex": "M"}
    messages: list[str] = []

    def add(d):  # type: ignore[no-untyped-def]
        try:
            records.create(d, "apprentices", values, accept_warnings=True)
        except RuleViolation as exc:
            messages.extend(p.message for p in exc.problems)
            raise
        return "made"

    outcomes = _at_once(db.url, 6, add)
    assert outcomes["made"] == 1, outcomes
    assert set(outcomes) <= {"made", "duplicate", "unique.conflict"}, outcomes
    assert all("Ruiz" not in m and "Integrity" not in m for m in messages), messages  # the CURP typed may be quoted


def test_a_stale_edit_is_refused_not_lost(db) -> None:  # type: ignore[no-untyped-def]
    """Two PCs read version 1 of a company and save at once: one change lands, the other is refused as a
    conflict (the version in the UPDATE's WHERE), even though both passed the version check before writing."""
    from tests import factories as f
    from vetdesk.services import records

    company = f.make_company(db)
    names = iter(["Primera SA", "Segunda SA", "Tercera SA", "Cuarta SA"])
    lock = threading.Lock()

    def edit(d):  # type: ignore[no-untyped-def]
        with lock:
            name = next(names)
        records.update(d, "companies", company, {"name": name}, expected_version=1)
        return "saved"

    outcomes = _at_once(db.url, 4, edit)
    assert outcomes["saved"] == 1, outcomes
    assert set(outcomes) <= {"saved", "version.conflict"}, outcomes
    assert records.get(db, "companies", company)["version"] == 2


def test_an_import_checks_its_rows_without_the_write_lock(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """While an import is checking its rows, a colleague's save goes through at once (no "database busy");
    the import then checks again under the lock and writes every row, and a dry run never takes the lock."""
    from vetdesk.services import importing, records

    rows = "\n".join(f"Plantel {i},{f'09DPT{i:04d}A'}" for i in range(1, 41))
    path = tmp_path / "planteles.csv"
    path.write_text("Nombre del plantel,CCT\n" + rows + "\n", encoding="utf-8")
    saved: list[str] = []

    def colleague() -> None:
        other = connect(db.url)
        try:
            from tests import factories as f

            records.create(other, "companies", {"name": "Guardada mientras tanto", "rfc": f.company_rfc(),
                                                "legal_representative": "A"})
            saved.append("saved")
        except Exception as exc:  # noqa: BLE001 - the failure is the finding
            saved.append(type(exc).__name__)
        finally:
            other.dispose()

    def progress(done: int, total: int) -> None:
        if not saved and done < 40:  # while checking the rows (the writing counts from 40 on)
            worker = threading.Thread(target=colleague)
            worker.start()
            worker.join(10)
            assert saved == ["saved"], "a colleague's save waited for the import's checks"

    for dry_run in (True, False):
        saved.clear()
        report = importing.import_file(db, "schools", path, progress=progress, dry_run=dry_run)
        assert saved == ["saved"] and not report.errors, (saved, report.errors)
    assert report.written == 40
    assert records.count_records(db, "schools") == 40
    assert records.count_records(db, "companies") == 2  # both colleagues' saves


def test_the_throttle_does_not_tell_which_names_exist(db) -> None:  # type: ignore[no-untyped-def]
    """A name that is no account gets the same answers, in the same order, as a real one with wrong passwords
    (the wait included), and its failures are recorded without the name typed."""
    users.create_user(db, username="ana", password="correct horse", role="officer")

    def answers(name: str) -> list[str]:
        out = []
        for _ in range(users.FREE_ATTEMPTS + 2):
            try:
                users.authenticate(db, name, "a wrong guess")
            except RuleViolation as exc:
                out.append(exc.problems[0].code)
        return out

    real, unknown = answers("ana"), answers("nadie")
    assert real == unknown, (real, unknown)
    assert real[-1] == "login.throttled"
    with db.reader() as s:
        written = " ".join(f"{e.operation} {e.changes}" for e in s.scalars(select(AuditEntry)))
    assert "nadie" not in written
