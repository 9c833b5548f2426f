"""Explanations stored per run line: ``pending_schedules.explanation`` and ``why_not_answers``.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pending_schedules") as batch:
        batch.add_column(sa.Column("explanation", sa.JSON(), nullable=True))
    op.create_table(
        "why_not_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("employee", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["pending_schedules.id"],
            name=op.f("fk_why_not_answers_line_id_pending_schedules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_why_not_answers")),
        sa.UniqueConstraint(
            "line_id", "employee", name=op.f("uq_why_not_answers_line_id_employee")
        ),
    )


def downgrade() -> None:
    op.drop_table("why_not_answers")
    with op.batch_alter_table("pending_schedules") as batch:
        batch.drop_column("explanation")
