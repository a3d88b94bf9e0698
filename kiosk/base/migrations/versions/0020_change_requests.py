"""an FKTP or class change: from what to what, since when, and the exception that lets an
FKTP change come early

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns only: SQLite never copies the case table, which other rows point to.
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name, length in (("change_from", 8), ("change_to", 8), ("change_exception", 20)):
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )
        batch_op.add_column(sa.Column("change_since", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name in ("change_since", "change_exception", "change_to", "change_from"):
            batch_op.drop_column(name)
