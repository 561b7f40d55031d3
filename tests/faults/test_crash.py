"""SIGKILL at random moments: the database stays intact and each operation is all there or not at all."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vetdesk.services.demo import fill_demo

WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _assert_intact(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    except BaseException:
        con.close()
        raise
    return con


def _kill_after(cmd: list[str], delay: float, *, after_ready: bool = False) -> int:
    """SIGKILL ``cmd`` ``delay`` seconds after it started, or after it printed "ready" (its imports and
    connection take seconds on a loaded machine: the kill must land in its writes, not before them)."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE if after_ready else subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    if after_ready:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    if proc.stdout is not None:
        proc.stdout.close()
    return proc.returncode


@pytest.mark.slow
def test_kill_during_bulk_demo_leaves_all_or_nothing(sqlite_db, tmp_path):
    """The demo writes thousands of rows in one unit of work: after a kill they are all there or none."""
    path = Path(sqlite_db.engine.url.database)
    sqlite_db.dispose()
    rng = random.Random(7)
    seen = set()
    for attempt in range(6):
        copy = tmp_path / f"crash{attempt}.sqlite3"
        shutil.copyfile(path, copy)
        _kill_after([sys.executable, "-m", "vetdesk", "--db", str(copy), "demo", "--apprentices", "3000"],
                    rng.uniform(0.3, 4.0))
        con = _assert_intact(copy)
        apprentices = con.execute("SELECT count(*) FROM apprentices").fetchone()[0]
        agreements = con.execute("SELECT count(*) FROM learning_agreements").fetchone()[0]
        assert apprentices in (0, 3000)
        con.close()
        assert (agreements == 0) == (apprentices == 0)
        seen.add(apprentices)
    assert 0 in seen  # at least one kill landed mid-write (the check above is not vacuous)


@pytest.mark.slow
def test_kill_during_status_changes_keeps_each_change_whole(sqlite_db, tmp_path):
    fill_demo(sqlite_db, apprentices=400, seed=5)
    path = Path(sqlite_db.engine.url.database)
    sqlite_db.dispose()
    rng = random.Random(11)
    for _attempt in range(8):
        _kill_after([sys.executable, str(WORKER), f"sqlite:///{path}"], rng.uniform(0.1, 1.2), after_ready=True)
        con = _assert_intact(path)
        # Every agreement marked printed by the worker has exactly one audit entry for that change, and
        # no audit entry exists for a change that did not land.
        printed_without_audit = con.execute(
            "SELECT count(*) FROM learning_agreements a WHERE a.status = 'printed' AND a.printed_on IS NOT NULL "
            "AND a.version > 1 AND NOT EXISTS (SELECT 1 FROM audit_entries e WHERE e.kind = 'agreements' "
            "AND e.record_id = a.id AND e.action = 'status')").fetchone()[0]
        audit_without_change = con.execute(
            "SELECT count(*) FROM audit_entries e JOIN learning_agreements a ON a.id = e.record_id "
            "WHERE e.kind = 'agreements' AND e.action = 'status' AND a.status = 'draft'").fetchone()[0]
        assert printed_without_audit == 0
        assert audit_without_change == 0
        changed = con.execute("SELECT count(*) FROM audit_entries WHERE kind = 'agreements' "
                              "AND action = 'status'").fetchone()[0]
        con.close()
    assert changed > 0  # the workers really changed agreements before they were killed
