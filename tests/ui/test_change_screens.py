"""FKTP and class changes walked as an operator would: refused at 2 months with the day it
becomes possible, then allowed with the domicile letter seen; a class change at 12 months;
what is highlighted is what is kept."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.rules import timing
from models import Case, Facility
from tests.helpers.screens import (
    KeyCounter,
    login,
    registrable_kks,
    screen_name,
    settle,
    text_of,
    wait_until,
)  # fmt: skip

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _case(engine: Engine, kk: str, kind: str) -> Case:
    with make_session(engine) as s:
        return s.exec(select(Case).where(Case.kk_number == kk, Case.kind == kind)).one()


async def _start(keys: KeyCounter, downs: int, kk: str) -> None:
    app = keys.pilot.app
    await login(keys)
    await keys.press("ctrl+l", *["down"] * downs, "enter")
    await keys.type("#kk", kk)
    await keys.press("enter")
    await wait_until(keys.pilot, lambda: app.screen.query_one("#kk", Input).disabled)
    await settle(keys.pilot)


async def test_an_fktp_change_at_2_months_refused_then_allowed_with_the_domicile_letter(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
        old, new = s.exec(
            select(Facility.code).where(Facility.kind != "Dokter Gigi").order_by(Facility.code)
        ).all()[:2]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _start(keys, 4, kk)
        assert screen_name(app) == "FktpMoveScreen"
        await keys.type("#fktp-from", old)
        await keys.type("#fktp-to", new)
        await wait_until(pilot, lambda: text_of(app, "#fktp-to-name") != "")
        two = timing.add_months(clock.today(), -2)
        await keys.type("#since", two.strftime("%d-%m-%Y"))
        app.screen.query_one("#active").value = True  # type: ignore[attr-defined]
        await keys.press("f10")
        allowed = timing.add_months(two, 3).strftime("%d-%m-%Y")
        assert allowed in text_of(app, "#change-message")
        assert _case(demo_engine, kk, "fktp_change").status == "draft"
        app.screen.query_one("#exception").focus()
        await keys.press("right")  # a domicile move
        await keys.press("f10")
        assert "surat keterangan domisili" in text_of(app, "#change-message")
        app.screen.query_one("#letter").value = True  # type: ignore[attr-defined]
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "RequestCaseScreen")
        case = _case(demo_engine, kk, "fktp_change")
        assert (case.status, case.change_from, case.change_to, case.change_exception) == (
            "submitted", old, new, "domicile_move",
        )  # fmt: skip
        await settle(pilot)
        assert "pindah domisili" in text_of(app, "#update-summary")
        await keys.press("f4")
        await wait_until(pilot, lambda: _case(demo_engine, kk, "fktp_change").status == "closed")


async def test_a_class_change_at_12_months(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _start(keys, 5, kk)
        assert screen_name(app) == "ClassMoveScreen"
        twelve = timing.add_months(clock.today(), -12)
        await keys.type("#since", twelve.strftime("%d-%m-%Y"))
        app.screen.query_one("#active").value = True  # type: ignore[attr-defined]
        app.screen.query_one("#class-to").focus()
        await keys.press("left")  # from II to I
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "RequestCaseScreen")
        case = _case(demo_engine, kk, "class_change")
        assert (case.change_from, case.change_to, case.kelas) == ("3", "1", 1)
        assert case.monthly_amount == 150_000 * (case.persons or 1)
