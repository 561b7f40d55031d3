"""The first start: is there anything in this database yet, and does it have user accounts?

Asked with plain SQL (``storage.plain``): through a session by the services, and by the window on a
read-only ``sqlite3`` connection before SQLAlchemy is loaded (:func:`first_look`). Imports no SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vetdesk.domain.limits import Thresholds
from vetdesk.storage.engine import BUSY_TIMEOUT_MS
from vetdesk.storage.plain import PlainReads, SessionReads, SqliteReads, open_sqlite_reads, sqlite_file
from vetdesk.storage.revision import SCHEMA_HEAD

if TYPE_CHECKING:
    from vetdesk.storage.engine import Database

#: The tables whose records mean an office has started working with this database.
WORK_TABLES = ("companies", "apprentices", "learning_agreements")


def is_empty(reads: PlainReads) -> bool:
    """Only existence is asked (one indexed probe per table), so this stays instant on a large database and
    tells nothing about the records themselves: any signed-in role may ask it."""
    return all(not reads.rows(f"SELECT id FROM {table} LIMIT 1") for table in WORK_TABLES)


def has_accounts(reads: PlainReads) -> bool:
    return bool(reads.rows("SELECT id FROM users LIMIT 1"))


def database_is_empty(db: Database) -> bool:
    """True when the database holds no company, apprentice or learning agreement at all."""
    from vetdesk.services.uow import reading

    with reading(db) as session:
        return is_empty(SessionReads(session))


@dataclass(frozen=True)
class FirstLook:
    """What the window needs before its first screen, read from an up-to-date SQLite file."""

    has_users: bool
    empty: bool
    #: The office's dashboard thresholds, so the first screen's count is one statement.
    thresholds: Thresholds = field(default_factory=Thresholds)


def current_file_reads(url: str) -> SqliteReads | None:
    """Read-only access to the SQLite file of ``url`` when it holds vetdesk's current schema; None for anything
    else (no file yet, an older or newer schema, PostgreSQL, an unreadable file): such a database is opened the
    full way, which upgrades it or says what is wrong. The caller closes what it gets."""
    path = sqlite_file(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        reads = open_sqlite_reads(path, busy_timeout_ms=BUSY_TIMEOUT_MS)
    except sqlite3.Error:
        return None
    try:
        if reads.rows("SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]:
            return reads
    except sqlite3.Error:
        pass
    reads.close()
    return None


def first_look(url: str) -> FirstLook | None:
    """A read-only look into the SQLite file of ``url`` if it holds vetdesk's current schema
    (:func:`current_file_reads`); None for anything else."""
    reads = current_file_reads(url)
    if reads is None:
        return None
    try:
        from vetdesk.services.dashboard import read_thresholds

        return FirstLook(has_users=has_accounts(reads), empty=is_empty(reads), thresholds=read_thresholds(reads))
    except sqlite3.Error:
        return None
    finally:
        reads.close()
