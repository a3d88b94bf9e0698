"""Routes back into JKN, walked with keys: an inactive PBI member's family sent to Dinsos with a
letter and a follow-up, the office's answer recorded; a UHC Prioritas regency offered first;
self-paying after all carrying the family over; bad input said and kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.cases import membership, store
from kiosk.desk import settings
from kiosk.registry.coverage import CheckAnswer
from kiosk.registry.lookup import lookup_kk
from models import AuditEvent, Case, CaseStatus, Family
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    open_by_code,
    screen_name,
    start_registration,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _inactive_family(engine: Engine, since_days: int) -> tuple[str, str]:
    """A demo KK with a PBI member recorded inactive `since_days` ago (by a check), and no
    case yet; its KK and that member's NIK."""
    from kiosk.registry import coverage

    with make_session(engine) as s:
        kk = demo_family(s, covered=1, size=3)
        member = next(m for m in lookup_kk(s, kk).members if m.listed)
        since = clock.today() - timedelta(days=since_days)
        coverage.record_check(
            s, member.nik, CheckAnswer("inactive", "dinsos", "", "PBI-APBN", since), None
        )
        s.commit()
        return kk, member.nik


def _in_a_uhc_regency(engine: Engine, status: str) -> str:
    """The desk's regency set to `status`, verified today; a family of two without cover."""
    with make_session(engine) as s:
        settings.put(s, "uhc_status", status)
        settings.put(s, "uhc_verified_on", clock.today().strftime("%d-%m-%Y"))
        s.commit()
        return demo_family(s, covered=0, size=2)


async def _at_routes(keys: KeyCounter, kk: str) -> None:
    await login(keys)
    await start_registration(keys, kk)
    await keys.press("f10")


def _actions(engine: Engine, case_id: int | None) -> list[str]:
    with make_session(engine) as s:
        return [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]


async def test_dinsos_reactivation_letter_follow_up_and_a_refusal(
    demo_url: str, demo_engine: Engine
) -> None:
    kk, _ = _inactive_family(demo_engine, since_days=30)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10")
        assert screen_name(app) == "RoutesScreen"
        assert "nonaktif sejak" in text_of(app, "#situation")
        routes = app.screen.query_one("#routes")
        first = [str(c) for c in routes.get_row_at(0)]  # type: ignore[attr-defined]
        assert "Dinsos" in first[0] and "s/d" in first[1]
        await keys.type("#desil", "11")  # a desil that does not exist: said, kept
        await keys.press("enter")
        assert "1 sampai 10" in text_of(app, "#routes-message")
        assert app.screen.query_one("#desil").value == "11"  # type: ignore[attr-defined]
        routes.focus()
        await keys.press("f10")  # the highlighted route: Dinsos reactivation
        assert screen_name(app) == "DoneScreen"
        assert "Reaktivasi" in text_of(app, "#done-summary")

    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert (case.status, case.route) == (CaseStatus.ROUTED, "reactivation")
        assert case.follow_up_on == clock.today() + timedelta(days=14)
        assert case.chosen_by == case.head_name
        code, case_id = case.code, case.id
    assert "route_chosen" in _actions(demo_engine, case_id)

    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, code)
        assert screen_name(app) == "CaseScreen"
        assert "Reaktivasi" in text_of(app, "#case-summary")
        await keys.press("f4")
        assert screen_name(app) == "OutcomeForm"
        await keys.press("enter", "down", "enter")  # refused
        await keys.press("f10")
        assert "alasan" in text_of(app, "#outcome-message")  # a refusal needs its reason
        await keys.type("#outcome-note", "tidak membawa surat keterangan berobat")
        await keys.press("f10")
        assert screen_name(app) == "CaseScreen"
        assert "Ditolak" in text_of(app, "#case-summary")

    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.code == code)).one()
        assert (case.status, case.outcome) == (CaseStatus.CLOSED, "refused")
        assert "berobat" in case.outcome_note
        assert all(m.open_nik is None for m in store.members_of(s, case))  # seats freed
    assert "route_outcome" in _actions(demo_engine, case_id)


async def test_a_uhc_prioritas_regency_is_offered_before_self_paying(
    demo_url: str, demo_engine: Engine
) -> None:
    kk = _in_a_uhc_regency(demo_engine, "prioritas")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _at_routes(keys, kk)
        assert screen_name(app) == "RoutesScreen"
        assert "UHC Prioritas" in text_of(app, "#situation")
        routes = app.screen.query_one("#routes")
        rows = [str(routes.get_row_at(n)[0]) for n in range(routes.row_count)]  # type: ignore[attr-defined]
        assert rows[0].startswith("Tanggungan Pemda") and rows[-1].startswith("Daftar mandiri")
        assert "hari itu juga" in str(routes.get_row_at(0)[1])  # type: ignore[attr-defined]
        for _ in rows[1:]:
            await keys.press("down")
        await keys.press("f10")  # the family chose self-paying after all
        assert screen_name(app) == "FktpScreen"
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert case.status == CaseStatus.DRAFT and case.route == ""
        details = [
            e.detail for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))
        ]
        assert any(d.startswith("self_paying by") for d in details)


