"""The installation's settings, stored in the database so kiosks sharing one database agree."""

from __future__ import annotations

import secrets

from sqlmodel import Session

from models import Setting

DEFAULTS: dict[str, str] = {
    "desk_name": "Meja Bantuan JKN",
    "default_email": "",
    "bank_required": "0",
    "printer": "",
    "ascii_look": "0",
    "idle_lock_minutes": "5",
    "village_code": "",
    # "training" (simulator, the demo default) or "manual" (the operator keys in BPJS's answers).
    "gateway": "manual",
    "slip_format": "a4",
    # Put before the QR token, e.g. the village website's case page; empty: the bare token.
    "qr_url_prefix": "",
}
SECRET_KEY = "secret"


def get(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def get_bool(session: Session, key: str) -> bool:
    return get(session, key) == "1"


def get_int(session: Session, key: str) -> int:
    try:
        return int(get(session, key))
    except ValueError:
        return int(DEFAULTS[key])


def put(session: Session, key: str, value: str | bool | int) -> None:
    if isinstance(value, bool):
        value = "1" if value else "0"
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=str(value)))
    else:
        row.value = str(value)


def is_training(session: Session) -> bool:
    return get(session, "gateway") == "training"


def signing_secret(session: Session) -> bytes:
    """The installation's QR-signing secret, made on first use.

    It lives in the database (owner-only file, or the shared PostgreSQL), so every kiosk of
    one installation verifies the others' slips, and a backup carries it.
    """
    row = session.get(Setting, SECRET_KEY)
    if row is None or not row.value:
        row = Setting(key=SECRET_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.commit()
    return bytes.fromhex(row.value)
