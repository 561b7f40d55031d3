"""Backups while others write, automatic daily backups, and a restore that refuses bad files."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vetdesk.services import backup, records
from vetdesk.storage.engine import Database, connect
from vetdesk.storage.migrate import head_revision


def _school(db: Database, n: int) -> None:
    records.create(db, "schools", {"name": f"Plantel {n}", "cct": f"22DPT{n:04d}Q"})


def _count(path: Path, table: str = "schools") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_another_connection_writes(sqlite_db: Database, tmp_path: Path) -> None:
    path = backup.sqlite_path(sqlite_db)
    assert path is not None
    writer = connect(path)  # a second engine: another "app" writing at the same time
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        n = 0
        while not stop.is_set() and n < 5000:
            # Each transaction writes two rows: a consistent copy never holds an odd number.
            with writer.writer() as session:
                session.connection().exec_driver_sql(
                    "INSERT INTO settings (key, value) VALUES (?, ?), (?, ?)",
                    (f"k{n}a", "1", f"k{n}b", "1"))
                session.commit()
            n += 1
            written.append(n)

    thread = threading.Thread(target=write)
    thread.start()
    copies = []
    try:
        for i in range(5):
            deadline = datetime.now() + timedelta(seconds=10)
            while len(written) < 10 * (i + 1) and datetime.now() < deadline:
                stop.wait(0.005)
            copies.append(backup.backup_database(sqlite_db, tmp_path / f"copy{i}.sqlite3"))
    finally:
        stop.set()
        thread.join()
        writer.dispose()
    assert written, "the writer ran"
    counts = []
    for copy in copies:
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts.append(conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'k%'").fetchone()[0])
        finally:
            conn.close()
        assert backup.check_backup_file(copy) == head_revision()
    assert all(c % 2 == 0 for c in counts)
    assert counts == sorted(counts) and counts[0] >= 20 and len(set(counts)) > 1


def test_backup_and_restore_on_the_command_line(sqlite_db: Database, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    _school(sqlite_db, 1)
    target = tmp_path / "copia.sqlite3"
    code, _out, err = cli(sqlite_db, "backup", "-o", str(target))
    assert code == 0 and "copia.sqlite3" in err
    _school(sqlite_db, 2)
    assert records.count_records(sqlite_db, "schools") == 2
    code, _out, err = cli(sqlite_db, "restore", str(target))
    assert code == 0, err
    assert records.count_records(sqlite_db, "schools") == 1
    (kept,) = (tmp_path / "backups").glob("vetdesk-before-restore-*.sqlite3")
    assert _count(kept) == 2  # the replaced database, kept
    db_path = backup.sqlite_path(sqlite_db)
    assert db_path is not None
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    _school(sqlite_db, 3)  # the restored database is usable at once
    assert records.count_records(sqlite_db, "schools") == 2


def _newer_schema(source: Path, target: Path) -> Path:
    conn = sqlite3.connect(source)
    out = sqlite3.connect(target)
    conn.backup(out)
    conn.close()
    out.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    out.commit()
    out.close()
    return target


def _corrupt(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over the start of every page after the first
        data[offset:offset + 64] = b"\xa5" * 64
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("bad", ["text", "corrupt", "newer", "other sqlite", "missing"])
def test_restore_refuses_and_changes_nothing(sqlite_db: Database, tmp_path: Path, cli, bad: str) -> None:  # type: ignore[no-untyped-def]
    _school(sqlite_db, 1)
    good = backup.backup_database(sqlite_db, tmp_path / "good.sqlite3")
    _school(sqlite_db, 2)
    if bad == "text":
        source = tmp_path / "notes.sqlite3"
        source.write_text("CURP,Nombre\nGALM090314MASRPRA2,Ana\n", encoding="utf-8")
        expected = "not a SQLite file"
    elif bad == "corrupt":
        source, expected = _corrupt(good, tmp_path / "corrupt.sqlite3"), "damaged"
    elif bad == "newer":
        source, expected = _newer_schema(good, tmp_path / "newer.sqlite3"), "newer version of vetdesk"
    elif bad == "other sqlite":
        source = tmp_path / "other.sqlite3"
        conn = sqlite3.connect(source)
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.commit()
        conn.close()
        expected = "not a vetdesk database"
    else:
        source, expected = tmp_path / "nowhere.sqlite3", "does not exist"
    before = (tmp_path / "vetdesk.sqlite3").stat().st_mtime_ns
    code, _out, err = cli(sqlite_db, "restore", str(source))
    assert code == 1
    assert expected in err and "Nothing was changed" in err
    assert records.count_records(sqlite_db, "schools") == 2
    assert not (tmp_path / "backups").exists()  # not even the safety copy: the file was refused first
    assert (tmp_path / "vetdesk.sqlite3").stat().st_mtime_ns == before


def test_automatic_backups_once_a_day_keeping_the_last(sqlite_db: Database,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert os.environ.get("VETDESK_NO_AUTOBACKUP") == "1"
    assert backup.auto_backup(sqlite_db) is None  # the tests' setting turns them off
    monkeypatch.delenv("VETDESK_NO_AUTOBACKUP")
    start = datetime(2026, 11, 1, 8, 30)
    first = backup.auto_backup(sqlite_db, keep=3, now=start)
    assert first is not None and first.parent.name == "backups"
    assert backup.auto_backup(sqlite_db, keep=3, now=start + timedelta(hours=5)) is None  # same day
    made = [first]
    for day in range(1, 5):
        made.append(backup.auto_backup(sqlite_db, keep=3, now=start + timedelta(days=day)))  # type: ignore[arg-type]
    left = sorted(p.name for p in first.parent.iterdir())
    assert left == sorted(p.name for p in made[-3:])
    assert backup.check_backup_file(made[-1]) == head_revision()
    assert backup.list_backups(sqlite_db)[0].name in left


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)  # PostgreSQL only: SQLite uses its backup API
def test_postgresql_backup_uses_pg_dump_or_refuses(db: Database, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert not db.is_sqlite
    _school(db, 1)
    target = backup.backup_database(db, tmp_path / "vetdesk.dump")
    assert target.read_bytes()[:5] == b"PGDMP"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(backup.BackupRefused, match="pg_dump"):
        backup.backup_database(db, tmp_path / "again.dump")
    assert not (tmp_path / "again.dump").exists()
    with pytest.raises(backup.BackupRefused, match="pg_restore"):
        backup.restore_database(db, target)
