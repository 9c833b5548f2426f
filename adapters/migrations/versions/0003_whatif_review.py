"""What-if runs are never pending review: their review becomes ``none``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE scheduler_runs SET review = 'none' WHERE kind = 'whatif'")


def downgrade() -> None:
    op.execute("UPDATE scheduler_runs SET review = 'pending' WHERE kind = 'whatif'")
