"""A desk whose data folder is on a drive Deep Freeze restores is told so at each login,
and when a supervisor saves that drive in Settings."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from kiosk.app import KioskApp
from kiosk.base.config import data_dir
from kiosk.base.database import session as make_session
from kiosk.desk import settings
from tests.helpers.screens import KeyCounter, login, text_of, wait_until

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_frozen_data_folder_is_warned_at_login(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        settings.put(s, "frozen_drives", f"Q:, {data_dir().parent}")
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(KeyCounter(pilot))
        await wait_until(pilot, lambda: "PERINGATAN" in text_of(app, "#home-message"))
        assert "Deep Freeze" in text_of(app, "#home-message")


async def test_saving_the_frozen_drive_warns_at_once(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        assert "PERINGATAN" not in text_of(app, "#home-message")
        await keys.press("ctrl+o")
        await keys.type("#frozen_drives", str(data_dir().parent))
        await keys.press("f10")
        await wait_until(pilot, lambda: "PERINGATAN" in text_of(app, "#settings-message"))
