"""Hand-off to BPJS with the manual gateway, driven by keys: every field in BPJS's order, in
clear only on the hand-off screen (audited), copied one by one to the clipboard through the
app, ticked and resumed where the operator stopped; BPJS's answer closes the loop."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.cases import store
from kiosk.desk import settings
from kiosk.rules import ids
from models import AuditEvent, Case
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    screen_name,
    start_registration,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _manual_family(engine: Engine) -> str:
    """The desk on the manual gateway; a family of two without cover."""
    with make_session(engine) as s:
        settings.put(s, "gateway", "manual")
        s.commit()
        return demo_family(s, covered=0, size=2)


async def _walk_to_done(keys: KeyCounter, kk: str) -> None:
    await login(keys)
    await start_registration(keys, kk)
    await keys.press("f10", "3", "tab")
    await keys.type("#search", "puskesmas kadungora")
    await keys.press("enter", "f6", "f10")
    await keys.fill_contact("0812 3456 7890")
    await keys.press("f10", "f6", "f10")


async def test_the_hand_off_copies_each_field_in_order_and_resumes_where_it_stopped(
    demo_url: str, demo_engine: Engine
) -> None:
    kk = _manual_family(demo_engine)
    app = KioskApp(demo_url)
    copied: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        real_copy = app.copy_to_clipboard
        app.copy_to_clipboard = lambda text: (copied.append(text), real_copy(text))[1]  # type: ignore[method-assign]
        keys = KeyCounter(pilot)
        await _walk_to_done(keys, kk)
        assert screen_name(app) == "DoneScreen"
        done = text_of(app, "#done-summary")
        assert kk not in done  # masked everywhere but the hand-off
        await keys.press("f9")
        assert screen_name(app) == "HandoffScreen"
        table = app.screen.query_one("#handoff")
        first = [str(c) for c in table.get_row_at(0)]  # type: ignore[attr-defined]
        assert first[2] == kk  # in clear, here only
        await keys.press("enter", "enter", "f6")  # KK, the head's NIK, the head's name
        with make_session(demo_engine) as s:
            case = s.exec(select(Case).where(Case.kk_number == kk)).one()
            head = store.members_of(s, case)[0]
        assert copied == [kk, head.nik, head.name]
        assert app.clipboard == head.name
        ticks = [str(table.get_row_at(n)[0]) for n in range(4)]  # type: ignore[attr-defined]
        assert ticks == ["[x]", "[x]", "[x]", "[ ]"]
        await keys.press("escape")
        await keys.press("f9")  # opened again: on the first field not copied yet
        assert app.screen.query_one("#handoff").cursor_row == 3  # type: ignore[attr-defined]
        await keys.press("f4")
        assert screen_name(app) == "BpjsAnswerForm"
        cards = ["0001234500001", "0001234500002"]
        await keys.type("#va", "88888" + cards[0][-11:])
        for member, card in zip(store_members(demo_engine, kk), cards, strict=True):
            await keys.type(f"#card-{member}", card)
        await keys.press("f10")
        assert screen_name(app) == "HandoffScreen"
        assert "dicatat" in text_of(app, "#handoff-message")
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert case.status == "va_issued"
        opened = s.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.action == "handoff_opened"
            )
        ).all()
        assert len(opened) == 2
        assert all(kk not in e.detail and ids.mask_kk(kk) not in e.detail for e in opened)


def store_members(engine: Engine, kk: str) -> list[int]:
    with make_session(engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        return [m.id for m in store.members_of(s, case) if m.is_new]  # type: ignore[misc]


async def test_nothing_stays_in_clear_under_another_screen(
    demo_url: str, demo_engine: Engine
) -> None:
    kk = _manual_family(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _walk_to_done(keys, kk)
        await keys.press("f9")
        table = app.screen.query_one("#handoff")
        await keys.press("f4")  # a form over the hand-off
        assert str(table.get_row_at(0)[2]) == ids.mask_kk(kk)  # type: ignore[attr-defined]
        await keys.press("escape")
        assert str(table.get_row_at(0)[2]) == ids.mask_kk(kk)  # type: ignore[attr-defined]
        await keys.press("f9")  # shown again, audited again
        assert str(table.get_row_at(0)[2]) == kk  # type: ignore[attr-defined]
        await keys.press("f12")  # locked: the hand-off is gone with everything above home
        assert screen_name(app) == "LoginScreen"
        assert not any(type(s).__name__ == "HandoffScreen" for s in app.screen_stack)


async def test_the_office_form_is_said_to_hold_whole_numbers_then_made_on_the_second_f7(
    demo_url: str, demo_engine: Engine
) -> None:
    """From the hand-off: the first F7 says what the paper holds, the second makes it (saved
    owner-only where the desk has no printer), and the trail records it."""
    from kiosk.base.config import slips_dir
    from kiosk.rules import casecode
    from tests.helpers.papers import pdf_text

    kk = _manual_family(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _walk_to_done(keys, kk)
        await keys.press("f9")
        assert screen_name(app) == "HandoffScreen"
        await keys.press("f7")
        assert "utuh" in text_of(app, "#handoff-message")
        with make_session(demo_engine) as s:
            code = s.exec(select(Case.code).where(Case.kk_number == kk)).one()
        paper = slips_dir() / f"formulir-bpjs-{casecode.display(code)}.pdf"
        assert not paper.exists()  # said, not made
        await keys.press("f7")
        from tests.helpers.screens import wait_until

        await wait_until(pilot, paper.exists)
        await wait_until(pilot, lambda: "formulir-bpjs" in text_of(app, "#handoff-message"))
    assert kk in pdf_text(paper)
    with make_session(demo_engine) as s:
        detail = f"office_form {code} formulir-bpjs-{casecode.display(code)}.pdf"
        assert s.exec(select(AuditEvent).where(AuditEvent.detail == detail)).first()
