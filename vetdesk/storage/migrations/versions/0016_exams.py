"""Exams and credentials: exam sessions with their weights, pass rule and admission settings; registrations
with points per component (a resit names the attempt it replaces); CONOCER verdicts; school certificates.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _versioned() -> list[sa.Column]:
    return [sa.Column("version", sa.Integer(), nullable=False), sa.Column("created_at", sa.DateTime()),
            sa.Column("updated_at", sa.DateTime())]


def upgrade() -> None:
    op.create_table(
        "exam_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme_id", sa.Integer(),
                  sa.ForeignKey("programmes.id", name="fk_exam_sessions_programme_id_programmes"),
                  nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("part", sa.String(10), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(250)),
        sa.Column("examiners", sa.String(500)),
        sa.Column("weight_written", sa.Integer(), nullable=False),
        sa.Column("weight_practical", sa.Integer(), nullable=False),
        sa.Column("weight_oral", sa.Integer(), nullable=False),
        sa.Column("final_weight", sa.Integer(), nullable=False),
        sa.Column("pass_overall", sa.Integer(), nullable=False),
        sa.Column("pass_component", sa.Integer(), nullable=False),
        sa.Column("min_term_share", sa.Integer(), nullable=False),
        sa.Column("fee_required", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("search_text", sa.Text(), nullable=False),
        *_versioned(),
    )
    op.create_index("ix_exam_sessions_programme_id", "exam_sessions", ["programme_id"])
    op.create_table(
        "exam_registrations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("exam_id", sa.Integer(),
                  sa.ForeignKey("exam_sessions.id", name="fk_exam_registrations_exam_id_exam_sessions"),
                  nullable=False),
        sa.Column("agreement_id", sa.Integer(), sa.ForeignKey(
            "learning_agreements.id", name="fk_exam_registrations_agreement_id_learning_agreements"), nullable=False),
        sa.Column("fee_paid", sa.Boolean(), nullable=False),
        sa.Column("written", sa.Numeric(4, 1)),
        sa.Column("practical", sa.Numeric(4, 1)),
        sa.Column("oral", sa.Numeric(4, 1)),
        sa.Column("replaces_id", sa.Integer(), sa.ForeignKey(
            "exam_registrations.id", name="fk_exam_registrations_replaces_id_exam_registrations")),
        sa.Column("notes", sa.Text()),
        *_versioned(),
        sa.UniqueConstraint("exam_id", "agreement_id", name="uq_exam_registrations_exam_id"),
    )
    op.create_index("ix_exam_registrations_exam_id", "exam_registrations", ["exam_id"])
    op.create_index("ix_exam_registrations_agreement_id", "exam_registrations", ["agreement_id"])
    op.create_table(
        "conocer_verdicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("apprentice_id", sa.Integer(), sa.ForeignKey(
            "apprentices.id", name="fk_conocer_verdicts_apprentice_id_apprentices"), nullable=False),
        sa.Column("standard", sa.String(20), nullable=False),
        sa.Column("verdict", sa.String(12), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("evaluator", sa.String(200)),
        sa.Column("certificate_number", sa.String(60)),
        *_versioned(),
    )
    op.create_index("ix_conocer_verdicts_apprentice_id", "conocer_verdicts", ["apprentice_id"])
    op.create_table(
        "school_certificates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("apprentice_id", sa.Integer(), sa.ForeignKey(
            "apprentices.id", name="fk_school_certificates_apprentice_id_apprentices"), nullable=False),
        sa.Column("school_id", sa.Integer(),
                  sa.ForeignKey("schools.id", name="fk_school_certificates_school_id_schools")),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("number", sa.String(60)),
        sa.Column("average", sa.Numeric(4, 2)),
        *_versioned(),
    )
    op.create_index("ix_school_certificates_apprentice_id", "school_certificates", ["apprentice_id"])


def downgrade() -> None:
    for table in ("school_certificates", "conocer_verdicts", "exam_registrations", "exam_sessions"):
        op.drop_table(table)
