"""case kinds: a family already in JKN comes for other services than a first registration,
each its own case; one open case per family and kind

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OPEN = ("draft", "submitted", "va_issued", "paid", "active", "routed")
_WHERE = sa.text("kk_number <> '' AND status IN (" + ", ".join(f"'{s}'" for s in OPEN) + ")")


def _open_index(*columns: str) -> None:
    op.create_index(
        "ux_case_open_kk", "case", list(columns), unique=True,
        sqlite_where=_WHERE, postgresql_where=_WHERE,
    )  # fmt: skip


def upgrade() -> None:
    # An added column only: SQLite never copies the case table, which other rows point to.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="registration")
        )
    op.create_index("ix_case_kind", "case", ["kind"])
    op.drop_index("ux_case_open_kk", table_name="case")
    _open_index("kk_number", "kind")


def downgrade() -> None:
    # Refused by the database if a family has two open cases of different kinds: close one.
    op.drop_index("ux_case_open_kk", table_name="case")
    _open_index("kk_number")
    op.drop_index("ix_case_kind", table_name="case")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("kind")
