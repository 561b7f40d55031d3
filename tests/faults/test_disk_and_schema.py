"""The environment at fault: read-only file, full disk, a newer database. Each gives a clear message and
changes nothing."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, func, select, text

from tests.factories import company_rfc
from vetdesk.services import records
from vetdesk.services.faults import explain
from vetdesk.storage.engine import connect
from vetdesk.storage.migrate import SchemaTooNew, upgrade
from vetdesk.storage.models import Company

COMPANY = {"name": "Metalúrgica del Bajío", "rfc": "MBA850925AB1", "legal_representative": "Rosa Díaz"}


def _count(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(Company))


def test_read_only_database_gives_plain_message(sqlite_db, cli):
    records.create(sqlite_db, "companies", COMPANY)
    path = sqlite_db.engine.url.database
    sqlite_db.dispose()
    # Root ignores file modes, so open the file the way a read-only share presents it: read-only mode.
    ro_url = f"sqlite:///file:{path}?mode=ro&uri=true"
    ro = connect(ro_url)
    code, out, err = cli(ro, "add", "companies", "name=Otra", "rfc=OTR850925AB1")
    assert code == 1
    assert "read-only" in err
    assert "Traceback" not in err
    assert _count(connect(path)) == 1


def test_full_disk_changes_nothing(sqlite_db):
    records.create(sqlite_db, "companies", COMPANY)
    with sqlite_db.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()

    @event.listens_for(sqlite_db.engine, "connect")
    def _tiny_disk(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sqlite_db.engine.dispose()  # reconnect so every connection sees the limit
    made = 0
    with pytest.raises(Exception) as exc:  # companies with long addresses until the disk is full
        for _ in range(1000):
            records.create(sqlite_db, "companies", COMPANY | {"rfc": company_rfc(), "address": "x" * 499})
            made += 1
    message = explain(exc.value)
    assert message is not None and "disk is full" in message
    assert _count(sqlite_db) == 1 + made  # the one that did not fit left nothing behind


def test_newer_schema_is_refused_untouched(sqlite_db, cli):
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    before = sqlite3.connect(sqlite_db.engine.url.database).execute("SELECT count(*) FROM companies").fetchone()
    with pytest.raises(SchemaTooNew):
        upgrade(sqlite_db)
    code, out, err = cli(sqlite_db, "add", "companies", "name=Otra", "rfc=OTR850925AB1")
    assert code == 1 and "newer version" in err
    con = sqlite3.connect(sqlite_db.engine.url.database)
    assert con.execute("SELECT count(*) FROM companies").fetchone() == before
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("ffff_future",)
