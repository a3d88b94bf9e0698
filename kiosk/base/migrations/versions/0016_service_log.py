"""the desk's log of every person served, registration or not

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "serviceentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("kiosk", sa.String(length=40), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("satisfaction", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_serviceentry_day", "serviceentry", ["day"])
    op.create_index("ix_serviceentry_operator_id", "serviceentry", ["operator_id"])


def downgrade() -> None:
    op.drop_index("ix_serviceentry_operator_id", table_name="serviceentry")
    op.drop_index("ix_serviceentry_day", table_name="serviceentry")
    op.drop_table("serviceentry")
