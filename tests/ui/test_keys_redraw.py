"""A key that changes nothing on screen redraws nothing: the footer is not rebuilt for each
KK digit nor for a move between fields, and a facility search key that narrows nothing leaves
the results as they are."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from models import Case
from screens.key_bar import KeyBar
from screens.walk.kk_lookup import KKLookupScreen
from screens.widgets.fitted_table import FittedTable
from tests.helpers.screens import (
    KeyCounter,
    login,
    registrable_kks,
    screen_name,
    settle,
    walk_to_contact,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_kk_digits_leave_the_footer_alone_until_a_key_of_it_changes(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    redrawn: list[str] = []
    original = KKLookupScreen.refresh_bindings

    def counted(self: KKLookupScreen) -> None:
        redrawn.append(self.query_one("#kk", Input).value)
        original(self)

    monkeypatch.setattr(KKLookupScreen, "refresh_bindings", counted)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        assert screen_name(app) == "KKLookupScreen"
        before = len(redrawn)
        await pilot.press(*kk)
        await settle(pilot)
        assert app.screen.query_one("#kk", Input).value.replace(" ", "") == kk
        assert len(redrawn) == before  # 16 digits, no footer rebuilt


async def test_a_search_key_that_narrows_nothing_leaves_the_results(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    cleared: list[int] = []
    original = FittedTable.clear

    def counted(self: FittedTable, columns: bool = False) -> FittedTable:
        if self.id == "results":
            cleared.append(self.row_count)
        return original(self, columns)

    monkeypatch.setattr(FittedTable, "clear", counted)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", kk)
        await keys.press("enter", "f10", "3", "tab")
        assert screen_name(app) == "FktpScreen"
        search = app.screen.query_one("#search", Input)
        search.focus()
        await pilot.press(*"puskesmas kadungora")
        await settle(pilot)
        table = app.screen.query_one("#results", FittedTable)
        rows = [str(table.get_row_at(n)[3]) for n in range(table.row_count)]
        typed = len("puskesmas kadungora")
        # The list narrows within the first letters; the rest of the name changes nothing.
        assert 0 < len(cleared) < typed // 2
        assert rows and rows == [r.code for r in app.screen.results]  # type: ignore[attr-defined]


async def test_the_footer_is_drawn_again_only_when_its_keys_change(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
        with_case = s.exec(select(Case.kk_number).where(Case.status == "va_issued")).first()
    assert with_case
    drawn: list[str] = []
    original = KeyBar.update_keys

    def counted(self: KeyBar) -> None:
        shown = self.shown
        original(self)
        if self.shown is not shown:  # a new line of keys was drawn
            drawn.append(type(self.screen).__name__)

    monkeypatch.setattr(KeyBar, "update_keys", counted)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await walk_to_contact(keys, kk)
        assert screen_name(app) == "ContactScreen"
        before = len(drawn)
        for _ in range(6):  # from field to field: the same keys
            await keys.press("tab")
        await keys.press("shift+tab")
        assert len(drawn) == before

        app.walk_to("kk")  # a new lookup, where F4 comes and goes
        await settle(pilot)
        assert screen_name(app) == "KKLookupScreen"
        shown = [key for key, *_ in app.screen.query_one(KeyBar).shown]
        assert "f4" not in shown
        before = len(drawn)
        await keys.type("#kk", with_case)
        await keys.press("enter")  # the family has a case: F4 opens it
        assert len(drawn) == before + 1
        shown = [key for key, *_ in app.screen.query_one(KeyBar).shown]
        assert "f4" in shown
