"""Slip signatures a copy of the database cannot forge.

Each kiosk signs with its own Ed25519 key, kept owner-only in its data directory: never in
the database, so never in a backup. The public halves are registered in the database, so
every kiosk sharing it verifies every kiosk's slips offline. Rotating a key makes a new one
and retires the old: its private half is deleted, its public half stays, and slips it
signed keep verifying. `cryptography` is imported here only, when a slip is signed or read.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from kiosk.base import clock, config
from kiosk.desk import audit
from models import SigningKey

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

KEY_FILE = "slip-signing.key"  # the raw 32-byte private key, owner-only
KID_LEN = 6

_public_cache: dict[str, Ed25519PublicKey] = {}


def key_path() -> Path:
    return config.data_dir() / KEY_FILE


def kid_of(public_raw: bytes) -> str:
    """A short, stable id of a public key: the first letters of its hash, base32."""
    return base64.b32encode(hashlib.sha256(public_raw).digest()).decode()[:KID_LEN]


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _write_key(private: Ed25519PrivateKey, path: Path) -> None:
    """Owner-only from the first byte; replaced in one rename, never half written."""
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    partial = path.with_suffix(".new")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, raw)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def _register(session: Session, private: Ed25519PrivateKey) -> str:
    """The key's public half in the database (once), audited; returns its id."""
    raw = _raw_public(private)
    kid = kid_of(raw)
    if session.get(SigningKey, kid) is None:
        session.add(
            SigningKey(kid=kid, public_key=raw.hex(), kiosk=config.kiosk_name()[:40],
                       created_at=clock.utcnow())
        )  # fmt: skip
        audit.record(session, "signing_key_added", detail=f"{kid} {config.kiosk_name()}"[:300])
        session.commit()
    return kid


def signer(session: Session) -> tuple[str, Ed25519PrivateKey]:
    """This kiosk's key and its id, made on first use (and registered again if this
    database has never seen it, e.g. a kiosk moved to a shared database)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path()
    if path.exists():
        private = Ed25519PrivateKey.from_private_bytes(path.read_bytes())
    else:
        private = Ed25519PrivateKey.generate()
        _write_key(private, path)
    return _register(session, private), private


def rotate(session: Session, operator_id: int | None = None) -> str:
    """A new key for this kiosk; the old one signs no more, its slips still verify."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path()
    old = (
        kid_of(_raw_public(Ed25519PrivateKey.from_private_bytes(path.read_bytes())))
        if path.exists()
        else ""
    )
    private = Ed25519PrivateKey.generate()
    _write_key(private, path)
    if old:
        row = session.get(SigningKey, old)
        if row is not None and row.retired_at is None:
            row.retired_at = clock.utcnow()
            session.add(row)
        audit.record(session, "signing_key_retired", operator_id=operator_id, detail=old)
    session.commit()
    return _register(session, private)


def public_key(session: Session, kid: str) -> Ed25519PublicKey | None:
    """A registered public key by id (kept per process: keys never change, only retire)."""
    if kid in _public_cache:
        return _public_cache[kid]
    row = session.get(SigningKey, kid)
    if row is None:
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(row.public_key))
    _public_cache[kid] = key
    return key


def keys(session: Session) -> list[SigningKey]:
    return list(session.exec(select(SigningKey).order_by(col(SigningKey.created_at))))


def warm_up() -> None:
    """Load the library before the first slip (the kiosk calls this with fpdf2's warm-up)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    Ed25519PrivateKey.generate().sign(b"0")