async def test_cut_off_says_about_a_month_and_desil_typed_opens_the_proposal(
    demo_url: str, demo_engine: Engine
) -> None:
    kk = _in_a_uhc_regency(demo_engine, "cut_off")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _at_routes(keys, kk)
        assert "sekitar satu bulan" in text_of(app, "#situation")
        await keys.type("#desil", "7")
        await keys.press("enter")
        routes = app.screen.query_one("#routes")
        rows = [str(routes.get_row_at(n)[0]) for n in range(routes.row_count)]  # type: ignore[attr-defined]
        assert not any("Usulan PBI" in r for r in rows)  # desil 7: no PBI proposal
        await keys.type("#desil", "2")
        await keys.press("enter")
        rows = [str(routes.get_row_at(n)[0]) for n in range(routes.row_count)]  # type: ignore[attr-defined]
        assert any("Usulan PBI" in r for r in rows)
    with make_session(demo_engine) as s:
        family = s.exec(select(Family).where(Family.kk_number == kk)).one()
        assert (family.desil, family.desil_source) == (2, "typed")


async def test_self_paying_after_the_office_said_no_carries_the_family_over(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.cases import household, routes

    kk, nik = _inactive_family(demo_engine, since_days=30)
    with make_session(demo_engine) as s:
        case = household.begin(s, kk, None, "training").case
        assert case is not None
        assert routes.after_members(s, case) == "routes"
        routes.choose(s, case, "reactivation", "IBU SITI", "", None)
        code = case.code
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, code)
        await keys.press("f4", "enter", "down", "down", "enter")  # self-paying after all
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"  # the walk goes on from what was entered
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.code == code)).one()
        assert (case.status, case.outcome, case.route) == ("draft", "self_paying", "reactivation")
        member = next(m for m in store.members_of(s, case) if m.nik == nik)
        assert member.is_new
        assert membership.new_members(store.members_of(s, case))


async def test_a_referred_family_comes_back_with_a_new_kk_and_the_walk_goes_on(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.cases import submission

    old_kk = "3205100101990009"  # not in the data: referred to Dukcapil
    with make_session(demo_engine) as s:
        referred = submission.refer(s, None, "kk_not_found_dukcapil", "", None,
                                    head_name="Ujang", kk_raw=old_kk, gateway="training")  # fmt: skip
        case_id = referred.id
        new_kk = demo_family(s, covered=0, size=2)  # the new KK Dukcapil issued
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, old_kk)  # found by its KK, not started twice
        assert screen_name(app) == "KKLookupScreen"
        assert "pernah dirujuk" in text_of(app, "#kk-result")
        await keys.press("f4")
        assert screen_name(app) == "CaseScreen"
        await keys.press("f4")  # the outcome: came back (the first answer)
        assert screen_name(app) == "OutcomeForm"
        await keys.press("f10")
        assert screen_name(app) == "KKLookupScreen"  # the walk goes on at the KK step
        await keys.type("#kk", new_kk)
        await keys.press("enter")
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert (case.status, case.outcome, case.kk_number) == ("draft", "came_back", new_kk)
        assert len(store.members_of(s, case)) == 2
    actions = _actions(demo_engine, case_id)
    assert "route_outcome" in actions and "kk_changed" in actions


async def test_a_referral_served_elsewhere_is_closed(demo_url: str, demo_engine: Engine) -> None:
    from kiosk.cases import routes, submission

    with make_session(demo_engine) as s:
        referred = submission.refer(s, None, "kk_not_found_bpjs", "", None, head_name="Ujang",
                                    kk_raw="3205100101990009", gateway="training")  # fmt: skip
        routes.record_outcome(s, referred, "served_elsewhere", "", "", None)
        assert referred.status == "closed" and referred.outcome == "served_elsewhere"
        assert store.referral_for(s, "3205100101990009") is None  # no longer awaited


@pytest.mark.parametrize(
    ("uhc", "desil", "route", "segment"),
    [("prioritas", "", "regency", "PBPU/BP Pemda"), ("", "3", "pbi_proposal", "PBI-APBN")],
)
async def test_the_regency_and_the_pbi_proposal_routes_walked_to_covered(
    demo_url: str, demo_engine: Engine, uhc: str, desil: str, route: str, segment: str
) -> None:
    from models import Coverage

    with make_session(demo_engine) as s:
        if uhc:
            settings.put(s, "uhc_status", uhc)
            settings.put(s, "uhc_verified_on", clock.today().strftime("%d-%m-%Y"))
            s.commit()
        kk = demo_family(s, covered=0, size=2)
        if desil:
            family = s.exec(select(Family).where(Family.kk_number == kk)).one()
            family.desil, family.desil_source = int(desil), "file:desil.csv"
            s.add(family)
            s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await _at_routes(keys, kk)
        assert screen_name(app) == "RoutesScreen"
        routes = app.screen.query_one("#routes")
        names = [str(routes.get_row_at(n)[0]) for n in range(routes.row_count)]  # type: ignore[attr-defined]
        wanted = {"regency": "Tanggungan Pemda", "pbi_proposal": "Usulan PBI"}[route]
        for _ in range(next(n for n, name in enumerate(names) if name.startswith(wanted))):
            await keys.press("down")
        await keys.press("f10")
        assert screen_name(app) == "DoneScreen"
        await keys.press("escape")  # home
        with make_session(demo_engine) as s:
            code = s.exec(select(Case.code).where(Case.kk_number == kk)).one()
        await open_by_code(keys, code)
        await keys.press("f4", "f10")  # the office's answer: covered (the first answer)
        assert screen_name(app) == "CaseScreen"
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert (case.route, case.status, case.outcome) == (route, "closed", "covered")
        niks = [m.nik for m in store.members_of(s, case)]
        covers = s.exec(select(Coverage).where(Coverage.nik.in_(niks))).all()  # type: ignore[attr-defined]
        assert len(covers) == 2 and {(c.status, c.segment) for c in covers} == {("active", segment)}
