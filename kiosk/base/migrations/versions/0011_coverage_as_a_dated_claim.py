"""coverage as a dated claim: status, as-of date, source; a family's DTSEN decile

Revision ID: 0011
Revises: 0010

Rows imported before this revision said nothing of their date: they stay "as of unknown",
which the kiosk treats as "check needed", never as covered. The segment once called PBI-APBD
is "PBPU/BP Pemda" (a regency's own cover), longer than the old column allowed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OLD_NAME, NEW_NAME = "PBI-APBD", "PBPU/BP Pemda"


def upgrade() -> None:
    with op.batch_alter_table("coverage", schema=None) as batch_op:
        batch_op.alter_column(
            "segment", type_=sa.String(length=16), existing_type=sa.String(length=10)
        )
        batch_op.add_column(
            sa.Column("status", sa.String(length=8), nullable=False, server_default="unknown")
        )
        batch_op.add_column(sa.Column("as_of", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("inactive_since", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("source", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("checked_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_coverage_checked_by_operator", "operator", ["checked_by"], ["id"]
        )
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.alter_column(
            "segment", type_=sa.String(length=16), existing_type=sa.String(length=10)
        )
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(sa.Column("desil", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("desil_source", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("desil_as_of", sa.Date(), nullable=True))
    for table in ("coverage", "casemember"):
        op.execute(
            sa.text(f"UPDATE {table} SET segment = :new WHERE segment = :old").bindparams(
                new=NEW_NAME, old=OLD_NAME
            )
        )


def downgrade() -> None:
    for table in ("coverage", "casemember"):
        op.execute(
            sa.text(f"UPDATE {table} SET segment = :old WHERE segment = :new").bindparams(
                new=NEW_NAME, old=OLD_NAME
            )
        )
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("desil_as_of")
        batch_op.drop_column("desil_source")
        batch_op.drop_column("desil")
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.alter_column(
            "segment", type_=sa.String(length=10), existing_type=sa.String(length=16)
        )
    with op.batch_alter_table("coverage", schema=None) as batch_op:
        batch_op.drop_constraint("fk_coverage_checked_by_operator", type_="foreignkey")
        batch_op.drop_column("checked_by")
        batch_op.drop_column("source")
        batch_op.drop_column("inactive_since")
        batch_op.drop_column("as_of")
        batch_op.drop_column("status")
        batch_op.alter_column(
            "segment", type_=sa.String(length=10), existing_type=sa.String(length=16)
        )
