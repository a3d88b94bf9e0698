"""This kiosk's own Ed25519 key, kept owner-only in its data directory: never in the database,
so never in a backup, and a copy of the database cannot sign as this kiosk.

The key signs slips (kiosk.desk.signing), every audit event this kiosk seals, and the
chain's anchors (kiosk.desk.audit, kiosk.desk.anchor). Loaded once per process and again
only when the file changes (a rotation). `cryptography` is imported when a key is first
needed.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.base import config

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

KEY_FILE = "slip-signing.key"  # the raw 32-byte private key, owner-only
KID_LEN = 6

_lock = threading.Lock()
_loaded: dict[Path, tuple[float, Ed25519PrivateKey]] = {}


def key_path() -> Path:
    return config.data_dir() / KEY_FILE


def kid_of(public_raw: bytes) -> str:
    """A short, stable id of a public key: the first letters of its hash, base32."""
    return base64.b32encode(hashlib.sha256(public_raw).digest()).decode()[:KID_LEN]


def raw_public(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def write_key(private: Ed25519PrivateKey, path: Path, *, replace: bool = True) -> bool:
    """Owner-only from the first byte, never half written. A new key (`replace=False`) is
    written only if there is none yet: kiosks started together on one data folder agree on
    the first one written (False: another was there). A rotation replaces it in one rename."""
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    from kiosk.base.exports import publish_new, write_partial

    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    partial = write_partial(path, raw)
    with _lock:
        _loaded.pop(path, None)
    if replace:
        os.replace(partial, path)
        return True
    try:
        return publish_new(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def local_key() -> Ed25519PrivateKey:
    """This kiosk's key, made on first use."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path()
    with _lock:
        try:
            changed = path.stat().st_mtime
        except FileNotFoundError:
            changed = None
        kept = _loaded.get(path)
        if kept is not None and changed is not None and kept[0] == changed:
            return kept[1]
        if changed is None:
            private = Ed25519PrivateKey.generate()
        else:
            private = Ed25519PrivateKey.from_private_bytes(path.read_bytes())
    if changed is None:
        if not write_key(private, path, replace=False):  # another process made it first
            private = Ed25519PrivateKey.from_private_bytes(path.read_bytes())
        changed = path.stat().st_mtime
    with _lock:
        _loaded[path] = (changed, private)
    return private


def local_kid() -> str:
    """The id of this kiosk's key (made on first use)."""
    return kid_of(raw_public(local_key()))


def public_from_hex(value: str) -> Ed25519PublicKey | None:
    """An Ed25519 public key from its raw hex, or None if it is no key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(value))
    except ValueError:
        return None


def signs(key: Ed25519PublicKey | None, signature_hex: str, message: bytes) -> bool:
    """Whether `signature_hex` is the key's signature of `message` (no key: no)."""
    from cryptography.exceptions import InvalidSignature

    if key is None:
        return False
    try:
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
