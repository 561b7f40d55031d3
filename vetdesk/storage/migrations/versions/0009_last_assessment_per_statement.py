"""PostgreSQL dates the agreements once per statement, not once per assessment.

Migration 0006's trigger updated the agreement for every assessment row. On PostgreSQL each update writes a
new version of the agreement and an entry in each of its indexes (the date is indexed, so the update is never
"HOT"): a position's grid of twenty ratings, saved in one INSERT, left twenty old versions of one agreement,
and the 742,000 assessments of the demo data 465,000 dead rows. Statement-level triggers read the statement's
rows as a table (``REFERENCING NEW TABLE``) and update each agreement once, only when its date changes.
SQLite keeps 0006's row triggers: it updates a row in place.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_FUNCTION = "vetdesk_last_assessed_on"
FUNCTION = "vetdesk_last_assessed_on_per_statement"
#: The latest assessment date of the agreement ``la``.
LATEST = "(SELECT max(a.assessed_on) FROM assessments a WHERE a.agreement_id = la.id)"

STATEMENT_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- New assessments can only move a date forward: the latest of them per agreement is enough.
        UPDATE learning_agreements la SET last_assessed_on = n.latest
            FROM (SELECT agreement_id, max(assessed_on) AS latest FROM new_rows GROUP BY agreement_id) n
            WHERE la.id = n.agreement_id AND (la.last_assessed_on IS NULL OR la.last_assessed_on < n.latest);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE learning_agreements la SET last_assessed_on = {LATEST}
            WHERE la.id IN (SELECT agreement_id FROM old_rows)
            AND la.last_assessed_on IS DISTINCT FROM {LATEST};
    ELSE
        UPDATE learning_agreements la SET last_assessed_on = {LATEST}
            WHERE la.id IN (SELECT agreement_id FROM old_rows UNION SELECT agreement_id FROM new_rows)
            AND la.last_assessed_on IS DISTINCT FROM {LATEST};
    END IF;
    RETURN NULL;
END;
$$
"""

TRIGGERS = {
    "assessments_last_insert": "AFTER INSERT ON assessments REFERENCING NEW TABLE AS new_rows",
    "assessments_last_delete": "AFTER DELETE ON assessments REFERENCING OLD TABLE AS old_rows",
    # Transition tables allow no column list: any update of an assessment is looked at (cheap when the
    # date did not change, since then nothing is written).
    "assessments_last_update": "AFTER UPDATE ON assessments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}

ROW_FUNCTION_0006 = f"""
CREATE FUNCTION {ROW_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE learning_agreements SET last_assessed_on = NEW.assessed_on WHERE id = NEW.agreement_id
            AND (last_assessed_on IS NULL OR last_assessed_on < NEW.assessed_on);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE learning_agreements SET last_assessed_on =
            (SELECT max(assessed_on) FROM assessments WHERE agreement_id = OLD.agreement_id)
            WHERE id = OLD.agreement_id;
    ELSE
        UPDATE learning_agreements SET last_assessed_on =
            (SELECT max(assessed_on) FROM assessments WHERE agreement_id = learning_agreements.id)
            WHERE id IN (OLD.agreement_id, NEW.agreement_id);
    END IF;
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS assessments_last_assessed ON assessments")
    op.execute(f"DROP FUNCTION IF EXISTS {ROW_FUNCTION}()")
    op.execute(STATEMENT_FUNCTION)
    for name, when in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON assessments")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    op.execute(ROW_FUNCTION_0006)
    op.execute("CREATE TRIGGER assessments_last_assessed AFTER INSERT OR DELETE OR UPDATE OF assessed_on, "
               f"agreement_id ON assessments FOR EACH ROW EXECUTE FUNCTION {ROW_FUNCTION}()")
