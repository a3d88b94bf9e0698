"""The log file is for the desk's IT person: a family walked to its printed slip leaves lines
there, and none holds the family's KK, NIKs, names or phone. A fault of a command is one line
on screen and its frames in the log, without its message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk import cli
from kiosk.app import KioskApp
from kiosk.base import logs
from kiosk.base.database import session as make_session
from models import Case, CaseMember, Person
from tests.helpers.screens import KeyCounter, demo_family, login, wait_until, walk_to_done

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))
    logs.stop()
    path = logs.start()
    assert path == tmp_path / "log" / logs.LOG_FILE
    yield path
    logs.stop()


async def test_a_walk_and_its_slip_leave_no_personal_data_in_the_log(
    demo_url: str, demo_engine: Engine, log_file: Path
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=3)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await walk_to_done(keys, kk, phone="0812 9876 5432")
        await keys.press("f7")
        # The slip is made in a thread.
        await wait_until(pilot, lambda: "paper slip" in log_file.read_text(encoding="utf-8"))
    logged = log_file.read_text(encoding="utf-8")
    assert "paper slip" in logged  # the walk did reach the log
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        members = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
        people = [s.get(Person, m.person_id) for m in members]
    secrets = {kk, "81298765432", "0812 9876 5432", case.va_number}
    secrets |= {m.card_number for m in members} | {p.nik for p in people if p}
    secrets |= {word for p in people if p for word in p.name.split() if len(word) > 3}
    assert sorted(x for x in secrets if x and x in logged) == []


def test_a_fault_in_a_command_is_one_line_and_logged_without_its_message(
    log_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nik = "3205100512800002"

    def broken(args: object) -> int:
        raise KeyError(nik)  # its message holds the number; the lines of code never do

    monkeypatch.setitem(cli.COMMANDS, None, broken)
    assert cli.main([]) == logs.EXIT_FAULT
    said = capsys.readouterr().err
    assert "gangguan (KeyError" in said and "Traceback" not in said
    assert "3205100512800002" not in said and len(said.strip().splitlines()) == 1
    logged = log_file.read_text(encoding="utf-8")
    assert "fault in kiosk: builtins.KeyError" in logged and "in broken" in logged
    assert "3205100512800002" not in logged
