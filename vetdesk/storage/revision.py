"""Which schema a vetdesk database holds, and the conditions of its partial indexes, known without importing
Alembic or SQLAlchemy."""

from __future__ import annotations

#: The newest revision in migrations/versions. Kept here so that opening an up-to-date database needs no
#: Alembic import; a test checks it equals Alembic's head.
SCHEMA_HEAD = "0033"


class SchemaTooNew(Exception):
    """The database was written by a newer vetdesk; this one must not touch it."""


class UpgradeBlocked(Exception):
    """The database holds data a migration cannot take as it is (its message says what to put right first);
    the upgrade's transaction is rolled back, so nothing was changed."""


class NotAVetdeskDatabase(Exception):
    """The database holds tables but none of them are vetdesk's."""


def blank(column: str) -> str:
    """``column`` holds nothing (NULL or empty text), in SQL."""
    return f"({column} IS NULL OR {column} = '')"


def _blank_any(columns: tuple[str, ...], table: str) -> str:
    # Without parentheses around each column's test: SQLite uses a partial index only for the very
    # expression tree it was created with (migration 0007 wrote it so).
    prefix = f"{table}." if table else ""
    return " OR ".join(f"{prefix}{c} IS NULL OR {prefix}{c} = ''" for c in columns)


def no_guardian(table: str = "") -> str:
    """Apprentices lacking a guardian's name, relation or phone: the rows of a partial index (migration 0007),
    written as its queries must write it for the index to serve them."""
    return _blank_any(("guardian_name", "guardian_relation", "guardian_phone"), table)


def no_permit(table: str = "") -> str:
    """Agreements without an STPS permit number (the partial index of migration 0007)."""
    return _blank_any(("stps_permit_number",), table)


def unexcused(table: str = "") -> str:
    """Attendance days missed without excuse, at the company or at school (``domain.logbook.UNEXCUSED``): the
    rows of the partial index of migration 0026, written as its queries must write it for the index to serve
    them."""
    from vetdesk.domain.logbook import UNEXCUSED

    prefix = f"{table}." if table else ""
    return f"{prefix}presence IN (" + ", ".join(f"'{code}'" for code in UNEXCUSED) + ")"
