"""a member added to a family already in JKN: which kind of addition, and a PBI mother

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns only: SQLite never copies the case table, which other rows point to.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("member_kind", sa.String(length=10), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("mother_pbi", sa.Boolean(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("mother_pbi")
        batch_op.drop_column("member_kind")
