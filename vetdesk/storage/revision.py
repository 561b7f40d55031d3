"""Which schema a vetdesk database holds, known without importing Alembic or SQLAlchemy."""

from __future__ import annotations

#: The newest revision in migrations/versions. Kept here so that opening an up-to-date database needs no
#: Alembic import; a test checks it equals Alembic's head.
SCHEMA_HEAD = "0006"


class SchemaTooNew(Exception):
    """The database was written by a newer vetdesk; this one must not touch it."""


class NotAVetdeskDatabase(Exception):
    """The database holds tables but none of them are vetdesk's."""
