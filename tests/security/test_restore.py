"""A restore that cannot be poisoned (issue 24, item 6): only data crosses from a backup file, a file whose schema
does not match its claim is refused, ``#`` and ``?`` in a path name one file, a killed restore leaves nothing,
and only an administrator backs up or restores, audited in the restored database.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factories import make_apprentice, make_company
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import backup, records, users
from vetdesk.services.actors import Actor
from vetdesk.storage.engine import connect
from vetdesk.storage.revision import SCHEMA_HEAD

VIEWER = Actor(username="lucia", role="viewer")
OFFICER = Actor(username="omar", role="officer")


@pytest.fixture
def office(sqlite_db):  # type: ignore[no-untyped-def]
    """A database with a company, an apprentice and two users (an administrator and a viewer)."""
    make_company(sqlite_db, name="Taller Norte")
    make_apprentice(sqlite_db)
    users.create_user(sqlite_db, username="ana", password="contraseña-larga", role="administrator")
    users.create_user(sqlite_db, username="lucia", password="contraseña-larga", role="viewer")
    return sqlite_db


def _backup(db, folder: Path, name: str = "respaldo.sqlite3") -> Path:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    return backup.backup_database(db, folder / name)


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _schema(path: Path, kind: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}
    finally:
        conn.close()


def _live(db) -> Path:  # type: ignore[no-untyped-def]
    path = backup.sqlite_path(db)
    assert path is not None
    return path


def test_triggers_and_views_of_a_crafted_file_never_cross(office, tmp_path: Path) -> None:
    crafted = _backup(office, tmp_path / "in")
    _sql(crafted,
         # Suppresses every audit entry, and raises the viewer to administrator on the next write.
         "CREATE TRIGGER hide_audit AFTER INSERT ON audit_entries BEGIN DELETE FROM audit_entries "
         "WHERE id = new.id; END",
         "CREATE TRIGGER promote AFTER UPDATE ON companies BEGIN UPDATE users SET role = 'administrator' "
         "WHERE username = 'lucia'; END",
         "CREATE VIEW all_people AS SELECT username, password_hash FROM users",
         "CREATE INDEX sneaky ON companies (name)")
    own_triggers = _schema(_live(office), "trigger")
    result = backup.restore_database(office, crafted)
    assert result.migrated is False
    live = _live(office)
    assert _schema(live, "trigger") == own_triggers  # vetdesk's own (search indexes, tallies), nothing else
    assert "all_people" not in _schema(live, "view") and "sneaky" not in _schema(live, "index")

    # A write after the restore: audited, and nobody's role changed.
    company = records.list_records(office, "companies")[0]["id"]
    records.update(office, "companies", company, {"sector": "Metalmecánica"}, accept_warnings=True)
    assert {u.username: u.role for u in users.list_users(office)} == {"ana": "administrator", "lucia": "viewer"}
    assert [h["action"] for h in records.history(office, "companies", company)][-1] == "update"
    assert records.list_records(office, "companies", records.ListQuery(search="norte"))  # search index rebuilt


def test_the_restore_is_audited_in_the_restored_database(office, tmp_path: Path) -> None:
    source = _backup(office, tmp_path / "in#copia?1")
    admin = Actor(username="ana", role="administrator")
    backup.restore_database(office, source, actor=admin)
    conn = sqlite3.connect(_live(office))
    try:
        row = conn.execute("SELECT username, action, kind, changes, at FROM audit_entries "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    assert row[:3] == ("ana", "restore", "database")
    assert json.loads(row[3])["after"] == {"file": "respaldo.sqlite3", "revision": SCHEMA_HEAD, "migrated": False}
    assert row[4]  # when


@pytest.mark.parametrize("damage", ["view_in_place_of_table", "missing_table", "older_claim_missing_table",
                                    "altered_columns", "generated_column", "wrong_value", "dangling_reference"])
def test_a_file_whose_schema_does_not_hold_its_claim_is_refused(office, tmp_path: Path, cli, monkeypatch,
                                                                damage: str) -> None:
    monkeypatch.setenv("VETDESK_PASSWORD", "contraseña-larga")
    crafted = _backup(office, tmp_path / "in")
    statements = {
        "view_in_place_of_table": ["DROP TABLE users",
                                   "CREATE VIEW users AS SELECT 1 AS id, 'x' AS username, NULL AS full_name, "
                                   "'administrator' AS role, 'h' AS password_hash, NULL AS instructor_id, "
                                   "1 AS active, 0 AS failed_logins, NULL AS last_failed_at, 1 AS version, "
                                   "NULL AS created_at, NULL AS updated_at"],
        "missing_table": ["DROP TABLE feedback_notes"],
        "older_claim_missing_table": ["UPDATE alembic_version SET version_num = '0005'", "DROP TABLE attachments"],
        "altered_columns": ["ALTER TABLE companies ADD COLUMN secret TEXT"],
        "generated_column": ["ALTER TABLE schools DROP COLUMN phone",
                             "ALTER TABLE schools ADD COLUMN phone TEXT AS (name) VIRTUAL"],
        "wrong_value": ["UPDATE apprentices SET birth_date = 'mañana'"],
        "dangling_reference": ["PRAGMA foreign_keys = OFF", "UPDATE apprentices SET school_id = 999"],
    }[damage]
    _sql(crafted, *statements)
    before = records.list_records(office, "companies")
    code, out, err = cli(office, "--user", "ana", "restore", str(crafted))
    assert code == 1, err
    assert "Traceback" not in err and "Nothing was changed" in err
    assert "respaldo.sqlite3" in err
    assert records.list_records(office, "companies") == before
    assert not [p for p in _live(office).parent.iterdir() if p.name.startswith(".restore-")]


def test_an_older_schema_is_rebuilt_and_migrated(office, tmp_path: Path) -> None:
    """A backup of schema 0005 (made by building an empty database at 0005 and copying today's rows that
    existed then) comes back at today's schema with its data."""
    from vetdesk.storage.migrate import upgrade

    old = tmp_path / "old.sqlite3"
    old_db = connect(old)
    upgrade(old_db, "0005")
    old_db.dispose()
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("ATTACH DATABASE ? AS cur", (str(_live(office)),))
    for table in ("schools", "companies", "apprentices", "users"):
        names = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        columns = ", ".join(names)
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM cur.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE cur")
    conn.close()
    records.create(office, "companies", {"name": "Después del respaldo", "rfc": "DRE900101AB1",
                                         "legal_representative": "Ana"})
    result = backup.restore_database(office, old)
    assert result.migrated and result.revision == "0005"
    assert [c["name"] for c in records.list_records(office, "companies")] == ["Taller Norte"]
    assert records.count_records(office, "apprentices") == 1


