"""The confirmation shows what is saved and will be sent; text typed at an earlier step and
not saved there is pointed out, and sent only after a second F10 says it will not go."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.cases import store
from models import Case, TypedField
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    screen_name,
    settle,
    start_registration,
    text_of,
    wait_until,
)  # fmt: skip

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_an_unsaved_phone_is_pointed_out_at_the_confirmation(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10", "3", "tab")
        await keys.type("#search", "puskesmas kadungora")
        await keys.press("enter", "f6", "f10")
        await keys.fill_contact("0812 3456 7890")
        await keys.press("f10")
        assert screen_name(app) == "ConfirmScreen"
        await keys.press("f3")  # back to the contact step: a new number typed, not saved
        assert screen_name(app) == "ContactScreen"
        await keys.type("#phone", "0813 9999 0000")
        with make_session(demo_engine) as s:
            case_id = s.exec(select(Case.id).where(Case.kk_number == kk)).one()

        def kept() -> bool:
            with make_session(demo_engine) as s:
                return (
                    s.exec(select(TypedField).where(TypedField.case_id == case_id)).first()
                    is not None
                )

        await wait_until(pilot, kept)
        app.go_home()  # as F3 step by step would, or a lock and a resume
        await settle(pilot)
        with make_session(demo_engine) as s:
            case = store.case_by_id(s, case_id)
        app.open_case(case_id, case.status, "confirm")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await wait_until(pilot, lambda: "belum disimpan" in text_of(app, "#confirm-message"))
        assert "Kontak" in text_of(app, "#confirm-message")
        assert "0812-3456-7890" in text_of(app, "#summary")  # what is saved, and will be sent
        await keys.press("f6", "f10")  # consent given; F10 is told again first
        assert screen_name(app) == "ConfirmScreen"
        assert "TIDAK ikut dikirim" in text_of(app, "#confirm-message")
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "DoneScreen")
    with make_session(demo_engine) as s:
        assert s.get(Case, case_id).phone == "+6281234567890"  # type: ignore[union-attr]
