"""Slips a copy of the database cannot forge: per-kiosk keys, rotation, old slips."""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from kiosk.base.database import session as make_session
from kiosk.desk import keyfile, qrtoken, signing
from models import Case, Setting, SigningKey
from tests.helpers.paths import ROOT
from tests.helpers.stores import insert_early_case


def _case(s: Session, status: str = "va_issued") -> Case:
    case = s.exec(select(Case).where(Case.status == status)).first()
    assert case is not None
    return case


def test_the_signing_key_lives_beside_the_kiosk_not_in_the_database(demo_session: Session) -> None:
    s = demo_session
    token = qrtoken.make(s, _case(s).code)
    path = keyfile.key_path()
    assert path.exists() and path.stat().st_mode & 0o077 == 0 and len(path.read_bytes()) == 32
    private = path.read_bytes().hex()
    dump = "\n".join(str(row) for table in ("setting", "signingkey", "auditevent")
                     for row in s.connection().execute(text(f"SELECT * FROM {table}")))  # fmt: skip
    assert private not in dump and s.get(Setting, "secret") is None
    kid = token.split(".")[2]
    assert s.get(SigningKey, kid) is not None


def test_rotating_a_key_keeps_slips_already_printed_valid(demo_session: Session) -> None:
    s = demo_session
    code = _case(s).code
    before = qrtoken.make(s, code)
    old_kid = before.split(".")[2]
    new_kid = signing.rotate(s)
    after = qrtoken.make(s, code)
    assert new_kid != old_kid and after.split(".")[2] == new_kid
    assert qrtoken.verify(s, before) == qrtoken.verify(s, after) == code
    retired = s.get(SigningKey, old_kid)
    assert retired is not None and retired.retired_at is not None


def test_another_kiosk_s_slip_verifies_here(
    demo_session: Session, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    s = demo_session
    code = _case(s).code
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "desk-2"))
    theirs = qrtoken.make(s, code)  # desk 2 signs with its own key, registered in the database
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "desk-1"))
    ours = qrtoken.make(s, code)
    assert theirs.split(".")[2] != ours.split(".")[2]
    assert qrtoken.verify(s, theirs) == qrtoken.verify(s, ours) == code


def test_slips_printed_before_the_upgrade_still_verify_and_the_secret_is_gone(
    empty_db_url: str,
) -> None:
    from alembic import command
    from alembic.config import Config

    from kiosk.base import clock, database

    engine = database.make_engine(empty_db_url)
    config = Config()
    config.set_main_option("script_location", str(ROOT / "kiosk" / "base" / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
    secret = bytes(range(32))
    now = clock.utcnow()
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO setting (key, value) VALUES ('secret', :v)"), {"v": secret.hex()}
        )
        insert_early_case(
            conn, "OLDC0001", "va_issued", "done", "3205100102150007", now, fktp_confirmed=True
        )
    mac = hmac.new(secret, b"JKN1.OLDC0001", hashlib.sha256).digest()
    printed = "JKN1.OLDC0001." + base64.b32encode(mac).decode()[:13]
    assert database.migrate(engine)
    with make_session(engine) as s:
        assert qrtoken.verify(s, printed) == "OLDC0001"
        assert qrtoken.verify(s, printed[:-1] + ("A" if printed[-1] != "A" else "B")) is None
        assert s.get(Setting, "secret") is None
    engine.dispose()
