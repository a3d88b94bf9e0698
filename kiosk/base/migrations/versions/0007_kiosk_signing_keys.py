"""slips signed with per-kiosk keys; the shared secret leaves the database

Each kiosk signs slips with its own Ed25519 key kept in its data directory; the database
holds only the public halves. Slips printed before keep verifying: each existing case's
signature is computed once here and stored with the case, then the secret that made them
is deleted, so a copy of the database can no longer sign for a case.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _legacy_signature(code: str, secret: bytes) -> str:
    """kiosk.desk.qrtoken's JKN1 signature, as it was (a migration never changes meaning)."""
    mac = hmac.new(secret, f"JKN1.{code}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:13]


def upgrade() -> None:
    op.create_table(
        "signingkey",
        sa.Column("kid", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("kiosk", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("kid"),
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("legacy_sig", sa.String(length=13), nullable=False, server_default="")
        )
    conn = op.get_bind()
    secret = conn.execute(sa.text("SELECT value FROM setting WHERE key = 'secret'")).scalar()
    if secret:
        key = bytes.fromhex(str(secret))
        cases = sa.table("case", sa.column("id"), sa.column("code"), sa.column("legacy_sig"))
        for case_id, code in conn.execute(sa.select(cases.c.id, cases.c.code)).all():
            conn.execute(
                cases.update()
                .where(cases.c.id == case_id)
                .values(legacy_sig=_legacy_signature(code, key))
            )
        conn.execute(sa.text("DELETE FROM setting WHERE key = 'secret'"))
    # The column keeps its default: dropping it would make SQLite copy the case table.


def downgrade() -> None:
    # The secret is gone: slips made after the upgrade cannot be verified by the old kiosk.
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("legacy_sig")
    op.drop_table("signingkey")
