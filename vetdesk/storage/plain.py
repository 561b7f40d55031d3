"""Plain SQL reads, through a SQLAlchemy session or through a bare ``sqlite3`` connection.

A few reads are written once as SQL text and run both ways: by the services in their session, and by the
first screen of the window through a read-only ``sqlite3`` connection opened before SQLAlchemy is even
imported (importing SQLAlchemy and mapping the models costs more than showing a window). This module
imports nothing but the standard library.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol


class PlainReads(Protocol):
    """Runs SQL text with ``:name`` parameters and returns its rows as tuples."""

    #: "sqlite" or "postgresql": the few spellings that differ are chosen by it.
    dialect: str

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]: ...


def _bound(dialect: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """SQLite keeps dates as ISO text (as SQLAlchemy's Date type writes them); other values pass as they are."""
    values = dict(params or {})
    if dialect == "sqlite":
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    return values


class SessionReads:
    """Plain SQL in a SQLAlchemy session (its transaction, so its snapshot)."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.dialect = str(session.get_bind().dialect.name)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        return [tuple(r) for r in self.session.execute(text(sql), _bound(self.dialect, params))]


class SqliteReads:
    """Plain SQL on a ``sqlite3`` connection, inside one read transaction opened by :func:`open_sqlite_reads`."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, _bound(self.dialect, params)).fetchall()

    def started(self, sql: str, params: Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        """Run ``sql`` up to its first row, which the cursor's ``fetchone()`` then reads. The work is SQLite's,
        outside Python's lock; reading the row steps the statement once more (to its end), which takes the
        lock again: a thread that only counts can leave that to another thread."""
        return self.connection.execute(sql, _bound(self.dialect, params))

    def close(self) -> None:
        self.connection.close()


def sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///…`` URL as SQLAlchemy reads it (``sqlite:////abs`` or ``sqlite:///rel``),
    or None for any other URL, an in-memory database or a URL with options."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = url[len(prefix):]
    if not path or path == ":memory:":
        return None
    return Path(path)


def open_sqlite_reads(path: Path, *, busy_timeout_ms: int) -> SqliteReads:
    """A read-only connection to an existing SQLite file, in one read transaction (a consistent snapshot).

    Read-only (``mode=ro``) so that opening it never creates, converts or writes the file; it still reads
    the write-ahead log, so it sees every committed write of the other PCs' vetdesk.
    """
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                 timeout=busy_timeout_ms / 1000, check_same_thread=False)
    try:
        connection.execute("BEGIN")
    except sqlite3.Error:
        connection.close()
        raise
    return SqliteReads(connection)


#: What every connection vetdesk makes to a SQLite file sets first (``storage.engine`` for SQLAlchemy's, and
#: :func:`open_sqlite_writes`): the busy timeout is added by each from ``BUSY_TIMEOUT_MS``.
SQLITE_PRAGMAS = ("PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL")


class SqliteWrites(SqliteReads):
    """Plain SQL on a writable ``sqlite3`` connection inside one write transaction (``BEGIN IMMEDIATE``, as
    vetdesk's writers take it): :meth:`commit` ends it, :meth:`close` without it rolls back."""

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        self.connection.execute(sql, _bound(self.dialect, params))

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def close(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        self.connection.close()


def open_sqlite_writes(path: Path, *, busy_timeout_ms: int) -> SqliteWrites:
    """A connection to an existing SQLite file set up as SQLAlchemy's are, in a write transaction (the write
    lock taken up front, so two writers never deadlock upgrading a read lock)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                                 timeout=busy_timeout_ms / 1000)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        connection.close()
        raise
    return SqliteWrites(connection)


def in_list(values: Sequence[str]) -> str:
    """``('a', 'b')`` for fixed words of vetdesk's own (statuses), never for what a person typed."""
    for value in values:
        if not value.replace("_", "").isalnum():
            raise ValueError(f"not a plain word: {value!r}")
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# -- values as the models read them ------------------------------------------------------------------------
# A plain read gets what the driver returns: SQLite keeps dates, times, decimals and JSON as SQLAlchemy wrote
# them (ISO text, a float, JSON text); PostgreSQL's driver returns Python values already. These read either as
# the models' columns do, so a document gathered with plain SQL equals one read through the ORM.

def day(value: Any) -> date | None:
    """A ``Date`` column's value."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def moment(value: Any) -> datetime | None:
    """A ``DateTime`` column's value (SQLite: ``2026-12-03 08:15:00.123456``)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def decimal(value: Any, scale: int) -> Decimal | None:
    """A ``Numeric(p, scale)`` column's value: SQLite's float read back to ``scale`` places, as SQLAlchemy does."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(f"{float(value):.{scale}f}")


def json_value(value: Any) -> Any:
    """A ``JSON`` column's value (SQLite: its text)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def flag(value: Any) -> bool | None:
    """A ``Boolean`` column's value (SQLite: 0 or 1)."""
    return None if value is None else bool(value)


def sqlalchemy_datetime(value: datetime) -> str:
    """A ``DateTime`` as SQLAlchemy writes it into SQLite (what a plain write must store for the ORM to read)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")
