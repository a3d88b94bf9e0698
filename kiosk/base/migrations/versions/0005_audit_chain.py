"""the audit trail as a hash chain: each event's position and hashes, and the chain's head

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _link(row, seq: int, prev: str) -> str:
    """kiosk.desk.audit.link_hash as it is at this revision (a migration never changes meaning)."""
    at = row.at if isinstance(row.at, datetime) else datetime.fromisoformat(str(row.at))
    body = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), row.action, row.case_id, row.operator_id,
         row.detail, prev],
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.create_unique_constraint("uq_auditevent_seq", ["seq"])
    op.create_table(
        "audithead",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # The trail so far, chained in the order it was written.
    conn = op.get_bind()
    events = sa.table(
        "auditevent", sa.column("id"), sa.column("at"), sa.column("action"),
        sa.column("case_id"), sa.column("operator_id"), sa.column("detail"),
        sa.column("seq"), sa.column("prev_hash"), sa.column("hash"),
    )  # fmt: skip
    rows = conn.execute(
        sa.select(
            events.c.id, events.c.at, events.c.action, events.c.case_id, events.c.operator_id,
            events.c.detail,
        ).order_by(events.c.id)
    ).all()  # fmt: skip
    prev = GENESIS
    for seq, row in enumerate(rows, 1):
        digest = _link(row, seq, prev)
        conn.execute(
            events.update()
            .where(events.c.id == row.id)
            .values(seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest
    conn.execute(sa.text("INSERT INTO audithead (id, seq, hash) VALUES (1, :seq, :hash)"),
                 {"seq": len(rows), "hash": prev})  # fmt: skip
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", server_default=None)
        batch_op.alter_column("hash", server_default=None)


def downgrade() -> None:
    op.drop_table("audithead")
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_constraint("uq_auditevent_seq", type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
