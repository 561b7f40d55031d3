"""Each agreement knows the date of its last assessment, kept by the database itself.

The dashboard lists the apprentices whose running agreement has had no assessment for some weeks. Asked as
"no assessment on or after that day" it probed the assessments once per running agreement: 47,000 probes,
30 ms of the first screen at 100,000 apprentices, the largest single figure. ``last_assessed_on`` holds the
latest ``assessed_on`` of the agreement's assessments (NULL without any); triggers on ``assessments`` keep
it on every insert, change and delete, whoever writes (vetdesk's services, an import, a hand-made SQL fix),
in the same transaction. The question becomes a range of the index (status, last_assessed_on): 5 ms.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_agreements_status_last_assessed"
# Not covering (start_date, apprentice_id are read from the few rows found): a wider index led SQLite's
# planner to take it for every count of a status joined to the apprentices, in an order that made those joins
# four times slower (17 -> 52 ms for the dashboard's figure by sex).
COLUMNS = ["status", "last_assessed_on"]
FUNCTION = "vetdesk_last_assessed_on"

#: The latest assessment date of agreement ``{id}``.
LATEST = "(SELECT max(assessed_on) FROM assessments WHERE agreement_id = {id})"

SQLITE_TRIGGERS = {
    # A new assessment can only move the date forward: no need to look at the others.
    "assessments_last_insert": (
        "AFTER INSERT ON assessments BEGIN "
        "UPDATE learning_agreements SET last_assessed_on = new.assessed_on WHERE id = new.agreement_id "
        "AND (last_assessed_on IS NULL OR last_assessed_on < new.assessed_on); END"),
    "assessments_last_delete": (
        "AFTER DELETE ON assessments BEGIN "
        f"UPDATE learning_agreements SET last_assessed_on = {LATEST.format(id='old.agreement_id')} "
        "WHERE id = old.agreement_id; END"),
    "assessments_last_update": (
        "AFTER UPDATE OF assessed_on, agreement_id ON assessments BEGIN "
        f"UPDATE learning_agreements SET last_assessed_on = {LATEST.format(id='learning_agreements.id')} "
        "WHERE id IN (old.agreement_id, new.agreement_id); END"),
}

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE learning_agreements SET last_assessed_on = NEW.assessed_on WHERE id = NEW.agreement_id
            AND (last_assessed_on IS NULL OR last_assessed_on < NEW.assessed_on);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE learning_agreements SET last_assessed_on = {LATEST.format(id='OLD.agreement_id')}
            WHERE id = OLD.agreement_id;
    ELSE
        UPDATE learning_agreements SET last_assessed_on = {LATEST.format(id='learning_agreements.id')}
            WHERE id IN (OLD.agreement_id, NEW.agreement_id);
    END IF;
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    op.add_column("learning_agreements", sa.Column("last_assessed_on", sa.Date(), nullable=True))
    op.execute(f"UPDATE learning_agreements SET last_assessed_on = {LATEST.format(id='learning_agreements.id')}")
    op.create_index(INDEX, "learning_agreements", COLUMNS)
    if op.get_bind().dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(POSTGRESQL_FUNCTION)
        op.execute("CREATE TRIGGER assessments_last_assessed AFTER INSERT OR DELETE OR UPDATE OF assessed_on, "
                   f"agreement_id ON assessments FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS assessments_last_assessed ON assessments")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    op.drop_index(INDEX, table_name="learning_agreements")
    # Not batch mode: rebuilding the table would lose the reference search triggers of 0005 (SQLite has
    # dropped unindexed columns in place since 3.35).
    op.execute("ALTER TABLE learning_agreements DROP COLUMN last_assessed_on")
