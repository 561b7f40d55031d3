"""Backups are per database, not per folder: two databases in one folder share its ``backups`` folder, each gets
its own daily backup, Restore of one never offers the other's, and every backup is its owner's alone (0600).
Found by a new user's trial of issue 21 (demo.sqlite3 and big.sqlite3 in one folder)."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vetdesk.services import backup
from vetdesk.services.office import Office


@pytest.fixture
def two_databases(sqlite_template: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Office, Office]]:
    monkeypatch.delenv("VETDESK_NO_AUTOBACKUP", raising=False)
    opened = []
    for name in ("demo", "big"):
        shutil.copyfile(sqlite_template, tmp_path / f"{name}.sqlite3")
        opened.append(Office.open(str(tmp_path / f"{name}.sqlite3")))
    yield opened[0], opened[1]
    for db in opened:
        db.dispose()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_each_database_of_a_folder_gets_its_own_daily_backup(two_databases: tuple[Office, Office]) -> None:
    demo, big = two_databases
    morning = datetime(2026, 12, 3, 8, 28, 41)
    first = backup.auto_backup(demo, now=morning)
    assert first is not None and first.name == "demo-auto-2026-12-03-082841.sqlite3"
    second = backup.auto_backup(big, now=morning + timedelta(minutes=4))  # the same day, the same folder
    assert second is not None and second.name == "big-auto-2026-12-03-083241.sqlite3"
    assert first.parent == second.parent
    assert backup.auto_backup(demo, now=morning + timedelta(hours=3)) is None  # demo's is done for today
    assert backup.auto_backup(big, now=morning + timedelta(hours=3)) is None
    assert _mode(first) == _mode(second) == 0o600
    # Each keeps its own last ten: big's backups do not push demo's out.
    for day in range(1, 13):
        backup.auto_backup(big, now=morning + timedelta(days=day))
    assert first.exists()
    assert len([p for p in first.parent.iterdir() if p.name.startswith("big-auto-")]) == 10


def test_restore_lists_only_the_backups_of_the_database_in_use(two_databases: tuple[Office, Office],
                                                                tmp_path: Path) -> None:
    demo, big = two_databases
    auto = backup.auto_backup(demo, now=datetime(2026, 12, 3, 8, 28, 41))
    folder = backup.backup_folder(demo)
    assert auto is not None and folder is not None
    manual = backup.backup_database(demo, folder / backup.backup_name(demo, backup.MANUAL,
                                                                      datetime(2026, 12, 3, 9, 15)))
    assert manual.name == "demo-2026-12-03-0915.sqlite3"
    assert _mode(manual) == 0o600  # holds CURPs and password hashes, as the automatic one
    before = backup.restore_database(demo, manual).previous_copy
    assert before is not None and before.name.startswith("demo-before-restore-") and _mode(before) == 0o600
    old_style = backup.backup_database(demo, folder / "vetdesk-auto-2026-11-30-080000.sqlite3")
    assert set(backup.list_backups(demo)) == {auto, manual, before}
    assert backup.backup_kind(demo, auto) == backup.AUTO and backup.backup_kind(demo, manual) == backup.MANUAL
    assert backup.backup_kind(demo, before) == backup.BEFORE_RESTORE
    assert backup.list_backups(big) == []  # demo's backups are not big's
    # An old-style name does not say whose it is: offered to both apart, never among "this database's" backups.
    assert backup.other_backups(demo) == backup.other_backups(big) == [old_style]
    assert backup.backup_kind(big, old_style) is None
    later = backup.auto_backup(big, now=datetime(2026, 12, 3, 10, 0))
    assert later is not None and backup.list_backups(big) == [later]
    assert later not in backup.other_backups(demo) and auto not in backup.other_backups(big)
    assert not os.environ.get("VETDESK_NO_AUTOBACKUP")
