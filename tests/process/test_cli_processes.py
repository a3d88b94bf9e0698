"""The command line run as a desk runs it, in its own process: exit statuses and what a stranger with a copy can do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiosk.base.database import make_engine
from kiosk.base.database import session as make_session
from kiosk.desk import qrtoken
from models import Case
from tests.helpers.paths import ROOT


def _run(engine: Engine, sql: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(sql), params)


def _verify_cli(url: str, payload: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--db", url, "verify", payload],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(data_dir), "KIOSK_LANG": "id",
             "HOME": str(data_dir)},
    )  # fmt: skip


def _case(s: Session, status: str = "va_issued") -> Case:
    case = s.exec(select(Case).where(Case.status == status)).first()
    assert case is not None
    return case


@pytest.mark.parametrize("tamper", [False, True])
def test_kiosk_audit_verify_exits_by_the_chain(
    demo_url: str, demo_engine: Engine, tamper: bool
) -> None:
    if tamper:
        _run(demo_engine, "UPDATE auditevent SET action = 'consent' WHERE seq = 2")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--db", demo_url, "audit", "verify"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if tamper:
        assert (
            result.returncode == 1 and "ke-2" in result.stderr and "Traceback" not in result.stderr
        )
    else:
        assert result.returncode == 0 and "utuh" in result.stdout


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
