"""What the operator typed or saw is never lost or shown wrong: resume, back, lock, crash."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input, Select, Static

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.cases import choices, household, membership, store, submission
from kiosk.registry.lookup import lookup_kk
from kiosk.rules import casecode
from models import Case, CaseMember, Family, Person
from tests.helpers import race_workers
from tests.helpers.drafts import draft_at_contact
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    footer_words,
    login,
    open_by_code,
    registrable_kks,
    scan,
    screen_name,
    settle,
    start_registration,
    text_of,
    wait_until,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def value_of(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Input).value)


def _draft_at_confirm(engine: Engine) -> Case:
    with make_session(engine) as s:
        kk = registrable_kks(s, 1)[0]
        case = household.begin(s, kk, None, "training").case
        assert case is not None
        race_workers.walk_to_submit(s, case)
        store.set_step(s, case, "confirm")
        return case


async def test_resume_at_confirm_then_back_shows_and_keeps_contact(
    demo_url: str, demo_engine: Engine
) -> None:
    case = _draft_at_confirm(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await open_by_code(keys, casecode.display(case.code))
        assert screen_name(app) == "ConfirmScreen"
        await keys.press("f3")
        assert screen_name(app) == "ContactScreen"
        assert value_of(app, "#phone") == "0812-3456-7890"
        assert value_of(app, "#account") == "1234567890"
        assert app.screen.query_one("#bank", Select).value == "BRI"
        await keys.press("f3")
        assert screen_name(app) == "FktpScreen"
        await keys.press("f3")
        assert screen_name(app) == "MembersScreen"
        await keys.press("f10", "f10")  # forward again: nothing entered is asked twice
        assert screen_name(app) == "ContactScreen"
        assert value_of(app, "#phone") == "0812-3456-7890"
    with make_session(demo_engine) as s:
        again = s.get(Case, case.id)
        assert again is not None
        assert (again.bank, again.bank_account, again.phone) == (
            "BRI",
            "1234567890",
            "+6281234567890",
        )


async def test_back_before_contact_has_loaded_saves_nothing_blank(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import screens.walk.contact

    case = _draft_at_confirm(demo_engine)
    load = screens.walk.contact._load
    arrive = threading.Event()  # an old PC's disk: the details come when the test says so

    def slow_load(*args):  # type: ignore[no-untyped-def]
        assert arrive.wait(10)
        return load(*args)

    monkeypatch.setattr(screens.walk.contact, "_load", slow_load)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        app.walk_to("contact", case_id=case.id)
        await pilot.press("f3")  # before the draft's contact details arrive
        arrive.set()
        await keys.press()
    with make_session(demo_engine) as s:
        again = s.get(Case, case.id)
        assert again is not None and (again.bank, again.bank_account) == ("BRI", "1234567890")


async def test_a_nik_that_disagrees_with_the_declared_sex_is_shown_before_saving(
    demo_url: str, demo_engine: Engine
) -> None:
    from textual.widgets import DataTable

    from models import CaseMember
    from tests.helpers.screens import start_registration

    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
        size = len(lookup_kk(s, kk).members)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f2")
        await keys.type("#nik", "3205104111260999")  # day 41: the NIK says a girl
        await keys.type("#name", "Bayi Laki")
        await keys.type("#sex", "L")
        await keys.type("#birth_date", "01-11-2026")
        await keys.press("f10")
        assert screen_name(app) == "MemberForm"  # not saved yet: the operator must look
        warning = str(app.screen.query_one("#nik-message", Static).render())
        assert "perempuan" in warning and "F10 lagi" in warning
        await keys.press("f10")  # checked against the paper KK: save as typed
        assert screen_name(app) == "MembersScreen"
        assert app.screen.query_one("#members", DataTable).row_count == size + 1
    with make_session(demo_engine) as s:
        member = s.exec(select(CaseMember).where(CaseMember.nik == "3205104111260999")).one()
        assert member.sex == "L"


async def test_per_member_facilities_are_attributed_on_done_and_the_slip(
    demo_url: str, demo_engine: Engine
) -> None:
    from pypdf import PdfReader

    from kiosk.cases.gateway import TrainingGateway
    from kiosk.papers import slip

    with make_session(demo_engine) as s:
        kk = next(k for k in registrable_kks(s, 30) if len(lookup_kk(s, k).members) >= 3)
        case = household.begin(s, kk, None, "training").case
        assert case is not None
        race_workers.walk_to_submit(s, case)
        new = membership.new_members(store.members_of(s, case))
        choices.choose_fktp(s, case, "0403K002", [new[-1].id])  # the youngest elsewhere
        choices.confirm_fktp(s, case, None)
        submission.submit(s, case, TrainingGateway(), None)
        chosen = choices.fktp_choices(s, case)
        assert [c.code for c in chosen] == ["0403P001", "0403K002"]
        assert chosen[1].members == (new[-1].name,)
        path = slip.save_slip(s, case, "a4")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "untuk:" in text and new[-1].name in text
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        app.walk_to("done", case_id=case.id)
        await keys.press()
        done = str(app.screen.query_one("#done-summary", Static).render())
        assert "0403K002) untuk " + new[-1].name.split()[0] in done
        assert "0403P001) untuk " in done


async def test_the_top_bar_follows_settings_changed_while_shown(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.desk import operators, settings

    with make_session(demo_engine) as s:  # real use needs PINs of their own
        for name, pin in (("admin", "975310"), ("demo", "864200")):
            operators.change_pin(s, operators.named(s, name).id, operators.FIRST_PIN, pin)  # type: ignore[arg-type]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin", pin="975310")
        bar = app.screen.query_one("#topbar", Static)
        assert "LATIHAN" in str(bar.render()) and "Cikembulan" in str(bar.render())
        await keys.press("ctrl+o")
        app.screen.query_one("#desk_name", Input).value = "Warnet Sejahtera"
        app.screen.query_one("#gateway", Select).value = "manual"
        await keys.press("f10", "f3")
        assert screen_name(app) == "HomeScreen"
        bar = app.screen.query_one("#topbar", Static)
        assert "Warnet Sejahtera" in str(bar.render()) and "LATIHAN" not in str(bar.render())
        assert not bar.has_class("-training")
    with make_session(demo_engine) as s:
        assert settings.get(s, "gateway") == "manual"


async def test_consent_and_class_read_without_colour(demo_url: str, demo_engine: Engine) -> None:
    """State is in the text: [x]/[ ] and (*)/( ), the same in every look."""
    from textual.widgets import Checkbox, RadioButton

    case = _draft_at_confirm(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        app.walk_to("fktp", case_id=case.id)
        await keys.press()
        buttons = {b.id: str(b.render()) for b in app.screen.query(RadioButton)}
        assert buttons["kelas-3"].startswith("(*)") and buttons["kelas-1"].startswith("( )")
        chose = app.screen.query_one("#confirmed", Checkbox)
        assert str(chose.render()).startswith("[x]")
        await keys.press("f6")
        assert str(chose.render()).startswith("[ ]")


async def _open_draft(keys: KeyCounter, case: Case) -> None:
    await keys.type("#open", casecode.display(case.code))
    await keys.press("enter")


async def test_typed_contact_survives_a_new_app_and_the_idle_lock(
    demo_url: str, demo_engine: Engine
) -> None:
    case = draft_at_contact(demo_engine)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await _open_draft(keys, case)
        assert screen_name(app) == "ContactScreen"
        await keys.type("#phone", "0812 34")  # half a number: not valid, still kept
        await keys.type("#email", "warga@")
        await keys.type("#occupation", "Pedagang Kel")  # BPJS's fields, half typed too
        await keys.choose("#income", "lt1")
        await keys.type("#postcode", "441")
        await pilot.pause(1.5)  # the operator pauses; then the kiosk dies
        await keys.press()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await _open_draft(keys, case)
        assert (value_of(app, "#phone"), value_of(app, "#email")) == ("0812 34", "warga@")
        assert (value_of(app, "#occupation"), value_of(app, "#postcode")) == ("Pedagang Kel", "441")
        assert app.screen.query_one("#income").value == "lt1"  # type: ignore[attr-defined]
        await keys.type("#postcode", "44153")
        await keys.type("#phone", "0812 3456 78")
        app.lock()  # at once, no pause: the lock saves what is on screen
        await keys.press()
        assert screen_name(app) == "LoginScreen"
        await login(keys)
        await _open_draft(keys, case)
        assert value_of(app, "#phone") == "0812 3456 78"
        await keys.type("#phone", "0812 3456 7890")
        await keys.type("#email", "warga@desa.id")
        await keys.press("f10")
        assert screen_name(app) == "ConfirmScreen"
    with make_session(demo_engine) as s:
        from kiosk.cases import typed

        assert typed.recall(s, case.id, "contact") == {}  # done: nothing kept any more
        again = s.get(Case, case.id)
        assert again is not None and again.email == "warga@desa.id"
        assert (again.occupation, again.income_band, again.postcode) == (
            "Pedagang Kel", "lt1", "44153",
        )  # fmt: skip


async def test_f1_lists_the_keys_of_the_screen_and_the_kiosk(
    demo_url: str, demo_engine: Engine
) -> None:
    from tests.helpers.screens import start_registration

    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        assert screen_name(app) == "MembersScreen"
        await keys.press("f1")
        assert screen_name(app) == "HelpScreen"
        listed = str(app.screen.query_one("#help-keys", Static).render())
        for expected in ("Tambah", "Kembali", "Lanjut", "Kunci", "Keluar dari kiosk"):
            assert expected in listed, expected
        assert "F3/Esc" in listed and "F12" in listed and "Ctrl+Q".lower() in listed.lower()
        await keys.press("escape")
        assert screen_name(app) == "MembersScreen"  # closed, nothing else happened
        await keys.press("f12")  # the one lock key, from any screen
        assert screen_name(app) == "LoginScreen"
        said = text_of(app, "#login-message")  # the operator's lock, not the idle one
        assert "dikunci oleh operator" in said and "tidak dipakai" not in said


async def test_a_slip_scanned_after_leaving_a_draft_opens_the_scanned_case(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.desk import qrtoken

    with make_session(demo_engine) as s:
        draft = s.exec(select(Case).where(Case.status == "draft")).first()
        paid = s.exec(select(Case).where(Case.status == "paid")).first()
        assert draft is not None and paid is not None
        payload = qrtoken.make(s, paid.code, "")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("down", "enter")  # resume the first draft from the list
        assert app.screen.IS_WALK  # type: ignore[attr-defined]
        while screen_name(app) != "HomeScreen":
            await keys.press("f3")
        await scan(pilot, payload)
        assert screen_name(app) == "CaseScreen"
        assert app.screen.case_id == paid.id  # type: ignore[attr-defined]


async def test_an_open_list_speaks_the_kiosk_language(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o")
        app.screen.query_one("#gateway", Select).focus()
        await keys.press("enter")  # the list opens
        words = footer_words(app)
        assert "Tutup pilihan" in words and "Dismiss" not in words


async def test_a_list_opened_in_a_form_stays_inside_the_form(
    demo_url: str, demo_engine: Engine
) -> None:
    from textual.widgets._select import SelectOverlay

    from tests.helpers.screens import demo_family, start_registration

    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=1, size=4)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        lists = (("f2", "#relation"), ("f6", "#segment"), ("f6", "#channel"))  # member, JKN check
        for opens, select in lists:
            await keys.press(opens)
            app.screen.query_one(select, Select).focus()
            await keys.press("enter")  # the list opens
            dialog = app.screen.query_one(".dialog").region
            overlay = app.screen.query_one(select, Select).query_one(SelectOverlay)
            assert overlay.display and dialog.contains_region(overlay.region), select
            await keys.press("escape", "escape")  # the list, then the form
            assert screen_name(app) == "MembersScreen"


async def test_a_cut_cell_is_shown_in_full_for_the_row_under_the_cursor(
    demo_url: str, demo_engine: Engine
) -> None:
    from tests.helpers.screens import demo_family, start_registration

    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=1, size=4)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        table = app.screen.query_one("#members")
        line = app.screen.query_one("#members-full", Static)
        cells = [str(c) for c in table.get_row_at(0)]  # type: ignore[attr-defined]
        assert "Kepala Keluarga" not in cells  # cut to its column: "Kepala Ke…"
        assert line.display and "Kepala Keluarga" in str(line.render())
        short = next(
            n
            for n in range(1, table.row_count)  # type: ignore[attr-defined]
            if not any(str(c).endswith("…") for c in table.get_row_at(n))  # type: ignore[attr-defined]
        )
        for _ in range(short):
            await keys.press("down")
        assert not line.display  # nothing cut in that row: no line


async def test_a_bug_in_a_screen_helper_fails_loudly_under_test(demo_url: str) -> None:
    """Not a toast nobody reads: under KIOSK_STRICT a helper's exception ends the app."""
    from textual.worker import WorkerFailed

    app = KioskApp(demo_url)
    with pytest.raises(WorkerFailed, match="ZeroDivisionError"):
        async with app.run_test(size=(80, 24)) as pilot:
            await KeyCounter(pilot).press()
            app.db(lambda session: 1 / 0)
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()


