"""The slip's QR payload: a short signed token that links a printed slip to its case.

`JKN2.<case code>.<key id>.<signature>`: an Ed25519 signature (kiosk.desk.signing) over the prefix,
code and key id, base32. Upper-case letters, digits and dots only, so the QR uses
alphanumeric mode (version 6, 41x41: 37 mm wide on a 58 mm roll, decoded at 150 dpi in the tests). No personal data is ever
in it. Slips printed before per-kiosk keys carry `JKN1.<code>.<13 letters>`; those verify
against the signature stored with their case (nothing can make new ones).
"""

from __future__ import annotations

import base64
import hmac
import re
from datetime import date

from sqlmodel import Session, select

from kiosk.desk import keyfile, signing
from kiosk.rules import casecode
from models import Case, CaseStatus

PREFIX = "JKN2"
LEGACY_PREFIX = "JKN1"
SIGNATURE_LEN = 103  # 64 bytes in base32, without its padding
_TOKEN = re.compile(
    rf"{PREFIX}\.([0-9A-Z]{{8}})\.([A-Z2-7]{{{keyfile.KID_LEN}}})\.([A-Z2-7]{{{SIGNATURE_LEN}}})(?![A-Z2-7])"
)

_LEGACY = re.compile(rf"{LEGACY_PREFIX}\.([0-9A-Z]{{8}})\.([A-Z2-7]{{13}})(?![A-Z2-7])")


def _signed(code: str, kid: str) -> bytes:
    return f"{PREFIX}.{code}.{kid}".encode()


def make(session: Session, code: str, url_prefix: str = "") -> str:
    """A token for `code`, signed with this kiosk's key."""
    kid, key = signing.signer(session)
    signature = base64.b32encode(key.sign(_signed(code, kid))).decode().rstrip("=")
    token = f"{PREFIX}.{code}.{kid}.{signature}"
    return f"{url_prefix}{token}" if url_prefix else token


def verify(session: Session, payload: str) -> str | None:
    """The case code of a genuine token (bare, or after a URL prefix), else None."""
    text = (payload or "").strip().upper()
    match = _TOKEN.search(text)
    if match is not None:
        from cryptography.exceptions import InvalidSignature

        code, kid, signature = match.groups()
        key = signing.public_key(session, kid)
        if key is None:
            return None
        try:
            raw = base64.b32decode(signature + "=")
            # One spelling per signature: the last letter's spare bits must be zero, or one
            # slip could be printed as several different tokens.
            if base64.b32encode(raw).decode().rstrip("=") != signature:
                return None
            key.verify(raw, _signed(code, kid))
        except (InvalidSignature, ValueError):
            return None
        revoked = signing.revoked_from(session, kid)
        if revoked is not None and not _before(session, code, revoked):
            return None
        return code
    legacy = _LEGACY.search(text)
    if legacy is not None:
        code, signature = legacy.groups()
        stored = session.exec(select(Case.legacy_sig).where(Case.code == code)).first()
        if stored and hmac.compare_digest(stored, signature):
            return code
    return None


def _before(session: Session, code: str, revoked: date) -> bool:
    """Whether the case's slip was made before its key was revoked: the slip shows the VA
    or the referral, so it cannot be older than the day the case reached that. (A token
    holds no date of its own; a slip for an older case made with a stolen key shows what a
    genuine one shows.)"""
    case = session.exec(select(Case).where(Case.code == code)).first()
    if case is None:
        return False
    reached = case.va_issued_at or case.updated_at
    return reached.date() < revoked


def open_case(session: Session, payload: str, *, allow_bare_code: bool = False) -> Case | None:
    """The case a scanned payload points to; optionally a typed case code as well."""
    code = verify(session, payload)
    upper = (payload or "").upper()
    if code is None and allow_bare_code and PREFIX not in upper and LEGACY_PREFIX not in upper:
        code = casecode.normalise(payload)
    if code is None:
        return None
    return session.exec(select(Case).where(Case.code == code)).first()


def slip_stands(status: str) -> bool:
    """Whether a genuine slip still stands for its case: not once the case is cancelled
    (the VA on it must not be paid, the referral not acted on)."""
    return status != CaseStatus.CANCELLED
