"""Slips a copy of the database cannot forge: per-kiosk keys, rotation, old slips."""

from __future__ import annotations

import base64
import hashlib
import hmac
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from kiosk.base.database import make_engine
from kiosk.base.database import session as make_session
from kiosk.desk import qrtoken, signing
from models import Case, Setting, SigningKey

ROOT = Path(__file__).resolve().parent.parent


def _case(s: Session, status: str = "va_issued") -> Case:
    case = s.exec(select(Case).where(Case.status == status)).first()
    assert case is not None
    return case


def _verify_cli(url: str, payload: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--db", url, "verify", payload],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(data_dir), "KIOSK_LANG": "id",
             "HOME": str(data_dir)},
    )  # fmt: skip


def test_the_signing_key_lives_beside_the_kiosk_not_in_the_database(demo_session: Session) -> None:
    s = demo_session
    token = qrtoken.make(s, _case(s).code)
    path = signing.key_path()
    assert path.exists() and path.stat().st_mode & 0o077 == 0 and len(path.read_bytes()) == 32
    private = path.read_bytes().hex()
    dump = "\n".join(str(row) for table in ("setting", "signingkey", "auditevent")
                     for row in s.connection().execute(text(f"SELECT * FROM {table}")))  # fmt: skip
    assert private not in dump and s.get(Setting, "secret") is None
    kid = token.split(".")[2]
    assert s.get(SigningKey, kid) is not None


@pytest.mark.skipif(not shutil.which("true"), reason="needs a POSIX system")
def test_a_token_made_with_a_copied_database_is_refused(demo_url: str, tmp_path: Path) -> None:
    """A stranger copies the database file and makes a slip for a case with it."""
    if not demo_url.startswith("sqlite"):
        pytest.skip("the copy is of the SQLite file")
    original = Path(demo_url.removeprefix("sqlite:///"))
    kiosk_dir, stranger_dir = tmp_path / "kiosk", tmp_path / "stranger"
    kiosk_dir.mkdir()
    stranger_dir.mkdir()
    engine = make_engine(demo_url)
    with make_session(engine) as s:
        code = _case(s).code
        genuine = qrtoken.make(s, code)  # this kiosk's own slip: its key in its data dir
    engine.dispose()
    copy = tmp_path / "copy.db"
    shutil.copyfile(original, copy)
    # The stranger's tools: the copy, the kiosk's code, but not the kiosk's data directory.
    forged = subprocess.run(
        [sys.executable, "-c",
         "from kiosk.base.database import open_database, session; from kiosk.desk import qrtoken;"
         f"e = open_database('sqlite:///{copy}');"
         f"s = session(e); print(qrtoken.make(s, '{code}'))"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(stranger_dir), "HOME": str(stranger_dir)},
    ).stdout.strip()  # fmt: skip
    assert forged.startswith(f"JKN2.{code}.") and forged != genuine
    refused = _verify_cli(demo_url, forged, kiosk_dir)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    accepted = _verify_cli(demo_url, genuine, kiosk_dir)
    assert accepted.returncode == 0, accepted.stderr


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
        conn.execute(
            text(
                'INSERT INTO "case" (code, status, step, kk_number, head_name, region_code,'
                " phone, email, bank, bank_account, fktp_confirmed, gateway, va_number,"
                " monthly_amount, reason, reason_note, created_at, updated_at) VALUES"
                " ('OLDC0001', 'va_issued', 'done', '3205100102150007', '', '', '', '', '', '',"
                " true, 'training', '', 0, '', '', :at, :at)"
            ),
            {"at": now},
        )
    mac = hmac.new(secret, b"JKN1.OLDC0001", hashlib.sha256).digest()
    printed = "JKN1.OLDC0001." + base64.b32encode(mac).decode()[:13]
    assert database.migrate(engine)
    with make_session(engine) as s:
        assert qrtoken.verify(s, printed) == "OLDC0001"
        assert qrtoken.verify(s, printed[:-1] + ("A" if printed[-1] != "A" else "B")) is None
        assert s.get(Setting, "secret") is None
    engine.dispose()
