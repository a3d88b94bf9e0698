"""Keys on Done and on a case: Ctrl+C copies the line the family is sent (WhatsApp Web: the
case code and, while it is to be paid, the VA and the amount; never a NIK or KK); F8 says
before any form when cancelling takes a supervisor."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import DataTable

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.cases import lifecycle
from kiosk.rules import casecode, ids
from models import Case, CaseMember
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    open_by_code,
    screen_name,
    settle,
    text_of,
    walk_to_done,
)  # fmt: skip

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_done_copies_the_code_and_the_va(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await walk_to_done(keys, kk)
        await settle(pilot)
        await keys.press("ctrl+c")
        assert screen_name(app) == "DoneScreen"  # copied, not quit
        with make_session(demo_engine) as s:
            case = s.exec(select(Case).where(Case.kk_number == kk)).one()
            niks = [m.nik for m in s.exec(select(CaseMember).where(CaseMember.case_id == case.id))]
        copied = app.clipboard
        assert casecode.display(case.code) in copied and ids.format_va(case.va_number) in copied
        assert "Rp" in copied and kk not in copied and not any(n in copied for n in niks)
        assert "Disalin" in text_of(app, "#done-message")


async def test_a_cancelled_case_copies_no_va(demo_url: str, demo_engine: Engine) -> None:
    """A cancelled case's VA would be paid into nothing: its code and status only."""
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "va_issued")).first()
        assert case is not None
        admin = s.exec(select(lifecycle.Operator).where(lifecycle.Operator.name == "admin")).one()
        lifecycle.cancel(s, case, "family_withdrew", "", admin.id)
        code, va = casecode.display(case.code), case.va_number
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.type("#open", code)
        await keys.press("enter")
        await settle(pilot)
        assert screen_name(app) == "CaseScreen"
        await keys.press("ctrl+c")
        assert code in app.clipboard and "Dibatalkan" in app.clipboard
        assert va not in app.clipboard.replace(" ", "")


async def test_an_operator_is_told_before_the_cancel_form_that_it_takes_a_supervisor(
    demo_url: str, demo_engine: Engine
) -> None:
    """Cancelling a case past its draft is a supervisor's: said on F8, not after a reason
    and a note were typed into a form that then refuses them."""
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "va_issued")).first()
        assert case is not None
        code = casecode.display(case.code)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)  # an operator, not a supervisor
        await keys.type("#open", code)
        await keys.press("enter")
        await settle(pilot)
        await keys.press("f8")
        assert screen_name(app) == "CaseScreen"  # no form opened
        assert "supervisor" in text_of(app, "#case-message")


async def test_a_supervisor_takes_back_a_mistaken_payment_with_a_reason(
    demo_url: str, demo_engine: Engine
) -> None:
    """F8 on a paid case: an operator is told it is a supervisor's; the supervisor writes
    why, and the case is back at its VA, the correction shown in full and in the history."""
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "paid")).first()
        assert case is not None
        case_id, code = case.id, casecode.display(case.code)
    reason = "Tercatat pada keluarga yang salah"
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)  # an operator, not a supervisor
        await open_by_code(keys, code)
        await keys.press("f8")
        assert screen_name(app) == "CaseScreen"  # no form opened
        assert "supervisor" in text_of(app, "#case-message")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await open_by_code(keys, code)
        await keys.press("f8")
        await settle(pilot)
        assert screen_name(app) == "CorrectForm"
        assert "Sudah bayar -> VA terbit" in text_of(app, "#correct-move")
        await keys.type("#correct-reason", "salah")
        await keys.press("f10")
        await settle(pilot)
        assert "paling sedikit" in text_of(app, "#correct-message")  # kept, not lost
        assert app.screen.query_one("#correct-reason").value == "salah"  # type: ignore[attr-defined]
        await keys.type("#correct-reason", reason)
        await keys.press("f10")
        await settle(pilot)
        assert screen_name(app) == "CaseScreen"
        summary = text_of(app, "#case-summary")
        assert "VA terbit" in summary and reason in summary and "admin" in summary
        history = app.screen.query_one("#case-history", DataTable)
        newest = [str(cell) for cell in history.get_row_at(0)]
        assert newest[1].startswith("Koreksi: Sudah bayar -> VA terbit") and newest[2] == "admin"
    with make_session(demo_engine) as s:
        again = s.get(Case, case_id)
        assert again is not None and again.status == "va_issued" and again.paid_on is None


async def test_home_finds_a_family_by_name_and_reveals_its_kk_on_request(
    demo_url: str, demo_engine: Engine
) -> None:
    """A name typed on Home lists the cases it finds, numbers masked; F9 shows the KK of
    the highlighted one (audited); Enter opens the case."""
    from kiosk.desk import audit

    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "va_issued")).first()
        assert case is not None
        head, kk, code = case.head_name, case.kk_number, casecode.display(case.code)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.type("#open", head.lower())
        await keys.press("enter")
        await settle(pilot)
        assert screen_name(app) == "SearchForm"
        table = app.screen.query_one("#search-hits", DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        row = next(n for n, r in enumerate(rows) if r[0] == code)
        assert kk not in " ".join(rows[row]).replace(" ", "")  # masked
        table.move_cursor(row=row)
        await keys.press("f9")
        await settle(pilot)
        shown = [str(c) for c in table.get_row_at(row)]
        assert kk in shown[-1].replace(" ", "")
        await keys.press("enter")
        await settle(pilot)
        assert screen_name(app) == "CaseScreen"
    with make_session(demo_engine) as s:
        events = audit.search(s, case=code, operator="", action="", day="")
        assert not isinstance(events, audit.Problem)
        assert any(e.action == "kk_revealed" for e, _, _ in events)
