"""The contact step asks what BPJS's form asks of the head: the postcode and the account
holder offered, the occupation suggested from the KK's words, the income chosen from bands
with the keys (the band highlighted is the band saved), a postcode of another province
pointed out as it is typed."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from textual.widgets import Input, Select

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.rules import casecode, participant
from models import Case
from tests.helpers.drafts import draft_at_contact
from tests.helpers.screens import KeyCounter, login, open_by_code, screen_name, text_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_bpjs_s_fields_are_offered_checked_and_saved_as_highlighted(
    demo_url: str, demo_engine: Engine
) -> None:
    case = draft_at_contact(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, casecode.display(case.code))
        assert screen_name(app) == "ContactScreen"
        screen = app.screen
        # The desk's village's postcode, and the head as the account's holder, are offered.
        assert screen.query_one("#postcode", Input).value == "44153"
        assert screen.query_one("#holder", Input).value == case.head_name
        await keys.type("#postcode", "61152")
        assert "berawalan 6" in text_of(app, "#postcode-message")  # East Java's, said at once
        await keys.type("#postcode", "44153")
        assert text_of(app, "#postcode-message") == ""
        # The occupation: typed in part, the KK's word suggested, the right arrow takes it.
        occupation = screen.query_one("#occupation", Input)
        occupation.focus()
        await keys.press(*"petani")
        await keys.press("right")
        assert occupation.value == "Petani/Pekebun"
        await keys.type("#phone", "0812 3456 7890")
        # Nothing chosen for the income yet: F10 says so and stays.
        await keys.press("f10")
        assert screen_name(app) == "ContactScreen"
        assert "penghasilan" in text_of(app, "#income-message").lower()
        income = screen.query_one("#income", Select)
        income.focus()
        await keys.press("enter", "down", "down", "enter")
        highlighted = income.value
        # The list opens on its prompt: two down is the second band.
        assert highlighted == participant.INCOME_BANDS[1]
        await keys.press("f10")
        assert screen_name(app) == "ConfirmScreen"
    with make_session(demo_engine) as s:
        saved = s.get(Case, case.id)
        assert saved is not None
        assert (saved.occupation, saved.income_band, saved.postcode) == (
            "Petani/Pekebun", highlighted, "44153",
        )  # fmt: skip
