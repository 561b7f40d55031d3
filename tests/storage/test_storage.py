"""Storage: SQLite pragmas, whole-or-nothing transactions, migrations that refuse what they must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from vetdesk.services.uow import unit_of_work
from vetdesk.storage import engine as engine_mod
from vetdesk.storage.engine import connect, resolve_url
from vetdesk.storage.migrate import (
    NotAVetdeskDatabase,
    SchemaTooNew,
    backup_before_upgrade,
    current_revision,
    head_revision,
    upgrade,
)
from vetdesk.storage.models import AuditEntry, Company, Instructor


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_pragmas_on_every_connection(sqlite_db) -> None:
    seen = []
    for _ in range(3):
        raw = sqlite_db.engine.raw_connection()
        try:
            cur = raw.cursor()
            seen.append(tuple(cur.execute(f"PRAGMA {p}").fetchone()[0]
                              for p in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")))
        finally:
            raw.invalidate()  # a brand-new DBAPI connection next time round
    assert seen == [(1, "wal", engine_mod.BUSY_TIMEOUT_MS, 1)] * 3


def test_sqlite_foreign_keys_are_enforced(sqlite_db) -> None:
    with pytest.raises(IntegrityError), sqlite_db.writer() as s:
        s.add(Instructor(company_id=999, name="Nadie"))
        s.commit()


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_unit_of_work_that_raises_midway_leaves_the_database_as_before(db) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), unit_of_work(db, "test") as uow:
        uow.session.add(Company(name="A", rfc="ABC900101A12", id_country="MX"))
        uow.session.flush()
        uow.audit(kind="companies", record_id=1, action="create", after={"name": "A"})
        uow.session.flush()
        raise Boom
    assert (count(db, Company), count(db, AuditEntry)) == (0, 0)
    with unit_of_work(db, "test") as uow:
        uow.session.add(Company(name="B", rfc="ABC900101A13", id_country="MX"))
    assert count(db, Company) == 1


def test_upgrade_from_empty_to_head_and_again_is_a_no_op(tmp_path: Path) -> None:
    db = connect(tmp_path / "new.sqlite3")
    assert current_revision(db) is None
    assert upgrade(db) is True
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert {"companies", "apprentices", "learning_agreements", "audit_entries", "alembic_version"} <= tables
    assert upgrade(db) is False
    db.dispose()


def test_database_of_a_newer_vetdesk_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    db = connect(path)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.dispose()
    before = digest(path)
    db = connect(path)
    with pytest.raises(SchemaTooNew) as info:
        upgrade(db)
    assert "newer version of vetdesk" in str(info.value) and "9999_from_the_future" in str(info.value)
    db.dispose()
    assert digest(path) == before


def test_newer_schema_refused_on_both_backends(db) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(SchemaTooNew):
        upgrade(db)
    assert current_revision(db) == "9999_from_the_future"


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ana')")
    conn.commit()
    conn.close()
    before = digest(path)
    db = connect(path)
    with pytest.raises(NotAVetdeskDatabase) as info:
        upgrade(db)
    assert "not a vetdesk database" in str(info.value)
    db.dispose()
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("dear diary, " * 200)
    db = connect(path)
    with pytest.raises(NotAVetdeskDatabase):
        upgrade(db)
    db.dispose()
    assert path.read_text() == "dear diary, " * 200


def test_resolve_url_takes_paths_urls_the_environment_and_a_default(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_url(tmp_path / "a.sqlite3") == f"sqlite:///{tmp_path / 'a.sqlite3'}"
    url = "postgresql+psycopg://u@127.0.0.1:5432/x"
    assert resolve_url(url) == url
    monkeypatch.setenv("VETDESK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.delenv("VETDESK_DB")
    default = resolve_url(None)
    assert default.startswith("sqlite:///") and str(tmp_path / "xdg-data") in default


def test_display_location_hides_the_password() -> None:
    db = connect("postgresql+psycopg://vetdesk:s3cret@127.0.0.1:1/x")
    assert "s3cret" not in db.display_location and "127.0.0.1" in db.display_location
    db.dispose()


def test_backup_before_upgrade_is_a_readable_copy(sqlite_db) -> None:
    with unit_of_work(sqlite_db, "test") as uow:
        uow.session.add(Company(name="Copiada", rfc="ABC900101A12", id_country="MX"))
    from vetdesk.storage.migrate import SCHEMA_HEAD

    target = backup_before_upgrade(sqlite_db, SCHEMA_HEAD)
    assert target is not None and target.name.endswith(f".before-{SCHEMA_HEAD}.bak")
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT name FROM companies").fetchall() == [("Copiada",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
    finally:
        conn.close()


def test_no_backup_for_a_new_database(tmp_path: Path) -> None:
    db = connect(tmp_path / "fresh.sqlite3")
    upgrade(db)
    db.dispose()
    assert list(tmp_path.glob("*.bak")) == []