def test_hash_and_question_mark_in_the_path_check_and_restore_the_same_file(office, tmp_path: Path) -> None:
    folder = tmp_path / "respaldos#2026?v=1"
    good = _backup(office, folder)
    # The file a URI would read instead when the path is cut at '#' or '?'.
    decoy_folder = tmp_path / "respaldos"
    decoy_folder.mkdir()
    records.create(office, "companies", {"name": "Solo en el señuelo", "rfc": "SSE900101AB1",
                                         "legal_representative": "Ana"})
    _backup(office, decoy_folder, "decoy.sqlite3")
    backup.check_backup_file(good)
    backup.restore_database(office, good)
    assert [c["name"] for c in records.list_records(office, "companies")] == ["Taller Norte"]


def test_only_an_administrator_backs_up_and_restores(office, tmp_path: Path) -> None:
    source = _backup(office, tmp_path / "in")
    for actor in (VIEWER, OFFICER, Actor(username="ivan", role="instructor", instructor_id=1)):
        with pytest.raises(RuleViolation):
            backup.backup_database(office, tmp_path / "in" / "otro.sqlite3", actor=actor)
        with pytest.raises(RuleViolation):
            backup.restore_database(office, source, actor=actor)
    assert not (tmp_path / "in" / "otro.sqlite3").exists()


