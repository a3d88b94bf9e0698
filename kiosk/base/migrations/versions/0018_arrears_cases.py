"""an arrears case's terms (months owed, last payment, persons, a segment move) and the plan
the family chose (full or New REHAB 2.0 instalments) with its payments

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COLUMNS = ("arrears_months", "last_paid_on", "persons", "moved_segment", "plan", "plan_count",
           "plan_start", "plan_paid")  # fmt: skip


def upgrade() -> None:
    # Added columns only: SQLite never copies the case table, which other rows point to.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("arrears_months", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_paid_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("persons", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("moved_segment", sa.Boolean(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("plan", sa.String(length=8), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("plan_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("plan_start", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("plan_paid", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
