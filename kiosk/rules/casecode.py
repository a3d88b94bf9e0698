"""Case codes: 8 characters of Crockford base32 in two groups, e.g. 7KQM-3X9T.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from paper
cannot be confused; on input those letters are read as the digits they resemble.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str | None:
    """The stored form (8 characters, no dash) of a typed code, or None if it cannot be one."""
    text = (raw or "").strip().upper().replace("-", "").replace(" ", "").translate(_READ_AS)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
