"""a person sits in one open registration at a time, whatever KK they are filed under

Revision ID: 0009
Revises: 0008

Each member of an open case holds its NIK in `open_nik` (NULL once the case closes), and a
unique index on it refuses a second open seat. Databases made before this revision may hold
a person in two open cases (a KK reissued, a newer village file): the most advanced of them
(then the newest) takes the seat; the other stays open, unseated, and the next lookup of
that person names the seated case.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN = ("draft", "submitted", "va_issued", "paid", "active")

member = sa.table(
    "casemember",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("nik", sa.String),
    sa.column("open_nik", sa.String),
)
case = sa.table(
    "case",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("updated_at", sa.DateTime),
)


def upgrade() -> None:
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_nik", sa.String(length=16), nullable=True))
    conn = op.get_bind()
    rank = {status: n for n, status in enumerate(OPEN)}
    rows = conn.execute(
        sa.select(member.c.id, member.c.nik, case.c.status, case.c.updated_at)
        .join(case, case.c.id == member.c.case_id)
        .where(case.c.status.in_(OPEN), member.c.nik != "")
    ).all()
    seat: dict[str, tuple[int, object, int]] = {}
    for row in rows:
        best = seat.get(row.nik)
        mine = (rank[row.status], row.updated_at, row.id)
        if best is None or mine > best:
            seat[row.nik] = mine
    for nik, (_, _, member_id) in seat.items():
        conn.execute(member.update().where(member.c.id == member_id).values(open_nik=nik))
    op.create_index("ux_casemember_open_nik", "casemember", ["open_nik"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_casemember_open_nik", table_name="casemember")
    with op.batch_alter_table("casemember", schema=None) as batch_op:
        batch_op.drop_column("open_nik")
