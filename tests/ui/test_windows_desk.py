"""A Windows desk, simulated (no Windows machine here): the kiosk's Windows branches taken and
the calls Windows lacks removed, a family walked from login to its printed slip.

The whole core and screen suite runs this way in CI's simulated-Windows pass
(tests/helpers/windows_sim.py); this test makes the same check in every pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base import system
from kiosk.base.database import session as make_session
from kiosk.desk import settings
from kiosk.papers import printing
from models import Case
from tests.helpers import windows_sim
from tests.helpers.screens import KeyCounter, demo_family, login, text_of, wait_until, walk_to_done

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, str]]:
    """What windows_sim.apply does to the process, undone after the test."""
    for name in windows_sim.REMOVED_CALLS:
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(system, "WINDOWS", True)
    started: list[tuple[str, str]] = []
    monkeypatch.setattr(
        os, "startfile", lambda p, op="open": started.append((p, op)), raising=False
    )
    monkeypatch.setenv("PATH", str(tmp_path / "no-sumatra"))
    for base in ("LOCALAPPDATA", "ProgramFiles", "ProgramFiles(x86)"):
        monkeypatch.setenv(base, str(tmp_path / base))
    return started


async def test_a_windows_desk_walks_a_family_and_prints_its_slip(
    demo_url: str, demo_engine: Engine, windows: list[tuple[str, str]]
) -> None:
    assert not hasattr(os, "fchmod") and not hasattr(os, "confstr")
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
        settings.put(s, "printer", printing.DEFAULT_PRINTER)
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await walk_to_done(keys, kk)
        await keys.press("f7")
        await wait_until(pilot, lambda: windows)  # the slip is made in a thread
        await pilot.pause(0.1)
        assert len(windows) == 1 and windows[0][1] == "print"
        slip = Path(windows[0][0])
        assert slip.read_bytes().startswith(b"%PDF") and slip.suffix == ".pdf"
        assert "periksa printernya" in text_of(app, "#done-message")
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert case.status == "va_issued" and case.code in slip.name.replace("-", "")
