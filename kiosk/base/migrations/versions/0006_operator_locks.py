"""locks in a row per operator, so each lock lasts longer than the one before

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The default stays in the table: dropping it would make SQLite copy the operator table,
    # which cases and audit events point to.
    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locks", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("operator", schema=None) as batch_op:
        batch_op.drop_column("locks")
