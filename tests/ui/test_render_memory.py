"""A screen left behind leaves its rendering behind too: nothing Textual drew for its widgets
stays in memory once they are gone."""

from __future__ import annotations

import gc

import pytest
from textual._styles_cache import StylesCache

from kiosk.app import KioskApp
from tests.helpers.screens import KeyCounter, login, screen_name

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def render_caches() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, StylesCache))


async def test_screens_opened_and_closed_leave_no_rendering_behind(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2", "f3")  # the lookup once, so what stays for good is made
        before = render_caches()
        for _ in range(10):
            await keys.press("f2")
            assert screen_name(app) == "KKLookupScreen"
            await keys.press("f3")
            assert screen_name(app) == "HomeScreen"
        # Each lookup screen has a dozen widgets: ten of them held would be 100 or more.
        assert render_caches() - before < 20
