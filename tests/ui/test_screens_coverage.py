"""Member review with coverage as a dated claim, driven by keys: a listed member whose claim
needs a check holds the walk until the operator records what the check found (and what is
highlighted in the form is what is saved), or the family chooses self-paying."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.cases import membership, store
from kiosk.registry.lookup import lookup_kk
from models import AuditEvent, Case, CaseMember, Coverage
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    screen_name,
    start_registration,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _family_needing_a_check(engine: Engine) -> tuple[str, int, str]:
    """A demo KK with a member whose PBI claim is from the village's 2025 list: the KK, the
    member's row in the review, and their NIK."""
    with make_session(engine) as s:
        for size in (2, 3, 4, 5):
            try:
                kk = demo_family(s, covered=1, size=size, standing="check")
                break
            except AssertionError:
                continue
        else:
            raise AssertionError("no demo family needs a check")
        members = lookup_kk(s, kk).members
        row = next(n for n, m in enumerate(members) if m.listed)
        return kk, row, members[row].nik


async def _to_row(keys: KeyCounter, row: int) -> None:
    for _ in range(row):
        await keys.press("down")


async def _at_member(keys: KeyCounter, kk: str, row: int) -> None:
    """Logged in, the family's review open, the cursor on its `row`."""
    await login(keys)
    await start_registration(keys, kk)
    await _to_row(keys, row)


async def test_a_check_needed_member_holds_the_walk_until_checked(
    demo_url: str, demo_engine: Engine
) -> None:
    kk, row, nik = _family_needing_a_check(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _at_member(keys, kk, row)
        assert screen_name(app) == "MembersScreen"
        detail = text_of(app, "#cover-detail")
        assert "12-11-2025" in detail and "perlu cek" in detail and "SK Mensos" in detail
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"
        assert "perlu dicek" in text_of(app, "#members-message")

        await keys.press("f6")
        assert screen_name(app) == "CoveredForm"
        # Active (the default answer), checked via CHIKA: the second channel in the list.
        await keys.press("tab", "tab", "enter", "down", "enter")
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"
        assert "aktif, tidak ditagih" in text_of(app, "#cover-detail")
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"

    with make_session(demo_engine) as s:
        row_ = s.exec(select(Coverage).where(Coverage.nik == nik)).one()
        assert (row_.status, row_.source, row_.as_of) == ("active", "check:chika", clock.today())
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        member = s.exec(
            select(CaseMember).where(CaseMember.case_id == case.id, CaseMember.nik == nik)
        ).one()
        assert not member.is_new and member.existing_card == row_.card_number
        actions = {
            e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))
        }
        assert "coverage_checked" in actions


async def test_inactive_as_highlighted_is_saved_and_the_family_may_choose_self_paying(
    demo_url: str, demo_engine: Engine
) -> None:
    kk, row, nik = _family_needing_a_check(demo_engine)
    since = clock.today().replace(day=1)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _at_member(keys, kk, row)
        await keys.press("f6")
        await keys.press("enter", "down", "enter")  # the answer: inactive
        await keys.press("tab", "tab", "tab")  # segment, channel, card
        await keys.type("#card", "12x")  # a wrong card number: said, nothing lost
        await keys.press("tab")
        await keys.type("#since", since.strftime("%d-%m-%Y"))
        await keys.press("f10")
        assert screen_name(app) == "CoveredForm"
        assert "Nomor kartu" in text_of(app, "#covered-message")
        assert app.screen.query_one("#since").value == since.strftime("%d-%m-%Y")  # type: ignore[attr-defined]
        app.screen.query_one("#card").value = ""  # type: ignore[attr-defined]
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"
        assert "tidak aktif sejak" in text_of(app, "#cover-detail")
        await keys.press("f10")  # an inactive member: the family has routes to choose from
        assert screen_name(app) == "RoutesScreen"
        assert "nonaktif sejak" in text_of(app, "#situation")
        await keys.press("escape")  # back to the review, nothing lost
        assert screen_name(app) == "MembersScreen"
        await _to_row(keys, row)
        await keys.press("f6", "f8")  # the family chose to register them, self-paying
        assert screen_name(app) == "MembersScreen"
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"

    with make_session(demo_engine) as s:
        row_ = s.exec(select(Coverage).where(Coverage.nik == nik)).one()
        assert (row_.status, row_.inactive_since) == ("inactive", since)
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        members = store.members_of(s, case)
        member = next(m for m in members if m.nik == nik)
        assert member.is_new  # on the bill, by the family's choice
        assert membership.standings(s, [member])[member.id].standing.state == "inactive"  # type: ignore[index]
        actions = [
            e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))
        ]
        assert "self_paying_chosen" in actions


async def test_training_simulates_the_check(demo_url: str, demo_engine: Engine) -> None:
    kk, row, nik = _family_needing_a_check(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _at_member(keys, kk, row)
        await keys.press("f6", "f4")
        assert "simulasi" in text_of(app, "#covered-message").lower()
        answer = str(app.screen.query_one("#answer").value)  # type: ignore[attr-defined]
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        assert s.exec(select(Coverage).where(Coverage.nik == nik)).one().status == answer
