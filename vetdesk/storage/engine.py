"""Opening a database: a SQLite file (the default) or a PostgreSQL server shared by an office."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from vetdesk.paths import default_database_path

ENV_VAR = "VETDESK_DB"
BUSY_TIMEOUT_MS = 30_000


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` / ``VETDESK_DB`` take a file path or a SQLAlchemy URL; neither means the default file."""
    value = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if value is None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_compiler(base: type) -> type:
    class IndexHintingCompiler(base):  # type: ignore[misc, valid-type]
        """SQLite names an index after a table (``FROM t INDEXED BY ix``); SQLAlchemy's SQLite compiler drops
        such hints, so ``select().with_hint(table, "INDEXED BY ix", "sqlite")`` would not reach SQLite.
        SQLite has no planner statistics here (no ANALYZE), so a few list queries name their index."""

        def get_from_hint_text(self, table: object, text: str | None) -> str | None:
            return text

    return IndexHintingCompiler


def _configure_sqlite(engine: Engine) -> None:
    engine.dialect.statement_compiler = _sqlite_compiler(engine.dialect.statement_compiler)
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # SQLAlchemy's documented pysqlite fix: let SQLAlchemy emit BEGIN itself so it is real.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front, so two processes never deadlock upgrading a read
        # lock (which the busy timeout cannot resolve); readers do not block each other.
        immediate = conn.get_execution_options().get("vetdesk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass
class Database:
    """An open database: its engine and the session factories the services use."""

    url: str
    engine: Engine
    reader: sessionmaker[Session]
    writer: sessionmaker[Session]
    #: Who works through this handle (a services.uow.Actor, opaque here): the signed-in user of a window or
    #: a command. Services act for it unless a caller names another actor.
    principal: object | None = None

    def for_principal(self, principal: object) -> Database:
        """The same database, worked on by ``principal`` (shares the engine and sessions)."""
        return replace(self, principal=principal)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_location(self) -> str:
        """Where the data lives, for people (no password)."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def connect(db: str | os.PathLike[str] | None = None) -> Database:
    """Open (but do not migrate) the database named by ``db``, ``VETDESK_DB`` or the default."""
    url = resolve_url(db)
    backend = make_url(url).get_backend_name()
    kwargs: dict[str, object] = {}
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
    if backend == "sqlite":
        _configure_sqlite(engine)
    writer_engine = engine.execution_options(vetdesk_write=True)
    return Database(
        url=url,
        engine=engine,
        reader=sessionmaker(engine, expire_on_commit=False),
        writer=sessionmaker(writer_engine, expire_on_commit=False),
    )
