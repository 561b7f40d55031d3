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
