"""A newborn added as an operator would: Ctrl+L, the new member, the KK; what the rules say is
shown as the birth date is typed (in time, 40 days late, a PBI mother); what is highlighted is
what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base import clock
from kiosk.base.database import session as make_session
from models import Case, CaseMember
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


def _case(engine: Engine, kk: str) -> tuple[Case, list[CaseMember]]:
    with make_session(engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk, Case.kind == "add_member")).one()
        return case, list(s.exec(select(CaseMember).where(CaseMember.case_id == case.id)))


async def _to_newborn(keys: KeyCounter, kk: str) -> None:
    app = keys.pilot.app
    await login(keys)
    await keys.press("ctrl+l", "down", "enter")
    assert screen_name(app) == "NewbornScreen"
    await keys.type("#kk", kk)
    await keys.press("enter")
    await wait_until(keys.pilot, lambda: app.screen.query_one("#kk", Input).disabled)
    await settle(keys.pilot)


async def test_a_baby_at_40_days_is_said_late_and_asked_on_the_bill(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _to_newborn(keys, kk)
        app.screen.query_one("#sex").focus()
        await keys.press("right")  # a girl
        await keys.type("#name", "Putri Aminah")
        assert "tanggal lahir" in text_of(app, "#newborn-outlook")  # asked for, not guessed
        await keys.type("#birth", (clock.today() - timedelta(days=10)).strftime("%d-%m-%Y"))
        assert "paling lambat" in text_of(app, "#newborn-outlook")
        await keys.type("#birth", (clock.today() - timedelta(days=40)).strftime("%d-%m-%Y"))
        said = text_of(app, "#newborn-outlook")
        assert "Lewat 28 hari" in said and "surat keterangan lahir" in said
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "RequestCaseScreen")
        case, members = _case(demo_engine, kk)
        assert (case.status, case.member_kind, case.monthly_amount) == (
            "submitted", "newborn", 35_000,
        )  # fmt: skip
        assert [(m.name, m.sex) for m in members] == [("PUTRI AMINAH", "P")]
        await settle(pilot)
        assert "PUTRI AMINAH" in text_of(app, "#update-summary")


async def test_a_pbi_mothers_baby_is_routed_to_dinsos(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _to_newborn(keys, kk)
        await keys.type("#name", "Putra")
        await keys.type("#birth", (clock.today() - timedelta(days=3)).strftime("%d-%m-%Y"))
        app.screen.query_one("#mother-pbi").focus()
        await keys.press("space")
        assert "Dinsos" in text_of(app, "#newborn-outlook")
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "RequestCaseScreen")
        case, _ = _case(demo_engine, kk)
        assert (case.status, case.route, case.monthly_amount) == ("routed", "newborn_pbi", 0)


async def test_a_registered_familys_case_begins_a_new_member_with_its_kk(
    demo_url: str, demo_engine: Engine
) -> None:
    """Ctrl+L on the family's own case: the KK is given, the new member's case is begun."""
    from tests.helpers.screens import open_by_code

    with make_session(demo_engine) as s:
        active = s.exec(select(Case).where(Case.status == "active")).first()
        assert active is not None
        code, kk = active.code, active.kk_number
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, code)
        await wait_until(pilot, lambda: screen_name(app) == "CaseScreen")
        await settle(pilot)
        await keys.press("ctrl+l", "down", "enter")
        await wait_until(pilot, lambda: screen_name(app) == "NewbornScreen")
        await wait_until(pilot, lambda: app.screen.query_one("#kk", Input).disabled)
        case, _ = _case(demo_engine, kk)
        assert (case.kind, case.status) == ("add_member", "draft")
