"""the payment date, the first card's FKTP, and FKTP change requests

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid_on", sa.Date(), nullable=True))
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("first_card_fktp", sa.String(length=8), nullable=False, server_default="")
        )
    # Cards recorded before this revision are the first cards.
    op.execute("UPDATE casemember SET first_card_fktp = card_fktp")
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.alter_column("first_card_fktp", server_default=None)
    op.create_table(
        "fktpchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("allowed_from", sa.Date(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fktpchange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fktpchange_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ux_fktpchange_open", ["case_id"], unique=True,
            sqlite_where=sa.text("done_on IS NULL"), postgresql_where=sa.text("done_on IS NULL"),
        )  # fmt: skip


def downgrade() -> None:
    op.drop_table("fktpchange")
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.drop_column("first_card_fktp")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("paid_on")
