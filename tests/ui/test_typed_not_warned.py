"""Text kept while a step is open (a facility search) is not "unsaved typing" once the step is
done: an operator who paused over the search is not warned on the confirmation."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    screen_name,
    settle,
    start_registration,
    text_of,
    wait_until,
)  # fmt: skip

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_search_paused_over_is_not_unsaved_typing(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10", "3", "tab")
        await keys.type("#search", "puskesmas kadungora")
        await pilot.pause(1.6)  # the operator reads the list: the search is kept meanwhile
        await settle(pilot)
        await keys.press("enter", "f6", "f10")
        await wait_until(pilot, lambda: screen_name(app) == "ContactScreen")
        await keys.fill_contact()
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await settle(pilot)
        assert "belum disimpan" not in text_of(app, "#confirm-message")