async def test_a_case_that_is_gone_is_said_in_words(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        app.db(store.case_by_id, 987654)  # a restored backup, another database
        await keys.press()
        said = [n.message for n in app._notifications]
        assert any("tidak ada lagi" in m for m in said), said


async def test_a_desk_moves_the_lock_key_and_every_screen_follows(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.desk import settings

    with make_session(demo_engine) as s:
        settings.put(s, "keymap", "lock=f11")
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        assert screen_name(app) == "KKLookupScreen"
        await keys.press("f12")  # no longer the lock key
        assert screen_name(app) == "KKLookupScreen"
        await keys.press("f11")
        assert screen_name(app) == "LoginScreen"


async def test_lingering_on_done_keeps_the_operator_there(
    demo_url: str, demo_engine: Engine
) -> None:
    """The hold is renewed on walk steps only: Done shows a case that is no longer a draft."""
    from kiosk.cases.gateway import TrainingGateway

    case = _draft_at_confirm(demo_engine)
    with make_session(demo_engine) as s:
        again = s.get(Case, case.id)
        submission.submit(s, again, TrainingGateway(), None)  # type: ignore[arg-type]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        app.walk_to("done", case_id=case.id)
        await keys.press()
        app.renew_hold()  # what the one-minute timer does
        await keys.press()
        assert screen_name(app) == "DoneScreen"


async def test_a_newborn_half_typed_in_the_member_form_survives_the_lock(
    demo_url: str, demo_engine: Engine
) -> None:
    from tests.helpers.screens import start_registration

    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f2")
        assert screen_name(app) == "MemberForm"
        await keys.type("#name", "Bayi Perempuan")
        await keys.type("#birth_date", "01-11-2026")
        await keys.press("f12")  # the operator steps away: the form is locked away
        assert screen_name(app) == "LoginScreen"
        await login(keys)
        await start_registration(keys, kk)  # the family's draft, shown again
        await keys.press("f4")  # open it
        await keys.press("f2")
        assert screen_name(app) == "MemberForm"
        assert (value_of(app, "#name"), value_of(app, "#birth_date")) == (
            "Bayi Perempuan",
            "01-11-2026",
        )
        await keys.press("escape")  # given up on purpose
    with make_session(demo_engine) as s:
        from kiosk.cases import typed

        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert typed.recall(s, case.id, "m_new") == {}


async def test_a_facility_search_half_typed_survives_the_lock(
    demo_url: str, demo_engine: Engine
) -> None:
    from tests.helpers.screens import start_registration

    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"
        await keys.type("#search", "puskesmas")
        await pilot.pause(1.3)  # a moment after the last key it is kept
        await keys.press("f12")
        await login(keys)
        await start_registration(keys, kk)  # the family's draft again
        await keys.press("f4")  # open it: it resumes at the facility step
        assert screen_name(app) == "FktpScreen"
        assert value_of(app, "#search") == "puskesmas"
        assert app.screen.query_one("#results").row_count > 0  # type: ignore[attr-defined]


async def test_a_kk_half_typed_for_a_new_family_survives_the_lock_for_that_operator(
    demo_url: str,
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", "3205 1001 02")
        await keys.press("f12")
        await login(keys)
        await keys.press("f2")
        assert value_of(app, "#kk") == "3205 1001 02"
        await keys.press("f12")  # kept again, but another operator logs in
        await login(keys, name="admin")
        await keys.press("f2")
        assert value_of(app, "#kk") == ""


async def test_a_class_chosen_before_the_step_has_loaded_is_kept(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kiosk.registry import facilities
    from tests.helpers.screens import settle, start_registration

    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    slow = facilities.index_for
    arrive = threading.Event()  # a slow PC: the step's data arrives after the operator's key

    def slow_index(*args: object) -> object:
        assert arrive.wait(10)
        return slow(*args)  # type: ignore[arg-type]

    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)  # the kiosk's own head start (the index read at login) not slowed
        monkeypatch.setattr(facilities, "index_for", slow_index)
        await start_registration(keys, kk)
        await pilot.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "FktpScreen")
        assert app.screen.index is None  # type: ignore[attr-defined]  # still loading
        await pilot.press("3")  # typed ahead of the draft's arrival
        arrive.set()
        await settle(pilot)
        assert screen_name(app) == "FktpScreen"
        assert app.screen.kelas == 3  # type: ignore[attr-defined]
        await keys.press("f10")  # no family choice yet: asked for that, not for the class
        message = str(app.screen.query_one("#fktp-message", Static).render())
        assert message and "kelas" not in message.lower()
    with make_session(demo_engine) as s:
        assert s.exec(select(Case).where(Case.kk_number == kk)).one().kelas == 3


async def test_a_class_chosen_as_the_operator_leaves_the_step_is_saved(
    demo_url: str, demo_engine: Engine
) -> None:
    """The class is saved once its key's answer is drawn: Esc pressed at once after it still
    finds the class saved, and the step left behind is not drawn on."""
    from tests.helpers.screens import burst, start_registration

    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"
        # One burst, as keys queued on a busy PC arrive: Esc is handled before the frame
        # after which the class is saved.
        await burst(pilot, "2", "escape")
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        assert s.exec(select(Case).where(Case.kk_number == kk)).one().kelas == 2


async def test_a_member_known_only_as_pbi_opens_and_saves_in_the_card_form(
    demo_url: str, demo_engine: Engine
) -> None:
    """OpenSID says "PBI" without APBN or APBD: the form shows that, and keeps it."""
    from models import Coverage, Person
    from tests.helpers.screens import demo_family, start_registration

    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=1, size=4)
        niks = [p.nik for p in s.exec(select(Person))]
        cover = s.exec(select(Coverage).where(Coverage.nik.in_(niks))).all()  # type: ignore[attr-defined]
        for c in cover:
            c.segment = "PBI"
            s.add(c)
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        members = app.screen.members  # type: ignore[attr-defined]
        row = next(n for n, m in enumerate(members) if not m.is_new)
        for _ in range(row):
            await keys.press("down")
        await keys.press("f6")
        assert screen_name(app) == "CoveredForm"
        assert app.screen.query_one("#segment", Select).value == "PBI"
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"


async def test_a_kiosk_that_ends_gives_its_database_connections_back(demo_url: str) -> None:
    """Kiosks started and stopped in one process must not hold a shared server's slots."""
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        pool = app.engine.pool
        assert pool.checkedin() + pool.checkedout() > 0
    assert app.engine.pool.checkedin() == 0 and app.engine.pool.checkedout() == 0


async def test_a_digit_typed_away_from_the_class_leaves_the_class_alone(
    demo_url: str, demo_engine: Engine
) -> None:
    """Class III chosen, then a stray "1" with the results list focused: still class III. The
    class's arrows choose as they move: down from III wraps to I, which is then recorded."""
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"
        await keys.press("3")
        await keys.press("tab")
        await keys.type("#search", "puskesmas")
        app.screen.query_one("#results").focus()
        await settle(pilot)
        await keys.press("1")
        await settle(pilot)
        assert app.screen.kelas == 3  # type: ignore[attr-defined]
        app.screen.query_one("#kelas").focus()
        await keys.press("down")
        await settle(pilot)
        assert app.screen.kelas == 1  # type: ignore[attr-defined]
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert case.kelas == 1


async def test_a_facility_in_another_regency_is_chosen_on_a_second_enter_a_dentist_never(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.registry.facilities import facilities_changed
    from models import Facility

    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
        s.add(Facility(code="0406P001", name="Puskesmas Tarogong Kaler", kind="Puskesmas",
                       region_code="3206010", search_text="puskesmas tarogong kaler 0406p001"))  # fmt: skip
        facilities_changed(s)  # as an import says: the kiosk's index is read again
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10", "3", "tab")
        await keys.type("#search", "drg")
        await keys.press("enter")
        await settle(pilot)
        assert "hanya di samping dokter praktik" in text_of(app, "#fktp-message")
        assert "0403G" not in text_of(app, "#choice")
        await keys.type("#search", "tarogong kaler")
        await keys.press("enter")
        await settle(pilot)
        assert "luar kabupaten" in text_of(app, "#fktp-message")
        assert "0406P001" not in text_of(app, "#choice")
        await keys.press("enter")  # the family did choose it
        await settle(pilot)
        assert "0406P001" in text_of(app, "#choice")
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        members = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
        assert {m.chosen_fktp for m in members if m.is_new} == {"0406P001"}


async def test_a_doctor_s_practice_asks_for_the_family_s_dentist_beside_it(
    demo_url: str, demo_engine: Engine
) -> None:
    """BPJS's form asks a dentist where the FKTP has none: chosen from the same list with
    Enter, shown beside the choice, needed before the step is done, and kept."""
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f10", "3", "tab")
        await keys.type("#search", "dr. rina")
        await keys.press("enter")
        await settle(pilot)
        assert "pilih juga dokter gigi" in text_of(app, "#fktp-message")
        await keys.press("f6", "f10")  # confirmed, but no dentist yet: refused, stays
        assert screen_name(app) == "FktpScreen"
        assert "dokter gigi" in text_of(app, "#fktp-message")
        await keys.type("#search", "drg")
        await keys.press("enter")
        await settle(pilot)
        assert "Dokter gigi: drg." in text_of(app, "#choice")
        await keys.press("f6", "f10")
        assert screen_name(app) == "ContactScreen"
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert case.dentist.startswith("0403G") and case.fktp_confirmed


async def test_back_pressed_while_settings_save_leaves_with_them_saved_and_in_force(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F10 then F3 at once, on a slow database: Home shows the new desk name, and the kiosk
    runs on the manual gateway the database now holds (it kept the old ones until restart)."""
    import time

    from screens.desk import settings as settings_screen

    real_save = settings_screen._save

    def slow_save(*args):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return real_save(*args)

    monkeypatch.setattr(settings_screen, "_save", slow_save)
    from kiosk.desk import operators

    with make_session(demo_engine) as s:  # real use needs PINs of their own
        for name, pin in (("admin", "975310"), ("demo", "864200")):
            operators.change_pin(s, operators.named(s, name).id, operators.FIRST_PIN, pin)  # type: ignore[arg-type]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin", pin="975310")
        await keys.pilot.press("ctrl+o")
        await settle(pilot)
        app.screen.query_one("#desk_name", Input).value = "Warnet Sejahtera"
        app.screen.query_one("#gateway", Select).value = "manual"
        await pilot.press("f10", "f3")  # no wait between them
        await settle(pilot)
        assert screen_name(app) == "HomeScreen", text_of(app, "#settings-message")
        assert app.desk_name == "Warnet Sejahtera" and not app.training
        assert "Warnet Sejahtera" in str(app.screen.query_one("#topbar", Static).render())


async def test_niks_revealed_with_f9_are_masked_again_by_themselves(
    demo_url: str, demo_engine: Engine
) -> None:
    from textual.widgets import DataTable

    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
        nik = s.exec(select(Person).join(Family).where(Family.kk_number == kk)).first().nik  # type: ignore[union-attr]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        assert screen_name(app) == "MembersScreen"

        def shown() -> str:
            table = app.screen.query_one("#members", DataTable)
            return " ".join(str(c) for r in range(table.row_count) for c in table.get_row_at(r))

        app.settings["reveal_seconds"] = "3"  # the setting's least is 5: a test waits less
        await keys.press("f9")
        assert nik[-4:] in shown().replace(" ", "") and nik[6:12] in shown().replace(" ", "")
        await pilot.pause(2)
        await keys.press("f9", "f9")  # hidden and shown again: this reveal's 3 s count
        await pilot.pause(1.5)  # past the first reveal's 3 s, within the second's
        assert nik[6:12] in shown().replace(" ", "")
        await pilot.pause(2)
        await settle(pilot)
        assert nik[6:12] not in shown().replace(" ", "")  # masked again, nothing pressed
