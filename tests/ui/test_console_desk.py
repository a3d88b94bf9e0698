"""A locked-down desk: only a supervisor quits the kiosk, when the desk says so and whenever a
service manager started it (the console recipe, docs/desks.md), where a quit operator would
leave the family at a login prompt."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.desk import settings
from tests.helpers.screens import KeyCounter, login, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _quits(demo_url: str, name: str) -> bool:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name)
        await keys.press("ctrl+q")
        await settle(pilot)
        return not app.is_running


@pytest.mark.parametrize("how", ["setting", "service"])
async def test_only_a_supervisor_quits_a_locked_down_desk(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.delenv("INVOCATION_ID", raising=False)
    assert await _quits(demo_url, "demo")  # an ordinary desk: anyone quits
    if how == "setting":
        with make_session(demo_engine) as s:
            settings.put(s, "quit_supervisor_only", True)
            s.commit()
    else:
        monkeypatch.setenv("INVOCATION_ID", "5a1c2d3e4f")  # what systemd sets for a service
    assert not await _quits(demo_url, "demo")
    assert await _quits(demo_url, "admin")
