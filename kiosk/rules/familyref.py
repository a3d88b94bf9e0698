"""A family's reference on outreach sheets: what the QR beside each family holds, so a scan
at the desk opens that family without anyone typing its KK.

`JKNK.<the family's number in Crockford base32><check letter>`: nothing personal (the desk's own
row number, never the KK or a NIK), short enough for a small QR (version 1, 21x21), and a check
letter so a misread never opens another family. Upper-case letters, digits and a dot only:
alphanumeric QR mode.
"""

from __future__ import annotations

import re

from kiosk.rules.casecode import ALPHABET

PREFIX = "JKNK"
_REF = re.compile(rf"{PREFIX}\.([0-9A-HJKMNP-TV-Z]{{2,13}})(?![0-9A-Z])")


def _check(body: str) -> str:
    return ALPHABET[sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body)) % 32]


def make(family_id: int) -> str:
    digits = ""
    n = family_id
    while True:
        n, r = divmod(n, 32)
        digits = ALPHABET[r] + digits
        if not n:
            break
    return f"{PREFIX}.{digits}{_check(digits)}"


def read(payload: str) -> int | None:
    """The family's number in a scanned reference, or None when it is none (or misread)."""
    found = _REF.search((payload or "").strip().upper())
    if found is None:
        return None
    body, check = found.group(1)[:-1], found.group(1)[-1]
    if not body or _check(body) != check:
        return None
    value = 0
    for ch in body:
        value = value * 32 + ALPHABET.index(ch)
    return value
