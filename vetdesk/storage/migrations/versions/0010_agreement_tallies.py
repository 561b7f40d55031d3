"""The database counts its agreements as they change: ``agreement_tallies``, kept by triggers.

The dashboard's figures by status, by programme, company and sex (active agreements), each instructor's current
apprentices and the outcomes by year grouped every agreement at each count (≈40 ms of SQL at 100,000
apprentices, half of the first screen's). Each of these is now a row of ``agreement_tallies`` —
``(dimension, ref, code) -> n`` — that triggers on ``learning_agreements`` (and on an apprentice's sex) add
to and take from in the same transaction as the change, whoever writes it (vetdesk's services, an import, SQL
typed by hand). Only the figures that depend on today's date are still counted at start.

===========  ===============  ==========================  ========================================
dimension    ref              code                        rows counted
===========  ===============  ==========================  ========================================
status       0                the status                  every agreement
programme    programme id     ''                          active agreements
company      company id       ''                          active agreements
sex          0                the apprentice's sex        active agreements
instructor   instructor id    ''                          printed, signed or active, with instructor
outcome      year of the end  completed or terminated     completed or terminated agreements
===========  ===============  ==========================  ========================================

A tally that drops to zero stays as a row with ``n = 0`` (readers ask for ``n > 0``). SQLite uses row
triggers; PostgreSQL statement-level ones over the statement's rows (``REFERENCING``), so a bulk import
touches each tally once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "agreement_tallies"
CURRENT = "('printed', 'signed', 'active')"
ENDED = "('completed', 'terminated')"
#: The columns whose change moves an agreement between tallies.
COUNTED = ("status", "programme_id", "company_id", "instructor_id", "apprentice_id", "completed_on",
           "terminated_on", "end_date")


def _year(dialect: str, row: str) -> str:
    day = f"coalesce({row}.completed_on, {row}.terminated_on, {row}.end_date)"
    if dialect == "sqlite":
        return f"CAST(substr({day}, 1, 4) AS INTEGER)"
    return f"CAST(extract(year FROM {day}) AS INTEGER)"


def contributions(dialect: str, row: str, sign: str, rows: str | None = None) -> str:
    """What the agreement ``row`` adds to the tallies (``sign`` ``1``) or takes from them (``-1``): a SELECT
    of (dimension, ref, code, n). ``rows``: the table ``row`` ranges over (PostgreSQL's transition tables, or
    the agreements themselves); None in a SQLite row trigger, where ``row`` is NEW or OLD."""
    source = f" FROM {rows} {row}" if rows else ""
    with_apprentice = f" FROM {rows} {row}, apprentices a" if rows else " FROM apprentices a"
    return " UNION ALL ".join([
        f"SELECT 'status' AS dimension, 0 AS ref, {row}.status AS code, {sign} AS n{source}",
        f"SELECT 'programme', {row}.programme_id, '', {sign}{source} WHERE {row}.status = 'active'",
        f"SELECT 'company', {row}.company_id, '', {sign}{source} WHERE {row}.status = 'active'",
        f"SELECT 'sex', 0, a.sex, {sign}{with_apprentice} WHERE a.id = {row}.apprentice_id "
        f"AND {row}.status = 'active'",
        f"SELECT 'instructor', {row}.instructor_id, '', {sign}{source} WHERE {row}.status IN {CURRENT} "
        f"AND {row}.instructor_id IS NOT NULL",
        f"SELECT 'outcome', {_year(dialect, row)}, {row}.status, {sign}{source} WHERE {row}.status IN {ENDED}",
    ])


def add(*selects: str) -> str:
    """Add the summed contributions to the tallies; in a steady order, so that two writers lock the same
    tallies in the same order (PostgreSQL), and nothing is written for a change that moves nothing."""
    return (f"INSERT INTO {TABLE} (dimension, ref, code, n) SELECT dimension, ref, code, sum(n) "
            f"FROM ({' UNION ALL '.join(selects)}) c WHERE true GROUP BY dimension, ref, code HAVING sum(n) <> 0 "
            "ORDER BY dimension, ref, code "
            f"ON CONFLICT (dimension, ref, code) DO UPDATE SET n = {TABLE}.n + excluded.n")


def sex_moves(rows_old: str, rows_new: str, join: str) -> str:
    """The active agreements of apprentices whose sex changed leave their old sex's tally for the new one."""
    active = ("(SELECT count(*) FROM learning_agreements la WHERE la.apprentice_id = {r}.id "
              "AND la.status = 'active')")
    return add(f"SELECT 'sex' AS dimension, 0 AS ref, o.sex AS code, -{active.format(r='o')} AS n {join}",
               f"SELECT 'sex', 0, n.sex, {active.format(r='n')} {join}")


