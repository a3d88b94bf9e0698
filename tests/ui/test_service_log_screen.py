"""Home's Ctrl+L logs a person served in a few keys: what is highlighted is what is kept,
a note holding a personal number is refused with nothing lost, and Home says the day's count."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from models import ServiceEntry
from tests.helpers.screens import KeyCounter, login, screen_name, settle, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_status_check_not_done_is_logged_as_highlighted(
    demo_url: str, demo_engine: Engine
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+l", "enter")  # the first choice: only log it
        assert screen_name(app) == "ServiceForm"
        # Administration; the topic from "status" two on: "arrears"; the outcome three on:
        # "needs the office"; satisfied.
        await keys.press("right", "tab", "right", "right", "tab", "down", "down", "down")
        await keys.press("tab", "right")
        note = app.screen.query_one("#log-note", Input)
        note.focus()
        note.value = "KK 3205101010100001 tidak ada"
        await keys.press("f10")
        assert screen_name(app) == "ServiceForm"
        assert "NIK" in text_of(app, "#log-message")
        assert note.value == "KK 3205101010100001 tidak ada"  # nothing lost
        with make_session(demo_engine) as s:
            assert s.exec(select(ServiceEntry)).all() == []
        note.value = "tunggakan 30 bulan, ke kantor cabang"
        await keys.press("f10")
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"
        with make_session(demo_engine) as s:
            kept = s.exec(select(ServiceEntry)).one()
        assert (kept.service, kept.topic, kept.outcome, kept.reason, kept.satisfaction) == (
            "administration", "arrears", "not_done", "needs_office", "satisfied",
        )  # fmt: skip
        assert "1 orang" in text_of(app, "#home-message")


async def test_esc_logs_nothing_and_an_untouched_form_logs_information_done(
    demo_url: str, demo_engine: Engine
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+l", "enter", "escape")
        assert screen_name(app) == "HomeScreen"
        await keys.press("ctrl+l", "enter", "f10")
        await settle(pilot)
        with make_session(demo_engine) as s:
            kept = s.exec(select(ServiceEntry)).one()
        assert (kept.service, kept.topic, kept.outcome, kept.satisfaction) == (
            "information", "status", "done", "",
        )  # fmt: skip
