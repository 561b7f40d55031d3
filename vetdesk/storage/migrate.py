"""Schema upgrades with Alembic: run on start and by ``vetdesk db upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from vetdesk.i18n import _
from vetdesk.storage.engine import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaTooNew(Exception):
    """The database was written by a newer vetdesk; this one must not touch it."""


class NotAVetdeskDatabase(Exception):
    """The database holds tables but none of them are vetdesk's."""


def alembic_config(db: Database | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if db is not None:
        cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(db: Database) -> None:
    revision = current_revision(db)
    if revision is None:
        with db.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables:
            raise NotAVetdeskDatabase(_("{location} holds other data, not a vetdesk database. Choose "
                                        "another file or an empty database.").format(location=db.display_location))
        return
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise SchemaTooNew(_("The database {location} was written by a newer version of vetdesk "
                             "(schema {revision}). Install the newer version to open it; nothing was "
                             "changed.").format(location=db.display_location, revision=revision))


def upgrade(db: Database, revision: str = "head") -> bool:
    """Bring the schema to ``revision`` in one transaction; return whether anything was applied."""
    check_not_newer(db)
    before = current_revision(db)
    if before == head_revision() and revision == "head":
        return False
    cfg = alembic_config(db)
    with db.writer() as session:  # one transaction (BEGIN IMMEDIATE on SQLite) for the whole upgrade
        connection = session.connection()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        session.commit()
    return True
