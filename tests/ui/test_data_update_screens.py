"""A phone update walked as an operator would: Ctrl+L, the data update, the KK, the family's
own phone number, the channel highlighted is the one kept; the request printed; the change
seen at BPJS closes the case."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.config import slips_dir
from kiosk.base.database import session as make_session
from kiosk.rules import casecode
from models import Case
from tests.helpers.papers import pdf_text
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


def _update(engine: Engine, kk: str) -> Case:
    with make_session(engine) as s:
        return s.exec(select(Case).where(Case.kk_number == kk, Case.kind == "data_update")).one()


async def test_a_phone_update_is_asked_printed_and_closed(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+l", "down", "down", "down", "enter")
        assert screen_name(app) == "DataUpdateScreen"
        await keys.type("#kk", kk)
        await keys.press("enter")
        await wait_until(pilot, lambda: app.screen.query_one("#kk", Input).disabled)
        await settle(pilot)
        await keys.press("f10")  # nothing typed that changes: said, nothing submitted
        assert "berubah" in text_of(app, "#update-message")
        await keys.type("#phone", "0852")
        await keys.press("f10")
        assert "terlalu pendek" in text_of(app, "#update-message")
        assert app.screen.query_one("#phone", Input).value == "0852"  # nothing lost
        await keys.type("#phone", "0812 7777 8888")
        app.screen.query_one("#update-channel").focus()
        await keys.press("right", "right")  # the BPJS office
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "RequestCaseScreen")
        case = _update(demo_engine, kk)
        assert (case.status, case.phone, case.channel) == (
            "submitted", "+6281277778888", "bpjs_office",
        )  # fmt: skip
        await settle(pilot)
        assert "0812-7777-8888" in text_of(app, "#update-summary")
        await keys.press("f7")
        paper = slips_dir() / f"ubah-data-{casecode.display(case.code)}.pdf"
        await wait_until(pilot, paper.exists)
        said = pdf_text(paper)
        assert "0812-7777-8888" in said and "Kantor BPJS" in said and kk not in said
        await keys.press("f4")
        await wait_until(pilot, lambda: _update(demo_engine, kk).status == "closed")
