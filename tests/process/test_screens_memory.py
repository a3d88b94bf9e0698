"""A session that serves family after family does not grow: closed screens leave nothing behind."""

from __future__ import annotations

import gc

import pytest

from kiosk.app import KioskApp
from screens.base import TopBar
from screens.key_bar import KeyBar
from tests.helpers.screens import KeyCounter, login, screen_name, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def detached(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind) and not o.is_attached)


async def test_going_out_and_back_home_keeps_no_old_widgets(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)

        async def round_trip() -> None:
            await keys.press("f2")
            assert screen_name(app) == "KKLookupScreen"
            await keys.press("escape")
            await pilot.pause(0.3)  # Escape waits for a possible escape sequence
            await settle(pilot)
            assert screen_name(app) == "HomeScreen"

        for _ in range(2):
            await round_trip()
        keys_before, bars_before = detached(KeyBar), detached(TopBar)
        for _ in range(4):
            await round_trip()
        # Home's keys are drawn again at each return, and each closed screen had its bar:
        # before, both stayed alive for the whole session (a few hundred KiB a family).
        assert detached(KeyBar) == keys_before
        assert detached(TopBar) == bars_before
