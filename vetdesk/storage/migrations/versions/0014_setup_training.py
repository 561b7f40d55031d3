"""An office sets up its own training: learning positions per company, rotation plans as ordered steps in
versions, the competencies' description and retirement, school staff roles, the chamber's coordinators and
the school–company collaboration agreements.

- ``learning_positions`` belonged to one plan (``plan_id``, ``sequence``, ``planned_weeks``); a position is now
  the company's (``company_id``, a description, the instructor responsible) and a plan lists positions in
  ``rotation_plan_steps`` (its order and weeks). Each old position becomes its plan's step, keeping its id, so
  the assessments and actual periods that name it keep naming it.
- ``rotation_plans`` gain their printed version, validity dates and the version they replace.
- ``competencies`` gain a description, a retirement date and the search text; ``academic_tutors`` a role
  (tutor or liaison) and a job title; ``position_periods`` notes and an edit counter (people edit them).
- New: ``coordinators`` and ``collaboration_agreements``; attachments may belong to a collaboration agreement
  instead of a learning agreement.

SQLite rebuilds a table to change its shape. Alembic's batch mode copies the rows into a new table, drops the old
one and renames the new: the drop's implicit ``DELETE`` cascades into the tables pointing at it (the position–
competency links) and counts the assessments and periods pointing at it as broken references, which the rename
never counts back, so the commit fails though every row is whole. So the positions' table (and, going back, the
plans') sets its rows aside, is dropped and made again under its own name, and takes its rows back, which counts
each reference right again; the links are set aside and put back.
``rotation_plans`` gets its new reference column by ``ALTER TABLE … ADD COLUMN``, which SQLite does in place;
the downgrade drops columns in place where SQLite can (the tutors' table keeps its search triggers).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str) -> None:
    """A nullable column referring to ``target.id``, added in place on both backends."""
    name = f"fk_{table}_{column}_{target}"
    if _sqlite():
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {target} (id)")
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"])


def _sqlite_rebuild(table: str, columns: list[Any], indexes: dict[str, list[str]], select: str) -> None:
    """Give a SQLite table another shape (see above): its rows in the new shape are set aside (``select`` reads
    the table), the table is dropped and made again under its name, and the rows go back into it, which puts the
    references of the tables pointing at it right again (their deferred constraints count each row back)."""
    op.execute(f"CREATE TABLE _setup_copy AS {select}")
    op.drop_table(table)
    op.create_table(table, *columns)
    names = ", ".join(c.name for c in columns if isinstance(c, sa.Column))
    op.execute(f"INSERT INTO {table} ({names}) SELECT * FROM _setup_copy")
    op.drop_table("_setup_copy")
    for name, indexed in indexes.items():
        op.create_index(name, table, indexed)


def _positions_0014() -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("instructor_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        *_versioned(),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name="fk_learning_positions_company_id_companies"),
        sa.ForeignKeyConstraint(["instructor_id"], ["instructors.id"],
                                name="fk_learning_positions_instructor_id_instructors"),
        sa.PrimaryKeyConstraint("id", name="pk_learning_positions"),
    ]


def _versioned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=True),
            sa.Column("updated_at", sa.DateTime(), nullable=True)]


def upgrade() -> None:
    if _sqlite():
        op.execute("PRAGMA defer_foreign_keys = ON")

    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("username", sa.String(length=80), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinators")),
    )

    # School staff: a role and a job title.
    with op.batch_alter_table("academic_tutors") as batch:
        batch.add_column(sa.Column("role", sa.String(length=12), nullable=False, server_default="tutor"))
        batch.add_column(sa.Column("job_title", sa.String(length=120), nullable=True))

    # Competencies: description, retirement, search.
    with op.batch_alter_table("competencies") as batch:
        batch.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE competencies SET search_text = lower(code || ' ' || title)")

    # Learning positions become the company's; their place in a plan moves to rotation_plan_steps.
    op.create_table("_setup_steps", sa.Column("position_id", sa.Integer()), sa.Column("plan_id", sa.Integer()),
                    sa.Column("sequence", sa.Integer()), sa.Column("weeks", sa.Integer()))
    op.execute("INSERT INTO _setup_steps (position_id, plan_id, sequence, weeks) "
               "SELECT id, plan_id, sequence, planned_weeks FROM learning_positions")
    op.create_table("_setup_links", sa.Column("position_id", sa.Integer()), sa.Column("competency_id", sa.Integer()))
    op.execute("INSERT INTO _setup_links (position_id, competency_id) "
               "SELECT position_id, competency_id FROM position_competencies")
    if _sqlite():
        _sqlite_rebuild("learning_positions", _positions_0014(), {
            "ix_learning_positions_company_id": ["company_id"],
            "ix_learning_positions_instructor_id": ["instructor_id"]},
            "SELECT p.id, r.company_id, p.name, p.department, NULL, NULL, '', 1, NULL, NULL "
            "FROM learning_positions p JOIN rotation_plans r ON r.id = p.plan_id")
    else:
        op.add_column("learning_positions", sa.Column("company_id", sa.Integer(), nullable=True))
        op.execute("UPDATE learning_positions SET company_id = (SELECT company_id FROM rotation_plans "
                   "WHERE rotation_plans.id = learning_positions.plan_id)")
        with op.batch_alter_table("learning_positions") as batch:
            batch.drop_index("ix_learning_positions_plan_id")
            batch.drop_constraint("fk_learning_positions_plan_id_rotation_plans", type_="foreignkey")
            batch.drop_column("plan_id")
            batch.drop_column("sequence")
            batch.drop_column("planned_weeks")
            batch.alter_column("company_id", existing_type=sa.Integer(), nullable=False)
            batch.add_column(sa.Column("description", sa.Text(), nullable=True))
            batch.add_column(sa.Column("instructor_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
            batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
            batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
            batch.create_foreign_key("fk_learning_positions_company_id_companies", "companies", ["company_id"],
                                     ["id"])
            batch.create_foreign_key("fk_learning_positions_instructor_id_instructors", "instructors",
                                     ["instructor_id"], ["id"])
            batch.create_index("ix_learning_positions_company_id", ["company_id"])
            batch.create_index("ix_learning_positions_instructor_id", ["instructor_id"])
    op.execute("UPDATE learning_positions SET search_text = lower(name || ' ' || coalesce(department, ''))")

    # Rotation plans: version, validity, the version replaced.
    with op.batch_alter_table("rotation_plans") as batch:
        batch.add_column(sa.Column("plan_version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    _add_reference("rotation_plans", "previous_id", "rotation_plans")
    op.execute("UPDATE rotation_plans SET search_text = lower(name)")

    op.create_table(
        "rotation_plan_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["rotation_plans.id"],
                                name=op.f("fk_rotation_plan_steps_plan_id_rotation_plans"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["position_id"], ["learning_positions.id"],
                                name=op.f("fk_rotation_plan_steps_position_id_learning_positions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotation_plan_steps")),
        sa.UniqueConstraint("plan_id", "sequence", name=op.f("uq_rotation_plan_steps_plan_id")),
    )
    with op.batch_alter_table("rotation_plan_steps") as batch:
        batch.create_index("ix_rotation_plan_steps_plan_id", ["plan_id"])
        batch.create_index("ix_rotation_plan_steps_position_id", ["position_id"])
    op.execute("INSERT INTO rotation_plan_steps (plan_id, position_id, sequence, weeks) "
               "SELECT plan_id, position_id, sequence, weeks FROM _setup_steps ORDER BY plan_id, sequence")
    # SQLite's copy of learning_positions emptied the links (ON DELETE CASCADE): put them back.
    op.execute("DELETE FROM position_competencies")
    op.execute("INSERT INTO position_competencies (position_id, competency_id) "
               "SELECT DISTINCT position_id, competency_id FROM _setup_links")
    op.drop_table("_setup_links")
    op.drop_table("_setup_steps")

    # The actual periods are edited by people: notes and an edit counter.
    with op.batch_alter_table("position_periods") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))

    op.create_table(
        "collaboration_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("school_signatory_id", sa.Integer(), nullable=True),
        sa.Column("company_signatory", sa.String(length=200), nullable=True),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        sa.Column("place_of_signing", sa.String(length=120), nullable=True),
        sa.Column("printed_on", sa.Date(), nullable=True),
        sa.Column("school_signed_on", sa.Date(), nullable=True),
        sa.Column("company_signed_on", sa.Date(), nullable=True),
        sa.Column("chamber_signed_on", sa.Date(), nullable=True),
        sa.Column("activated_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        *_versioned(),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"],
                                name=op.f("fk_collaboration_agreements_school_id_schools")),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_collaboration_agreements_company_id_companies")),
        sa.ForeignKeyConstraint(["school_signatory_id"], ["academic_tutors.id"],
                                name=op.f("fk_collaboration_agreements_school_signatory_id_academic_tutors")),
        sa.ForeignKeyConstraint(["coordinator_id"], ["coordinators.id"],
                                name=op.f("fk_collaboration_agreements_coordinator_id_coordinators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collaboration_agreements")),
        sa.UniqueConstraint("reference", name=op.f("uq_collaboration_agreements_reference")),
    )
    with op.batch_alter_table("collaboration_agreements") as batch:
        batch.create_index("ix_collaboration_agreements_school_id", ["school_id"])
        batch.create_index("ix_collaboration_agreements_company_id", ["company_id"])
        batch.create_index("ix_collaboration_agreements_status", ["status"])
        batch.create_index("ix_collaborations_pair", ["school_id", "company_id", "status"])

    # Attachments: a learning agreement's or a collaboration agreement's.
    with op.batch_alter_table("attachments") as batch:
        batch.alter_column("agreement_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("collaboration_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_attachments_collaboration_id_collaboration_agreements",
                                 "collaboration_agreements", ["collaboration_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_attachments_collaboration_id", ["collaboration_id"])


def _drop_columns(table: str, *columns: str) -> None:
    """Drop columns in place (SQLite 3.35 and later do it without copying the table and its triggers)."""
    for column in columns:
        if _sqlite():
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)


def downgrade() -> None:
    bind = op.get_bind()
    shared = bind.execute(sa.text("SELECT count(*) FROM (SELECT position_id FROM rotation_plan_steps "
                                  "GROUP BY position_id HAVING count(*) > 1) s")).scalar()
    loose = bind.execute(sa.text("SELECT count(*) FROM learning_positions WHERE id NOT IN "
                                 "(SELECT position_id FROM rotation_plan_steps)")).scalar()
    attached = bind.execute(sa.text("SELECT count(*) FROM attachments WHERE agreement_id IS NULL")).scalar()
    if shared or loose or attached:
        raise RuntimeError("vetdesk cannot go back before schema 0014: learning positions are shared by several "
                           "rotation plans or belong to none, or collaboration agreements hold files, which the "
                           "older schema cannot hold")
    if _sqlite():
        op.execute("PRAGMA defer_foreign_keys = ON")
    with op.batch_alter_table("attachments") as batch:  # nothing points at the attachments: copied as usual
        batch.drop_index("ix_attachments_collaboration_id")
        batch.drop_constraint("fk_attachments_collaboration_id_collaboration_agreements", type_="foreignkey")
        batch.drop_column("collaboration_id")
        batch.alter_column("agreement_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("collaboration_agreements")
    _drop_columns("position_periods", "updated_at", "created_at", "version", "notes")

    op.create_table("_setup_links", sa.Column("position_id", sa.Integer()), sa.Column("competency_id", sa.Integer()))
    op.execute("INSERT INTO _setup_links (position_id, competency_id) "
               "SELECT position_id, competency_id FROM position_competencies")
    for column in ("plan_id", "sequence", "planned_weeks"):
        op.add_column("learning_positions", sa.Column(column, sa.Integer(), nullable=True))
    for column, source in (("plan_id", "plan_id"), ("sequence", "sequence"), ("planned_weeks", "weeks")):
        op.execute(f"UPDATE learning_positions SET {column} = (SELECT s.{source} FROM rotation_plan_steps s "
                   "WHERE s.position_id = learning_positions.id)")
    op.drop_table("rotation_plan_steps")
    if _sqlite():
        _sqlite_rebuild("rotation_plans", [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("company_id", sa.Integer(), nullable=False),
            sa.Column("programme_id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            *_versioned(),
            sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name="fk_rotation_plans_company_id_companies"),
            sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"],
                                    name="fk_rotation_plans_programme_id_programmes"),
            sa.PrimaryKeyConstraint("id", name="pk_rotation_plans"),
        ], {"ix_rotation_plans_company_id": ["company_id"], "ix_rotation_plans_programme_id": ["programme_id"]},
            "SELECT id, company_id, programme_id, name, version, created_at, updated_at FROM rotation_plans")
        _sqlite_rebuild("learning_positions", [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("plan_id", sa.Integer(), nullable=False),
            sa.Column("sequence", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("department", sa.String(length=200), nullable=True),
            sa.Column("planned_weeks", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["plan_id"], ["rotation_plans.id"],
                                    name="fk_learning_positions_plan_id_rotation_plans", ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name="pk_learning_positions"),
        ], {"ix_learning_positions_plan_id": ["plan_id"]},
            "SELECT id, plan_id, sequence, name, department, planned_weeks FROM learning_positions")
    else:
        with op.batch_alter_table("rotation_plans") as batch:
            batch.drop_constraint("fk_rotation_plans_previous_id_rotation_plans", type_="foreignkey")
            for column in ("previous_id", "search_text", "valid_until", "valid_from", "plan_version"):
                batch.drop_column(column)
        with op.batch_alter_table("learning_positions") as batch:
            batch.drop_index("ix_learning_positions_instructor_id")
            batch.drop_index("ix_learning_positions_company_id")
            batch.drop_constraint("fk_learning_positions_instructor_id_instructors", type_="foreignkey")
            batch.drop_constraint("fk_learning_positions_company_id_companies", type_="foreignkey")
            for column in ("updated_at", "created_at", "version", "search_text", "instructor_id", "description",
                           "company_id"):
                batch.drop_column(column)
            for column in ("plan_id", "sequence", "planned_weeks"):
                batch.alter_column(column, existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key("fk_learning_positions_plan_id_rotation_plans", "rotation_plans", ["plan_id"],
                                     ["id"], ondelete="CASCADE")
            batch.create_index("ix_learning_positions_plan_id", ["plan_id"])
    op.execute("DELETE FROM position_competencies")
    op.execute("INSERT INTO position_competencies (position_id, competency_id) "
               "SELECT DISTINCT position_id, competency_id FROM _setup_links")
    op.drop_table("_setup_links")
    _drop_columns("competencies", "search_text", "retired_on", "description")
    _drop_columns("academic_tutors", "job_title", "role")
    op.drop_table("coordinators")
