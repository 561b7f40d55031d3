"""Schema upgrades with Alembic: run on start and by ``vetdesk db upgrade``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from vetdesk.i18n import _
from vetdesk.storage.engine import Database
from vetdesk.storage.revision import SCHEMA_HEAD, NotAVetdeskDatabase, SchemaTooNew

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
def alembic_config(db: Database | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if db is not None:
        cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(db: Database) -> str | None:
    """The revision recorded in the database, read with one plain query (None: no vetdesk schema)."""
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def _not_vetdesk(db: Database) -> NotAVetdeskDatabase:
    return NotAVetdeskDatabase(_("{location} holds other data, not a vetdesk database. Choose another file "
                                 "or an empty database; nothing was changed.").format(location=db.display_location))


def _peek_sqlite_file(db: Database) -> tuple[bool, str | None] | None:
    """Look into a SQLite file read-only, before any vetdesk connection sets its pragmas (WAL changes
    the file): return (has tables, alembic revision), or None when the file does not exist yet."""
    path = make_url(db.url).database
    if not path or path == ":memory:" or not Path(path).is_file():
        return None
    if Path(path).stat().st_size == 0:
        return (False, None)
    try:
        conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None  # cannot even open it read-only: the engine's connection reports why
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return (bool(tables), revision)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc) or "encrypted" in str(exc):
            raise _not_vetdesk(db) from exc
        return None
    finally:
        conn.close()


def check_not_newer(db: Database) -> None:
    """Refuse, without changing anything, a database of a newer vetdesk or one holding other data."""
    peek = _peek_sqlite_file(db) if db.is_sqlite else None
    if peek is not None:
        has_tables, revision = peek
        if revision is None and has_tables:
            raise _not_vetdesk(db)
    else:
        revision = current_revision(db)
        if revision is None:
            with db.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
            if tables:
                raise _not_vetdesk(db)
    if revision is None or revision == SCHEMA_HEAD:
        return
    from alembic.script import ScriptDirectory

    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise SchemaTooNew(_("The database {location} was written by a newer version of vetdesk "
                             "(schema {revision}). Install the newer version to open it; nothing was "
                             "changed.").format(location=db.display_location, revision=revision))


def backup_before_upgrade(db: Database, revision: str) -> Path | None:
    """Copy a SQLite database (online backup API) beside itself before its schema changes:
    ``<name>.before-<revision>.bak``. PostgreSQL is backed up by its server's own tools."""
    if not db.is_sqlite:
        return None
    path = make_url(db.url).database
    if not path or path == ":memory:":
        return None
    target = Path(f"{path}.before-{revision}.bak")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def upgrade(db: Database, revision: str = "head") -> bool:
    """Bring the schema to ``revision`` in one transaction; return whether anything was applied.
    A SQLite database holding an older schema is copied first (:func:`backup_before_upgrade`)."""
    if revision == "head" and db.is_sqlite:
        peek = _peek_sqlite_file(db)
        if peek is not None and peek[1] == SCHEMA_HEAD:
            return False  # the common case on start: nothing to do, no Alembic needed
    elif revision == "head" and _stored_revision(db) == SCHEMA_HEAD:
        return False
    check_not_newer(db)
    before = current_revision(db)
    if before == head_revision() and revision == "head":
        return False
    from alembic import command

    if before is not None:
        backup_before_upgrade(db, before)
    cfg = alembic_config(db)
    with db.writer() as session:  # one transaction (BEGIN IMMEDIATE on SQLite) for the whole upgrade
        connection = session.connection()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        session.commit()
    return True
