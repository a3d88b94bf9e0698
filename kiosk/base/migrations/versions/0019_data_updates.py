"""a data update's new address and the channel BPJS is asked through

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns only: SQLite never copies the case table, which other rows point to.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("new_address", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("channel", sa.String(length=12), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("channel")
        batch_op.drop_column("new_address")
