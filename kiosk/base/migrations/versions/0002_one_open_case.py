"""one open case per family, draft holds, replaced-KK index

Revision ID: 0002
Revises: 0001

Databases made before this revision may hold several open cases for one KK, and drafts
that never got a KK. Before the unique index is built, every KK keeps its most advanced
open case (then the newest); the others are cancelled with the reason "duplicate", and
drafts without a KK are cancelled with "no_kk". Each closure is audited.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OPEN = ("draft", "submitted", "va_issued", "paid", "active")
OPEN_KK = "kk_number <> '' AND status IN ('draft', 'submitted', 'va_issued', 'paid', 'active')"

case = sa.table(
    "case",
    sa.column("id", sa.Integer),
    sa.column("kk_number", sa.String),
    sa.column("status", sa.String),
    sa.column("updated_at", sa.DateTime),
    sa.column("reason", sa.String),
    sa.column("reason_note", sa.String),
)
audit = sa.table(
    "auditevent",
    sa.column("case_id", sa.Integer),
    sa.column("operator_id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("action", sa.String),
    sa.column("detail", sa.String),
)


def _close(conn: sa.Connection, case_id: int, old: str, reason: str, now: datetime) -> None:
    conn.execute(
        case.update()
        .where(case.c.id == case_id)
        .values(status="cancelled", reason=reason, reason_note="migration 0002", updated_at=now)
    )
    conn.execute(
        audit.insert().values(
            case_id=case_id, operator_id=None, at=now, action="status",
            detail=f"{old}->cancelled {reason}",
        )
    )  # fmt: skip


def upgrade() -> None:
    conn = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rank = {status: n for n, status in enumerate(OPEN)}
    rows: Any = conn.execute(
        sa.select(case.c.id, case.c.kk_number, case.c.status, case.c.updated_at).where(
            case.c.status.in_(OPEN)
        )
    ).all()
    keep: dict[str, Any] = {}
    for row in rows:
        if not row.kk_number:
            _close(conn, row.id, row.status, "no_kk", now)
            continue
        best = keep.get(row.kk_number)
        if best is None or (rank[row.status], row.updated_at) > (
            rank[best.status],
            best.updated_at,
        ):
            if best is not None:
                _close(conn, best.id, best.status, "duplicate", now)
            keep[row.kk_number] = row
        else:
            _close(conn, row.id, row.status, "duplicate", now)

    # Plain ADD COLUMNs: SQLite's batch mode would copy and drop the case table, which the
    # foreign keys of existing members and audit rows refuse.
    op.add_column("case", sa.Column("held_by", sa.Integer(), nullable=True))
    op.add_column(
        "case", sa.Column("held_kiosk", sa.String(length=40), nullable=False, server_default="")
    )
    op.add_column("case", sa.Column("held_until", sa.DateTime(), nullable=True))
    op.create_index(
        "ux_case_open_kk", "case", ["kk_number"], unique=True,
        sqlite_where=sa.text(OPEN_KK), postgresql_where=sa.text(OPEN_KK),
    )  # fmt: skip
    op.create_index("ix_family_replaced_by", "family", ["replaced_by"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_family_replaced_by", table_name="family")
    op.drop_index("ux_case_open_kk", table_name="case")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("held_until")
        batch_op.drop_column("held_kiosk")
        batch_op.drop_column("held_by")