SQLITE_TRIGGERS = {
    "agreement_tallies_insert": ("AFTER INSERT ON learning_agreements",
                                 add(contributions("sqlite", "NEW", "1"))),
    "agreement_tallies_delete": ("AFTER DELETE ON learning_agreements",
                                 add(contributions("sqlite", "OLD", "-1"))),
    "agreement_tallies_update": (f"AFTER UPDATE OF {', '.join(COUNTED)} ON learning_agreements",
                                 add(contributions("sqlite", "OLD", "-1"), contributions("sqlite", "NEW", "1"))),
    "agreement_tallies_sex": ("AFTER UPDATE OF sex ON apprentices WHEN OLD.sex IS NOT NEW.sex",
                              sex_moves("OLD", "NEW", "FROM (SELECT OLD.id AS id, OLD.sex AS sex) o, "
                                                      "(SELECT NEW.id AS id, NEW.sex AS sex) n")),
}

FUNCTION = "vetdesk_agreement_tallies"
SEX_FUNCTION = "vetdesk_agreement_tallies_sex"
PG_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {add(contributions("postgresql", "r", "1", "new_rows"))};
    ELSIF TG_OP = 'DELETE' THEN
        {add(contributions("postgresql", "r", "-1", "old_rows"))};
    ELSE
        {add(contributions("postgresql", "r", "-1", "old_rows"), contributions("postgresql", "r", "1", "new_rows"))};
    END IF;
    RETURN NULL;
END;
$$
"""
PG_SEX_FUNCTION = f"""
CREATE FUNCTION {SEX_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {sex_moves("old_rows", "new_rows", "FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.sex <> o.sex")};
    RETURN NULL;
END;
$$
"""
PG_TRIGGERS = {
    "agreement_tallies_insert": ("learning_agreements", "AFTER INSERT ON learning_agreements "
                                 "REFERENCING NEW TABLE AS new_rows", FUNCTION),
    "agreement_tallies_delete": ("learning_agreements", "AFTER DELETE ON learning_agreements "
                                 "REFERENCING OLD TABLE AS old_rows", FUNCTION),
    # Transition tables allow no column list: every update is looked at; one that moves nothing writes nothing.
    "agreement_tallies_update": ("learning_agreements", "AFTER UPDATE ON learning_agreements "
                                 "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", FUNCTION),
    "agreement_tallies_sex": ("apprentices", "AFTER UPDATE ON apprentices "
                              "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", SEX_FUNCTION),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        TABLE,
        sa.Column("dimension", sa.String(12), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "ref", "code", name="pk_agreement_tallies"),
    )
    op.execute(add(contributions(dialect, "la", "1", "learning_agreements")))
    if dialect == "sqlite":
        for name, (when, body) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body}; END")
        return
    op.execute(PG_FUNCTION)
    op.execute(PG_SEX_FUNCTION)
    for name, (_table, when, function) in PG_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION {function}()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, (table, _when, _function) in PG_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        op.execute(f"DROP FUNCTION IF EXISTS {SEX_FUNCTION}()")
    op.drop_table(TABLE)
