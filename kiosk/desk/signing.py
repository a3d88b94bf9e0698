"""Slip signatures a copy of the database cannot forge.

Each kiosk signs with its own Ed25519 key, kept owner-only in its data directory: never in
the database, so never in a backup. The public halves are registered in the database, so
every kiosk sharing it verifies every kiosk's slips offline. Rotating a key makes a new one
and retires the old: its private half is deleted, its public half stays, and slips it
signed keep verifying. `cryptography` is imported here only, when a slip is signed or read.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.desk import audit, keyfile
from models import SigningKey

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

_public_cache: dict[str, Ed25519PublicKey] = {}


def signer(session: Session) -> tuple[str, Ed25519PrivateKey]:
    """This kiosk's key and its id, made on first use (and registered again if this
    database has never seen it, e.g. a kiosk moved to a shared database)."""
    kid, private = audit.local_signer(session)
    if audit.registering(session):
        session.commit()
    return kid, private


def rotate(session: Session, operator_id: int | None = None) -> str:
    """A new key for this kiosk; the old one signs no more, its slips still verify."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = keyfile.key_path()
    old = keyfile.local_kid() if path.exists() else ""
    private = Ed25519PrivateKey.generate()
    keyfile.write_key(private, path)
    if old:
        row = session.get(SigningKey, old)
        if row is not None and row.retired_at is None:
            row.retired_at = clock.utcnow()
            session.add(row)
        audit.record(session, "signing_key_retired", operator_id=operator_id, detail=old)
    session.commit()
    return signer(session)[0]


def revoke(session: Session, kid: str, since: date, operator_id: int | None = None) -> str | None:
    """A key no longer trusted from `since` on (a copy of it was taken): slips for cases
    that reached their VA or referral on or after that day, and audit events it signed from
    then, stop verifying. Revoking this kiosk's own key gives it a new one (its id returned).
    Audited; the trail's check holds every event to it."""
    from kiosk.base.errors import fail

    row = session.get(SigningKey, kid)
    if row is None:
        raise fail("keys.unknown", kid=kid)
    row.revoked_from = since
    row.retired_at = row.retired_at or clock.utcnow()
    session.add(row)
    audit.record(
        session, "signing_key_revoked", operator_id=operator_id, detail=f"{kid} {since.isoformat()}"
    )
    own = keyfile.key_path().exists() and keyfile.local_kid() == kid
    if not own:
        session.commit()
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    keyfile.write_key(Ed25519PrivateKey.generate(), keyfile.key_path())  # seals with the new key
    session.commit()
    return signer(session)[0]


def revoked_from(session: Session, kid: str) -> date | None:
    """From when the key is revoked: by its row, or by the trail's record of the revocation
    (a database writer who clears the row leaves the trail's event, which the chain keeps)."""
    from models import AuditEvent

    row = session.get(SigningKey, kid)
    days = [row.revoked_from] if row is not None and row.revoked_from is not None else []
    for detail in session.exec(
        select(AuditEvent.detail).where(
            AuditEvent.action == "signing_key_revoked", col(AuditEvent.detail).startswith(f"{kid} ")
        )
    ):
        try:
            days.append(date.fromisoformat(detail.partition(" ")[2]))
        except ValueError:
            continue
    return min(days, default=None)


def public_key(session: Session, kid: str) -> Ed25519PublicKey | None:
    """A registered public key by id (kept per process: keys never change, only retire)."""
    if kid in _public_cache:
        return _public_cache[kid]
    row = session.get(SigningKey, kid)
    key = keyfile.public_from_hex(row.public_key) if row is not None else None
    if key is not None:
        _public_cache[kid] = key
    return key


def keys(session: Session) -> list[SigningKey]:
    return list(session.exec(select(SigningKey).order_by(col(SigningKey.created_at))))


def warm_up() -> None:
    """Load the library before the first slip (the kiosk calls this with fpdf2's warm-up)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    Ed25519PrivateKey.generate().sign(b"0")