@pytest.mark.parametrize("command", ["restore", "backup"])
def test_a_wrong_user_or_role_on_the_command_line_is_refused(office, tmp_path: Path, cli, monkeypatch,
                                                             command: str) -> None:
    source = _backup(office, tmp_path / "in")
    args = [str(source)] if command == "restore" else ["-o", str(tmp_path / "in" / "nuevo.sqlite3")]
    records.create(office, "companies", {"name": "Hecha después", "rfc": "HDE900101AB1", "legal_representative": "A"})
    for user, password, expected in (("nosuchuser", "wrong", "user name or the password is wrong"),
                                     ("ana", "wrong-password", "user name or the password is wrong"),
                                     ("lucia", "contraseña-larga", "does not allow this")):
        monkeypatch.setenv("VETDESK_PASSWORD", password)
        code, out, err = cli(office, "--user", user, command, *args)
        assert code == 1, (user, err)
        assert "Traceback" not in err and expected in err
    assert records.count_records(office, "companies") == 2  # nothing was restored
    assert not (tmp_path / "in" / "nuevo.sqlite3").exists()
    monkeypatch.setenv("VETDESK_PASSWORD", "contraseña-larga")
    code, out, err = cli(office, "--user", "ana", command, *args)
    assert code == 0, err


_KILLED_RESTORE = """
import sys, time
from vetdesk import i18n
from vetdesk.services import backup
from vetdesk.storage.engine import connect

def slow(message):
    print(message, flush=True)
    if message.startswith(sys.argv[3]):
        time.sleep(60)  # killed here

i18n.set_language("en")
backup.restore_database(connect(sys.argv[1]), sys.argv[2], progress=slow)
"""


@pytest.mark.parametrize("stage", ["Restoring apprentices", "Keeping"])
def test_a_killed_restore_leaves_the_old_database_and_its_leftovers_are_cleared(office, tmp_path: Path, cli,
                                                                                stage: str) -> None:
    source = _backup(office, tmp_path / "in")
    records.create(office, "companies", {"name": "Antes de matar", "rfc": "AMA900101AB1", "legal_representative": "A"})
    live = _live(office)
    office.dispose()
    worker = subprocess.Popen([sys.executable, "-c", _KILLED_RESTORE, str(live), str(source), stage],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert worker.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = worker.stdout.readline()
        if line.startswith(stage) or not line:
            break
    time.sleep(0.2)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    worker.stdout.close()
    assert worker.stderr is not None
    worker.stderr.close()
    left = [p for p in live.parent.iterdir() if p.name.startswith(".restore-")]
    assert left  # what the killed process left (its scratch folder)
    # The old database is whole and unchanged.
    assert {c["name"] for c in records.list_records(office, "companies")} == {"Taller Norte", "Antes de matar"}
    # The next run clears what was left.
    code, out, err = cli(office, "list", "companies")
    assert code == 0, err
    assert not [p for p in live.parent.iterdir() if p.name.startswith(".restore-") or p.name.endswith(".part")]
    assert not [p for p in (live.parent / "backups").iterdir() if p.name.startswith(".")]
    shutil.rmtree(tmp_path / "in")


def test_the_audit_trail_survives_restoring_an_older_copy(office, tmp_path: Path) -> None:
    """What was done after the backup was taken stays in the audit trail of the restored database, once."""
    source = _backup(office, tmp_path / "in")
    later = records.create(office, "companies", {"name": "Hecha después", "rfc": "HDE900101AB1",
                                                 "legal_representative": "A"}).id
    admin = Actor(username="ana", role="administrator")
    backup.restore_database(office, source, actor=admin)
    backup.restore_database(office, source, actor=admin)
    conn = sqlite3.connect(_live(office))
    try:
        created = conn.execute("SELECT count(*) FROM audit_entries WHERE kind = 'companies' AND record_id = ? "
                               "AND action = 'create'", (later,)).fetchone()[0]
        restores = conn.execute("SELECT count(*) FROM audit_entries WHERE action = 'restore'").fetchone()[0]
        companies = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
    finally:
        conn.close()
    assert created == 1 and restores == 2
    assert companies == 1  # the data is the backup's


def test_a_database_with_users_is_restored_only_with_an_administrators_sign_in(office, tmp_path: Path,
                                                                                cli) -> None:
    source = _backup(office, tmp_path / "in")
    code, out, err = cli(office, "restore", str(source))  # no --user: the file's access is not enough
    assert code == 1 and "--user" in err and "administrator" in err, err
