"""The payment form, the FKTP remedy, the call list and the reports screen, driven by keys."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from kiosk.app import KioskApp
from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.cases import membership, store
from kiosk.followup import reports
from models import Case, FktpChange
from screens.widgets.toggles import Checkbox
from tests.helpers.follow_through import CHOSEN, OTHER, active_with_mismatch, issued
from tests.helpers.screens import KeyCounter, login, open_by_code, screen_name, text_of


def _day(days_ago: int) -> str:
    return (clock.today() - timedelta(days=days_ago)).strftime("%d-%m-%Y")


async def test_payment_asks_for_the_date_refuses_a_bad_one_and_confirms(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        case = issued(s, 20)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, case.code)
        assert "Bayar pertama" in text_of(app, "#case-summary")
        await keys.press("f4")
        assert screen_name(app) == "PaymentForm"
        assert app.screen.query_one("#pay-date", Input).value == _day(0)
        await keys.type("#pay-date", _day(-1))  # tomorrow
        await keys.press("f10")
        assert screen_name(app) == "PaymentForm" and "belum lewat" in text_of(app, "#pay-message")
        await keys.type("#pay-date", "30-02-2026")
        await keys.press("f10")
        assert "tidak terbaca" in text_of(app, "#pay-message")
        await keys.type("#pay-date", _day(30))  # before the registration
        await keys.press("f10")
        assert "sebelum pendaftaran" in text_of(app, "#pay-message")
        await keys.type("#pay-date", _day(19))  # possible, but before the 14-day window
        await keys.press("f10")
        message = text_of(app, "#pay-message")
        assert "Perhatian" in message and "lagi untuk mencatat" in message
        await keys.press("escape")  # changed their mind: nothing recorded
        assert screen_name(app) == "CaseScreen"
        with make_session(demo_engine) as s:
            assert s.get(Case, case.id).status == "va_issued"  # type: ignore[union-attr]
        await keys.press("f4")
        await keys.type("#pay-date", _day(3))
        await keys.press("f10")
        assert "lagi untuk mencatat" in text_of(app, "#pay-message")
        await keys.press("f10")
        assert screen_name(app) == "CaseScreen"
        assert f"Dibayar {_day(3)}" in text_of(app, "#case-summary")
    with make_session(demo_engine) as s:
        stored = s.get(Case, case.id)
        assert stored.status == "paid" and stored.paid_on == clock.today() - timedelta(days=3)  # type: ignore[union-attr]


async def test_the_fktp_remedy_walked_on_screen_to_a_matching_card(
    demo_url: str, demo_engine: Engine, tmp_path: Path
) -> None:
    with make_session(demo_engine) as s:
        case = active_with_mismatch(s, paid_days_ago=100)  # a change is allowed already
        members = membership.new_members(store.members_of(s, case))
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, case.code)
        assert "berbeda" in text_of(app, "#case-message")
        await keys.press("f6")
        assert screen_name(app) == "FktpChangeForm"
        info = text_of(app, "#change-info")
        assert f"kartu {OTHER}" in info and f"pilihan keluarga {CHOSEN}" in info
        await keys.press("f7")  # the statement of choice, to take along
        assert "disimpan" in text_of(app, "#change-message")
        statement = next((tmp_path / "data").rglob("pernyataan-*.pdf"))
        assert statement.stat().st_mode & 0o077 == 0
        await keys.type("#change-date", "99-99-2026")
        await keys.press("f10")
        assert screen_name(app) == "FktpChangeForm"
        assert "tidak terbaca" in text_of(app, "#change-message")
        await keys.type("#change-date", _day(1))
        await keys.press("f10")
        assert screen_name(app) == "CaseScreen"
        assert f"Ganti faskes diajukan {_day(1)}" in text_of(app, "#case-summary")
        await keys.press("f4")  # the new card came
        assert screen_name(app) == "CardForm"
        for m in members:
            await keys.type(f"#fktp-{m.id}", CHOSEN)
        await keys.press("f10")
        assert screen_name(app) == "CaseScreen"
        assert "berbeda" not in text_of(app, "#case-message")
        await keys.press("f6")  # nothing left to change
        assert screen_name(app) == "CaseScreen"
    with make_session(demo_engine) as s:
        change = s.exec(select(FktpChange).where(FktpChange.case_id == case.id)).one()
        assert change.channel == "bpjs_office" and change.done_on == clock.today()
        assert change.requested_on == clock.today() - timedelta(days=1)


async def test_the_day_s_call_list_is_printed_from_home(
    demo_url: str, demo_engine: Engine, tmp_path: Path
) -> None:
    with make_session(demo_engine) as s:
        case = issued(s, 40)
        case.phone = "+6281234567890"
        s.add(case)
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f7")
        assert "Daftar telepon" in text_of(app, "#home-message")
    listing = next((tmp_path / "data").rglob("daftar-telepon-*.pdf"))
    assert listing.stat().st_mode & 0o077 == 0
    from tests.helpers.papers import pdf_text

    text = pdf_text(listing)
    assert "0812-3456-7890" in text and case.head_name in text
    assert case.kk_number not in text


def _summary_counts(app: KioskApp) -> dict[str, str]:
    table = app.screen.query_one("#report-summary", DataTable)
    return {
        str(table.get_row_at(r)[0]).strip(): str(table.get_row_at(r)[1])
        for r in range(table.row_count)
    }


async def test_the_reports_screen_shows_the_database_s_numbers_and_exports_them(
    demo_url: str, demo_engine: Engine, tmp_path: Path
) -> None:
    with make_session(demo_engine) as s:
        active_with_mismatch(s, paid_days_ago=30)
        expected = reports.build(s, None, None, training=True)
        real = reports.build(s, None, None)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+r")
        assert screen_name(app) == "ReportsScreen"
        assert "kasus nyata" in text_of(app, "#report-heading")
        await keys.type("#report-from", "31-31-2026")
        await keys.press("enter")
        assert "awal tidak terbaca" in text_of(app, "#report-message")
        app.screen.query_one("#report-preset", Select).value = "all"
        await keys.press()  # let the change arrive
        heading = text_of(app, "#report-heading")
        assert f"{len(real.counted)} kasus" in heading
        app.screen.query_one("#report-training", Checkbox).value = True
        await keys.press()
        assert f"{len(expected.counted)} kasus" in text_of(app, "#report-heading")
        counts = _summary_counts(app)
        for status, n in expected.by_status.items():
            assert counts[{"active": "Aktif", "paid": "Sudah bayar", "va_issued": "VA terbit",
                           "submitted": "Terkirim", "draft": "Draf", "referred": "Dirujuk",
                           "cancelled": "Dibatalkan"}[status]] == str(n)  # fmt: skip
        await keys.press("f6", "f6")  # per FKTP
        table = app.screen.query_one("#report-fktp", DataTable)
        rows = {str(table.get_row_at(r)[0]): table.get_row_at(r) for r in range(table.row_count)}
        chosen = next(r for r in expected.per_fktp() if r.code == CHOSEN)
        assert str(rows[CHOSEN][2]) == str(chosen.families)
        assert str(rows[CHOSEN][4]) == str(chosen.elsewhere)
        await keys.press("f7")
        assert "Laporan disimpan" in text_of(app, "#report-message")
    pdf = next((tmp_path / "data").rglob("laporan-*.pdf"))
    exported = next((tmp_path / "data").rglob("laporan-*.csv"))
    assert pdf.stat().st_mode & 0o077 == 0 and exported.stat().st_mode & 0o077 == 0
    with exported.open(encoding="utf-8") as handle:
        rows_ = list(csv.reader(handle))
    flat = " ".join(" ".join(r) for r in rows_)
    with make_session(demo_engine) as s:
        for c in s.exec(select(Case)).all():
            assert not c.kk_number or c.kk_number not in flat
            assert not c.head_name or c.head_name not in flat  # counts, not people
    assert any(CHOSEN in " ".join(r) for r in rows_)


def test_the_case_says_what_to_do_once_the_payment_window_has_closed(
    demo_session,  # type: ignore[no-untyped-def]
) -> None:
    from kiosk.cases import fktp_remedy
    from screens.followup.case import dates_line

    late = issued(demo_session, 40)
    line = dates_line(late, fktp_remedy.remedy(demo_session, late))
    assert "lewat" in line and "F8" in line  # what to do next, with the key for it
    paid = issued(demo_session, 20)
    from kiosk.cases import payment

    payment.record(demo_session, paid, clock.today(), None)
    line = dates_line(paid, fktp_remedy.remedy(demo_session, paid))
    from kiosk.rules import timing

    assert timing.next_due(clock.today()).strftime("%d-%m-%Y") in line
    assert f"ganti kelas mulai {timing.add_months(clock.today(), 12):%d-%m-%Y}" in line


async def test_what_bpjs_sent_and_the_receipt_s_date_survive_a_crash_until_saved(
    demo_url: str, demo_engine: Engine
) -> None:
    from tests.helpers.screens import settle

    with make_session(demo_engine) as s:
        submitted = s.exec(select(Case).where(Case.status == "submitted")).first()
        assert submitted is not None
        new = [m for m in store.members_of(s, submitted) if m.is_new]
        paying = issued(s, 20)
    card = f"#card-{new[0].id}"

    async def form(code: str):  # type: ignore[no-untyped-def]
        app = KioskApp(demo_url)
        pilot_run = app.run_test(size=(80, 24))
        pilot = await pilot_run.__aenter__()
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, code)
        await keys.press("f4")
        return app, pilot_run, pilot, keys

    # Typed from BPJS's letter, then the kiosk is gone as if killed (the form never closed).
    app, run, pilot, keys = await form(submitted.code)
    await keys.type("#va", "8888801234567890")
    await keys.type(card, "0001234567890")
    await pilot.pause(1.5)  # kept a moment after the last key
    await settle(pilot)
    await run.__aexit__(None, None, None)

    app, run, pilot, keys = await form(submitted.code)
    assert app.screen.query_one("#va", Input).value == "8888801234567890"
    assert app.screen.query_one(card, Input).value == "0001234567890"
    await keys.press("escape")  # given up on purpose
    await keys.press("escape")
    await open_by_code(keys, paying.code)
    await keys.press("f4")
    await keys.type("#pay-date", _day(3))
    await pilot.pause(1.5)
    await settle(pilot)
    await run.__aexit__(None, None, None)

    app, run, pilot, keys = await form(paying.code)
    assert app.screen.query_one("#pay-date", Input).value == _day(3)
    await keys.press("escape", "escape")
    await open_by_code(keys, submitted.code)
    await keys.press("f4")
    assert app.screen.query_one("#va", Input).value == ""  # Esc gave it up: not brought back
    await run.__aexit__(None, None, None)
