"""cases of another route than self-paying (Dinsos, PBI proposal, the regency's cover) and
the outcomes of routes and referrals

Revision ID: 0012
Revises: 0011

A routed case is open: the one-open-case index is rebuilt to count it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_OPEN = ("draft", "submitted", "va_issued", "paid", "active")
NEW_OPEN = (*OLD_OPEN, "routed")


def _open_index(statuses: tuple[str, ...]) -> None:
    where = sa.text("kk_number <> '' AND status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")")
    op.create_index(
        "ux_case_open_kk", "case", ["kk_number"], unique=True,
        sqlite_where=where, postgresql_where=where,
    )  # fmt: skip


def upgrade() -> None:
    # Added columns only: SQLite never copies the case table, which other rows point to.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("route", sa.String(length=12), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("chosen_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("outcome", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("outcome_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("outcome_note", sa.String(length=300), nullable=False, server_default="")
        )
    op.create_index("ix_case_route", "case", ["route"])
    op.drop_index("ux_case_open_kk", table_name="case")
    _open_index(NEW_OPEN)


def downgrade() -> None:
    op.drop_index("ux_case_open_kk", table_name="case")
    _open_index(OLD_OPEN)
    op.drop_index("ix_case_route", table_name="case")
    with op.batch_alter_table("case", schema=None) as batch_op:
        for column in ("outcome_note", "outcome_on", "outcome", "follow_up_on", "chosen_by",
                       "route"):  # fmt: skip
            batch_op.drop_column(column)
