"""who consented to which notice, and when a case's personal data was removed

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns only (their defaults stay): SQLite never copies the case table.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("consent_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("consent_version", sa.String(length=10), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("purged_at")
        batch_op.drop_column("consent_version")
        batch_op.drop_column("consent_by")
