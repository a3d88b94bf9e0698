"""audit events signed by the kiosk that sealed them; slip keys that can be revoked

Revision ID: 0010
Revises: 0009

Events sealed before this revision stay unsigned: the chain checks them by their hashes,
and every event after the first signed one must be signed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns with their defaults kept: SQLite never copies the trail's table.
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kid", sa.String(length=8), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("sig", sa.String(length=128), nullable=False, server_default="")
        )
    with op.batch_alter_table("signingkey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_from", sa.Date(), nullable=True))
    # A slip's check looks up its key's revocations in the trail by this.
    op.create_index("ix_auditevent_action", "auditevent", ["action"])


def downgrade() -> None:
    op.drop_index("ix_auditevent_action", table_name="auditevent")
    with op.batch_alter_table("signingkey", schema=None) as batch_op:
        batch_op.drop_column("revoked_from")
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_column("sig")
        batch_op.drop_column("kid")
