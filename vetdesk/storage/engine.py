"""Opening a database: a SQLite file (the default) or a PostgreSQL server shared by an office.

A :class:`Database` is cheap to make: SQLAlchemy is imported and the engine built when it is first used,
so that the window can show its first screen (counted with plain ``sqlite3``, see ``storage.plain``) while
SQLAlchemy still loads.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from vetdesk.paths import default_database_path
from vetdesk.storage.plain import SQLITE_PRAGMAS, sqlite_file

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "VETDESK_DB"
BUSY_TIMEOUT_MS = 30_000


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` / ``VETDESK_DB`` take a file path or a SQLAlchemy URL; neither means the default file."""
    value = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if value is None:
        path = default_database_path()
        private_database(path)
        return f"sqlite:///{path}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def private_database(path: Path) -> None:
    """The default database, in the user's own data folder, is the user's alone (mode 0600, its folder 0700), as
    its backups are: it holds every CURP and the users' password hashes. Made empty with that mode before SQLite
    opens it, its -wal and -shm files are made with the same (SQLite gives them the database file's); one made
    readable by others before is made private. A database put elsewhere on purpose (``--db``, ``VETDESK_DB``: a
    shared folder) keeps the permissions its folder gives."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "posix":
        return  # Windows: the user's profile folder is theirs already
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError:
        return  # a folder that cannot be written: opening the database says so
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:
            continue  # not there (no -wal yet), or not ours to change


def _sqlite_compiler(base: type) -> type:
    class IndexHintingCompiler(base):  # type: ignore[misc, valid-type]
        """SQLite names an index after a table (``FROM t INDEXED BY ix``); SQLAlchemy's SQLite compiler drops
        such hints, so ``select().with_hint(table, "INDEXED BY ix", "sqlite")`` would not reach SQLite.
        SQLite has no planner statistics here (no ANALYZE), so a few list queries name their index."""

        def get_from_hint_text(self, table: object, text: str | None) -> str | None:
            return text

    return IndexHintingCompiler


def _configure_sqlite(engine: Engine) -> None:
    from sqlalchemy import event

    engine.dialect.statement_compiler = _sqlite_compiler(engine.dialect.statement_compiler)
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # SQLAlchemy's documented pysqlite fix: let SQLAlchemy emit BEGIN itself so it is real.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front, so two processes never deadlock upgrading a read
        # lock (which the busy timeout cannot resolve); readers do not block each other.
        immediate = conn.get_execution_options().get("vetdesk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _Engines:
    """The engine and session factories of one URL, built once on first use (from any thread)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._built: tuple[Engine, sessionmaker[Session], sessionmaker[Session]] | None = None
        #: Called with what each committed unit of work changed (see :meth:`Database.listen`).
        self.listeners: list[Callable[[Any], None]] = []

    def get(self) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
        built = self._built
        if built is None:
            with self._lock:
                if self._built is None:
                    self._built = _build(self.url)
                built = self._built
        return built

    def dispose(self) -> None:
        if self._built is not None:
            self._built[0].dispose()


def _build(url: str) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    kwargs: dict[str, object] = {}
    sqlite = _backend(url) == "sqlite"
    if sqlite:
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    if _backend(url) == "postgresql":
        from vetdesk.storage.models import for_postgresql

        for_postgresql()  # the partial indexes' PostgreSQL condition (kept off SQLite's start)
    engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
    if sqlite:
        _configure_sqlite(engine)
    writer_engine = engine.execution_options(vetdesk_write=True)
    return (engine, sessionmaker(engine, expire_on_commit=False),
            sessionmaker(writer_engine, expire_on_commit=False))


def _backend(url: str) -> str:
    """``sqlite`` or ``postgresql`` (the part of the URL's scheme before any ``+driver``)."""
    return url.split("://", 1)[0].split("+", 1)[0]


class Database:
    """An open database: its engine and the session factories the services use (built on first use)."""

    def __init__(self, url: str, principal: object | None = None, *, _engines: _Engines | None = None) -> None:
        self.url = url
        #: Who works through this handle (a services.uow.Actor, opaque here): the signed-in user of a window
        #: or a command. Services act for it unless a caller names another actor.
        self.principal = principal
        self._engines = _engines if _engines is not None else _Engines(url)

    def __repr__(self) -> str:
        return f"Database({self.display_location!r}, principal={self.principal!r})"

    @property
    def engine(self) -> Engine:
        return self._engines.get()[0]

    @property
    def reader(self) -> sessionmaker[Session]:
        return self._engines.get()[1]

    @property
    def writer(self) -> sessionmaker[Session]:
        return self._engines.get()[2]

    def for_principal(self, principal: object) -> Self:
        """The same database, worked on by ``principal`` (shares the engine, sessions and listeners)."""
        return type(self)(self.url, principal, _engines=self._engines)

    def listen(self, listener: Callable[[Any], None]) -> Callable[[], None]:
        """Call ``listener`` with what each committed change did, whichever handle of this database (and
        whichever thread) made it; returns the function that stops listening. The payload is opaque here
        (the services announce a ``ChangeSet``)."""
        self._engines.listeners.append(listener)

        def stop() -> None:
            if listener in self._engines.listeners:
                self._engines.listeners.remove(listener)
        return stop

    def announce(self, payload: Any) -> None:
        """Tell every listener about a committed change. A listener that fails is logged and skipped: the
        change is already written, and the others must still hear of it."""
        for listener in list(self._engines.listeners):
            try:
                listener(payload)
            except Exception:  # noqa: BLE001 - one view's fault must not undo or hide a committed change
                logging.getLogger(__name__).exception("a change listener failed")

    @property
    def is_sqlite(self) -> bool:
        return _backend(self.url) == "sqlite"

    @property
    def display_location(self) -> str:
        """Where the data lives, for people (no password)."""
        path = sqlite_file(self.url)
        if path is not None:
            return str(path)
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self._engines.dispose()


def connect(db: str | os.PathLike[str] | None = None) -> Database:
    """Open (but do not migrate) the database named by ``db``, ``VETDESK_DB`` or the default. Nothing is
    read yet: the engine is built by the first session or connection."""
    return Database(resolve_url(db))


