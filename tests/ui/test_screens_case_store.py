"""One family, one case, as the operator meets it: Pilot walks with assertions on screen and DB."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.base.i18n import t
from kiosk.cases import drafts, household
from kiosk.cases.gateway import TrainingGateway
from kiosk.registry.lookup import lookup_kk
from kiosk.rules import casecode
from models import AuditEvent, Case, CaseMember, Family, Person
from tests.helpers.screens import (
    KeyCounter,
    login,
    open_by_code,
    registrable_kks,
    screen_name,
    start_registration,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_family_with_a_case_is_shown_it_and_can_open_it(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "va_issued")).first()
        assert case is not None
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, case.kk_number)
        assert screen_name(app) == "KKLookupScreen"
        result = text_of(app, "#kk-result")
        assert casecode.display(case.code) in result and "VA terbit" in result
        await keys.press("f4")
        assert screen_name(app) == "CaseScreen"
    with make_session(demo_engine) as s:
        assert len(s.exec(select(Case).where(Case.kk_number == case.kk_number)).all()) == 1


async def test_new_kk_from_dukcapil_walked_to_done(demo_url: str, demo_engine: Engine) -> None:
    """The first seed's story: the old KK is replaced, the new one is not in the data yet."""
    with make_session(demo_engine) as s:
        old_kk = next(k for k in registrable_kks(s, 30) if len(lookup_kk(s, k).members) == 3)
        new_kk = old_kk[:6] + "0511260003"
        old = s.exec(select(Family).where(Family.kk_number == old_kk)).one()
        old.replaced_by = new_kk
        s.add(old)
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, old_kk)
        assert "sudah diganti" in text_of(app, "#kk-result")
        await keys.press("f6")  # use the new number
        assert screen_name(app) == "CarryOverScreen"
        assert "0 dari 3" in text_of(app, "#carry-count")
        await keys.press("f10")  # nobody marked yet: refused, nothing lost
        assert "paling sedikit satu" in text_of(app, "#carry-message")
        await keys.press("space", "down", "space")  # head and spouse come; the child left
        assert "2 dari 3" in text_of(app, "#carry-count")
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"
        await keys.press("f10", "3", "tab")
        await keys.type("#search", "puskesmas kadungora")
        await keys.press("enter", "f6", "f10")
        await keys.fill_contact("0812 3456 7890")
        await keys.press("f10", "f6", "f10")
        assert screen_name(app) == "DoneScreen"
        assert "VA terbit" in text_of(app, "#done-summary")
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == new_kk)).one()
        members = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
        assert case.status == "va_issued" and len(members) == 2
        carried = s.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.action == "kk_carried_over"
            )
        ).one()
        assert new_kk not in carried.detail and old_kk not in carried.detail  # masked
        left = s.exec(select(Person).where(Person.family_id == old.id)).all()
        assert len(left) == 1


async def test_bpjs_not_finding_a_kk_the_data_has_says_so(
    demo_url: str, demo_engine: Engine
) -> None:
    training = TrainingGateway()
    with make_session(demo_engine) as s:
        taken = set(s.exec(select(Case.kk_number)))
        kk = next(
            f.kk_number
            for f in s.exec(select(Family).where(Family.replaced_by.is_(None)))  # type: ignore[union-attr]
            if training.kk_unknown_to_registry(f.kk_number)
            and f.kk_number not in taken
            and not all(m.listed for m in lookup_kk(s, f.kk_number).members)
            and not any(
                training.secretly_registered(m.nik) for m in lookup_kk(s, f.kk_number).members
            )
        )
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        assert screen_name(app) == "MembersScreen"  # the kiosk's data has the family
        await keys.press("f10", "3", "tab")
        await keys.type("#search", "puskesmas kadungora")
        await keys.press("enter", "f6", "f10")
        await keys.fill_contact("0812 3456 7890")
        await keys.press("f10", "f6", "f10")
        assert screen_name(app) == "NotFoundScreen"
        explain = text_of(app, ".box")
        assert "BPJS tidak menemukan" in explain and "tidak ada di data kiosk" not in explain
        await keys.press("f2")  # typing the family again is no remedy here
        assert screen_name(app) == "NotFoundScreen"
        await keys.press("f8")
        assert screen_name(app) == "ReferScreen"
        await keys.type("#head", "Kepala")
        await keys.press("f10")
        assert screen_name(app) == "DoneScreen"
    with make_session(demo_engine) as s:
        cases = s.exec(select(Case).where(Case.kk_number == kk)).all()
        assert [c.status for c in cases] == ["referred"]


async def test_a_draft_open_at_another_kiosk_is_shown_and_taken_over(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_NAME", "DESA-1")
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
        begun = household.begin(s, kk, None, "training", holder=drafts.Holder(None, "DESA-2"))
        case = begun.case
        assert case is not None
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, casecode.display(case.code))
        assert screen_name(app) == "HomeScreen"
        assert "DESA-2" in text_of(app, "#home-message")
        await keys.press("f4")  # take it over
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        again = s.get(Case, case.id)
        assert again is not None and again.held_kiosk.startswith("DESA-1#")
        assert s.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.action == "draft_taken_over"
            )
        ).one()


async def test_cancel_a_draft_from_the_drafts_list(demo_url: str, demo_engine: Engine) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        code = app.screen._draft_rows[0][2]  # type: ignore[attr-defined]
        await keys.press("down", "f8")
        assert screen_name(app) == "CancelForm"
        await keys.press("down", "down", "down", "down", "enter")  # "other" needs a note
        await keys.press("f10")
        assert screen_name(app) == "CancelForm"
        assert "catatan" in text_of(app, "#cancel-message").lower()
        await keys.type("#cancel-note", "keluarga pindah desa")
        await keys.press("f10")
        assert screen_name(app) == "HomeScreen"
        assert all(row[2] != code for row in app.screen._draft_rows)  # type: ignore[attr-defined]
        await open_by_code(keys, code)  # its screen says cancelled, why, and the note
        assert screen_name(app) == "CaseScreen"
        summary = text_of(app, "#case-summary")
        assert f"Dibatalkan: {t('reason.other')}" in summary
        assert "keluarga pindah desa" in summary and "Dirujuk" not in summary
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.code == code)).one()
        assert (case.status, case.reason, case.reason_note) == (
            "cancelled",
            "other",
            "keluarga pindah desa",
        )


async def test_the_reason_under_the_cursor_is_the_reason_recorded(
    demo_url: str, demo_engine: Engine
) -> None:
    """Arrows to "wrong KK", then F10 with no Space or Enter: "wrong KK" is recorded, as the
    form's "Arrows: choose a reason" says, and its (*) mark is on that line."""
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        code = app.screen._draft_rows[0][2]  # type: ignore[attr-defined]
        await keys.press("down", "f8")
        await keys.press("down", "down")
        marked = [str(b.label) for b in app.screen.query("#cancel-reason RadioButton") if b.value]
        assert marked == [t("reason.wrong_kk")]
        await keys.press("up", "down")  # back and forth: still where the cursor is
        await keys.press("f10")
        assert screen_name(app) == "HomeScreen"
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.code == code)).one()
        assert (case.status, case.reason) == ("cancelled", "wrong_kk")
