"""outreach: each family's dusun, door-to-door visits and coverage snapshots

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("dusun", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.create_index("ix_family_dusun", ["dusun"])
    # Imports folded the dusun into the address as ", DUSUN X" (or wrote only "DUSUN X"):
    # taken back out, so a village imported before keeps its dusun.
    family = sa.table("family", sa.column("id", sa.Integer), sa.column("address", sa.String),
                      sa.column("dusun", sa.String))  # fmt: skip
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(family.c.id, family.c.address).where(family.c.address.like("%DUSUN %"))
    ).all()
    for row_id, address in rows:
        dusun = address.rsplit("DUSUN ", 1)[1].strip()[:60]
        if dusun:
            conn.execute(family.update().where(family.c.id == row_id).values(dusun=dusun))
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("agent", sa.String(length=60), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("kiosk", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=18), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("come_by", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["family_id"], ["family.id"]),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_visit_family_id", "visit", ["family_id"])
    op.create_index("ix_visit_day", "visit", ["day"])
    op.create_table(
        "coveragesnapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("trigger", sa.String(length=10), nullable=False),
        sa.Column("region_code", sa.String(length=10), nullable=False),
        sa.Column("dusun", sa.String(length=60), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.Column("covered", sa.Integer(), nullable=False),
        sa.Column("checking", sa.Integer(), nullable=False),
        sa.Column("inactive", sa.Integer(), nullable=False),
        sa.Column("uncovered", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_coveragesnapshot_taken_on", "coveragesnapshot", ["taken_on"])


def downgrade() -> None:
    op.drop_index("ix_coveragesnapshot_taken_on", table_name="coveragesnapshot")
    op.drop_table("coveragesnapshot")
    op.drop_index("ix_visit_day", table_name="visit")
    op.drop_index("ix_visit_family_id", table_name="visit")
    op.drop_table("visit")
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_index("ix_family_dusun")
        batch_op.drop_column("dusun")
