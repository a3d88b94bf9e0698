"""The slip's QR payload: a short signed token that links a printed slip to its case.

`JKN1.<case code>.<signature>`: the signature is HMAC-SHA256 over the prefix and code with
the installation's secret, truncated to 65 bits and base32-encoded. Upper-case letters,
digits and dots only, so the QR uses alphanumeric mode and stays at version 2 (25x25),
which prints cleanly on a 58 mm thermal roll. No personal data is ever in it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from sqlmodel import Session, select

from kiosk import casecode
from models import Case

PREFIX = "JKN1"
SIGNATURE_LEN = 13
_TOKEN = re.compile(rf"{PREFIX}\.([0-9A-Z]{{8}})\.([A-Z2-7]{{{SIGNATURE_LEN}}})(?![A-Z2-7])")


def _signature(code: str, secret: bytes) -> str:
    mac = hmac.new(secret, f"{PREFIX}.{code}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:SIGNATURE_LEN]


def make(code: str, secret: bytes, url_prefix: str = "") -> str:
    token = f"{PREFIX}.{code}.{_signature(code, secret)}"
    return f"{url_prefix}{token}" if url_prefix else token


def verify(payload: str, secret: bytes) -> str | None:
    """The case code of a genuine token (bare, or after a URL prefix), else None."""
    match = _TOKEN.search((payload or "").strip().upper())
    if match is None:
        return None
    code, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(code, secret)):
        return None
    return code


def open_case(
    session: Session, payload: str, secret: bytes, *, allow_bare_code: bool = False
) -> Case | None:
    """The case a scanned payload points to; optionally a typed case code as well."""
    code = verify(payload, secret)
    if code is None and allow_bare_code and PREFIX not in (payload or "").upper():
        code = casecode.normalise(payload)
    if code is None:
        return None
    return session.exec(select(Case).where(Case.code == code)).first()


def slip_stands(status: str) -> bool:
    """Whether a genuine slip still stands for its case: not once the case is cancelled
    (the VA on it must not be paid, the referral not acted on)."""
    return status != "cancelled"
