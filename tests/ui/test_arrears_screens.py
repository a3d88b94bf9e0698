"""An arrears case walked as an operator would: Ctrl+L, Arrears, the KK, the terms, the plan
the family chooses, the paper, each payment and the cover check; what is highlighted is what
is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.config import slips_dir
from kiosk.base.database import session as make_session
from kiosk.rules import casecode
from models import Case
from tests.helpers.papers import decode_qr, pdf_text
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


def _arrears(engine: Engine, kk: str) -> Case:
    with make_session(engine) as s:
        return s.exec(select(Case).where(Case.kk_number == kk, Case.kind == "arrears")).one()


async def test_ten_months_paid_in_five_rehab_instalments(
    demo_url: str, demo_engine: Engine, tmp_path: Path
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+l", "down", "down", "enter")
        assert screen_name(app) == "ArrearsScreen"
        await keys.press("f10")  # no KK yet: said, nothing made
        assert "KK" in text_of(app, "#arrears-message")
        await keys.type("#kk", kk)
        await keys.press("enter")
        await wait_until(pilot, lambda: app.screen.query_one("#kk", Input).disabled)
        case = _arrears(demo_engine, kk)
        assert case.status == "draft" and case.head_name
        assert app.screen.query_one("#head", Input).value == case.head_name
        await keys.type("#persons", "2")
        await keys.type("#months", "10")
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "ArrearsPlanScreen")
        await settle(pilot)
        figures = text_of(app, "#arrears-figures")
        assert "Tunggakan 10 bulan (ditagih 10) x Rp70.000" in figures
        assert "Rp700.000" in figures and "5 kali" in figures
        assert "45 hari" in figures and "pertama atau terakhir" in figures
        # The radio set has the focus: down chooses REHAB, and that is what is kept.
        await keys.press("down")
        await keys.press("f7")
        paper = slips_dir() / f"tunggakan-{casecode.display(case.code)}.pdf"
        await wait_until(pilot, paper.exists)
        offered = pdf_text(paper)
        assert "belum dipilih" in offered and kk not in offered
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "ArrearsCaseScreen")
        case = _arrears(demo_engine, kk)
        assert (case.status, case.plan, case.plan_count) == ("va_issued", "rehab", 5)
        await settle(pilot)
        await keys.press("f7")
        await wait_until(pilot, lambda: "Pilihan keluarga" in pdf_text(paper))
        chosen = pdf_text(paper)
        assert "Cicilan REHAB" in chosen and "Rp210.000" in chosen
        assert decode_qr(paper, tmp_path)  # the QR opens the case at the desk
        for n in range(1, 6):
            await keys.press("f4")
            assert screen_name(app) == "InstalmentForm"
            assert f"Pembayaran ke-{n} dari 5" in text_of(app, "#instalment-due")
            await keys.press("f10")
            await wait_until(pilot, lambda: screen_name(app) == "ArrearsCaseScreen")
            await settle(pilot)
        case = _arrears(demo_engine, kk)
        assert (case.status, case.plan_paid) == ("paid", 5)
        await keys.press("f4")  # the cover check: where, highlighted as kept
        await keys.press("down", "down", "f10")
        await wait_until(pilot, lambda: _arrears(demo_engine, kk).status == "active")


async def test_thirty_months_offer_no_instalments_and_a_draft_resumes_where_it_stopped(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+l", "down", "down", "enter")
        await keys.type("#kk", kk)
        await keys.press("enter")
        await wait_until(pilot, lambda: app.screen.query_one("#kk", Input).disabled)
        await keys.type("#persons", "3")
        await keys.type("#months", "30")
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "ArrearsPlanScreen")
        await settle(pilot)
        assert "ditagih 24" in text_of(app, "#arrears-figures")
        await keys.press("down")  # REHAB is not open to 30 months: the cursor stays on full
        assert app.screen.query_one("#plan-full").value  # type: ignore[attr-defined]
        await keys.press("escape")  # back to the terms: kept
        await wait_until(pilot, lambda: screen_name(app) == "ArrearsScreen")
        await settle(pilot)
        assert app.screen.query_one("#months", Input).value == "30"
        await keys.press("escape")
        assert screen_name(app) == "HomeScreen"
        await settle(pilot)
        await keys.press("down", "enter")  # the draft, first in Home's list: where it stopped
        await wait_until(pilot, lambda: screen_name(app) == "ArrearsPlanScreen")
        await keys.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "ArrearsScreen")
        await settle(pilot)
        assert app.screen.query_one("#persons", Input).value == "3"
