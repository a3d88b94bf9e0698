"""The operator's walk, driven with keys through Textual's Pilot; assertions on screen and database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Checkbox, DataTable, Input, RadioButton

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.cases import store
from kiosk.desk import qrtoken, settings
from kiosk.rules import ids
from models import Case, CaseMember
from screens.key_bar import KeyBar
from tests.helpers.screens import (
    KeyCounter,
    assert_keys_fit,
    demo_family,
    footer_words,
    login,
    scan,
    screen_name,
    settle,
    start_registration,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_family_of_four_with_one_pbi_member_from_login_to_done(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=1, size=4)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        assert screen_name(app) == "HomeScreen"
        await keys.press("f2")
        assert screen_name(app) == "KKLookupScreen"
        await keys.type("#kk", kk)
        assert "Kadungora" in text_of(app, "#kk-message")
        await keys.press("enter")
        assert screen_name(app) == "MembersScreen"
        assert app.screen.query_one("#members", DataTable).row_count == 4
        await keys.press("f10")
        assert screen_name(app) == "FktpScreen"
        await keys.press("3")  # class III
        assert "Rp105.000" in text_of(app, "#total")
        await keys.press("tab")
        await keys.type("#search", "puskesmas kadungora")
        await keys.press("enter")  # the first match, for every new member
        assert "0403P001" in text_of(app, "#choice")
        await keys.press("f6")  # the family chose it themselves
        await keys.press("f10")
        assert screen_name(app) == "ContactScreen"
        await keys.fill_contact("0812 3456 7890")
        await keys.press("f10")  # the email is the help desk's default
        assert screen_name(app) == "ConfirmScreen"
        summary = text_of(app, "#summary")
        assert kk not in summary and "**" in summary  # personal numbers masked
        await keys.press("f6")  # consent
        await keys.press("f10")
        assert screen_name(app) == "DoneScreen"
        done = text_of(app, "#done-summary")
        assert "VA terbit" in done and "Rp105.000" in done

    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        members = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
        assert (case.status, case.kelas, case.monthly_amount) == ("va_issued", 3, 105_000)
        assert case.phone == "+6281234567890" and case.email == "pelayanan@cikembulan.desa.id"
        assert case.fktp_confirmed and case.consent_at is not None
        assert len(members) == 4
        covered = [m for m in members if not m.is_new]
        assert len(covered) == 1 and len(covered[0].existing_card) == 13
        assert all(
            m.chosen_fktp == "0403P001" and len(m.card_number) == 13 for m in members if m.is_new
        )
        assert case.va_number[5:] in {m.card_number[-11:] for m in members if m.is_new}
    # The goal: 30 keys or fewer beyond the data typed (login included).
    print(f"\nkeys pressed beyond typed data: {keys.count}")
    assert keys.count <= 30


async def test_kk_not_found_leads_to_a_referral(demo_url: str, demo_engine: Engine) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", "3205 1001 0199 9999")
        await keys.press("enter")
        assert screen_name(app) == "NotFoundScreen"
        assert "tidak ada di data kiosk" in text_of(app, ".box")
        await keys.press("3")  # a digit still being typed is no command here
        assert screen_name(app) == "NotFoundScreen"
        await keys.press("f8")
        assert screen_name(app) == "ReferScreen"
        await keys.press("f10")  # no head of family yet: refused, nothing lost
        assert "kepala keluarga" in text_of(app, "#refer-message").lower()
        await keys.type("#head", "Ujang Suryana")
        await keys.type("#note", "KK hilang, sudah pindah RT")
        await keys.press("f10")
        assert screen_name(app) == "DoneScreen"
        assert "Dirujuk" in text_of(app, "#done-summary")
        # F10 promised the referral note on paper: made at once (no printer here: saved).
        from kiosk.base import config

        notes = list(config.slips_dir().glob("rujukan-*.pdf"))
        assert len(notes) == 1 and notes[0].name in text_of(app, "#done-message")
        footer = footer_words(app)
        assert "Cetak surat rujukan" in footer and "Cetak slip" not in footer
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == "3205100101999999")).one()
        assert (case.status, case.reason, case.head_name) == (
            "referred",
            "kk_not_found_dukcapil",
            "UJANG SURYANA",
        )


async def test_the_office_under_the_cursor_is_the_office_the_family_is_sent_to(
    demo_url: str, demo_engine: Engine
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", "3205 1001 0199 9998")
        await keys.press("enter", "f8")
        assert screen_name(app) == "ReferScreen"
        await keys.press("down")  # to "the BPJS office", and nothing else
        await keys.type("#head", "Ujang Suryana")
        await keys.press("f10")
        assert screen_name(app) == "DoneScreen"
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == "3205100101999998")).one()
        assert (case.status, case.reason) == ("referred", "kk_not_found_bpjs")


async def test_replaced_kk_offers_the_new_number(demo_url: str, demo_engine: Engine) -> None:
    from models import Family

    with make_session(demo_engine) as s:
        old = s.exec(select(Family).where(Family.replaced_by.is_not(None))).first()  # type: ignore[union-attr]
        assert old is not None
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", old.kk_number)
        await keys.press("enter")
        result = text_of(app, "#kk-result")
        assert "sudah diganti" in result and old.replaced_by not in result  # masked
        await keys.press("f6")
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        assert (
            s.exec(select(Case).where(Case.kk_number == old.replaced_by)).one().family_id
            is not None
        )


async def test_add_a_newborn_bad_nik_then_good(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        await keys.press("f2")
        assert screen_name(app) == "MemberForm"
        await keys.type("#nik", "320510411126099")  # 15 digits
        await keys.type("#name", "Bayi Perempuan")
        await keys.type("#sex", "P")
        await keys.type("#birth_date", "01-11-2026")
        await keys.press("f10")
        assert screen_name(app) == "MemberForm"
        assert text_of(app, "#nik-message") == "NIK harus 16 digit; yang tertulis 15 digit."
        assert app.screen.query_one("#name", Input).value == "Bayi Perempuan"  # nothing lost
        await keys.type("#nik", "3205104111260999")
        await keys.type("#birth_date", "01-11-2027")  # a year too far: no member of age -1
        await keys.press("f10")
        assert screen_name(app) == "MemberForm"
        assert "masa depan" in text_of(app, f"#{app.screen.MESSAGE_ID}")  # type: ignore[attr-defined]
        assert app.screen.query_one("#birth_date", Input).has_focus
        await keys.type("#birth_date", "01-11-2026")
        await keys.press("f10")
        assert screen_name(app) == "MembersScreen"
        assert app.screen.query_one("#members", DataTable).row_count == 3
    with make_session(demo_engine) as s:
        member = s.exec(select(CaseMember).where(CaseMember.nik == "3205104111260999")).one()
        assert (member.name, member.sex, member.relation, member.is_new) == (
            "BAYI PEREMPUAN",
            "P",
            4,
            True,
        )
        from models import AuditEvent, Operator

        added = s.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == member.case_id, AuditEvent.action == "member_added"
            )
        ).one()
        demo = s.exec(select(Operator).where(Operator.name == "demo")).one()
        assert added.operator_id == demo.id  # who added the member is on record
        assert "3205104111260999" not in added.detail  # masked


async def test_going_back_keeps_what_was_typed(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", kk)
        await keys.press("enter")  # the lookup's database work first, then the next key
        await keys.press("f10")
        await keys.press("2", "tab")
        await keys.type("#search", "puskesmas kadungora")
        await keys.press("enter", "f6", "f10")
        assert screen_name(app) == "ContactScreen"
        await keys.fill_contact("0857 1234 5678")
        await keys.type("#email", "keluarga@contoh.id")
        await keys.press("escape")
        await pilot.pause(0.3)  # Escape waits for a possible escape sequence
        await settle(pilot)
        assert screen_name(app) == "FktpScreen"
        assert app.screen.query_one("#kelas-2", RadioButton).value
        await keys.press("f3")  # back again, with the function key
        assert screen_name(app) == "MembersScreen"
        await keys.press("f10")
        assert app.screen.query_one("#kelas-2", RadioButton).value
        assert "0403P001" in text_of(app, "#choice")
        app.screen.query_one("#confirmed", Checkbox).value = True
        await keys.press("f10")
        assert app.screen.query_one("#phone", Input).value == "0857-1234-5678"
        assert app.screen.query_one("#email", Input).value == "keluarga@contoh.id"


async def test_a_draft_resumes_in_a_new_app(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=3)
    first = KioskApp(demo_url)
    async with first.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", kk)
        # One key at a time: each starts database work the next screen waits for.
        await keys.press("enter")
        await keys.press("f10")
        await keys.press("1")
        assert "Rp150.000" in text_of(first, "#total")
    # As after a power cut: a new process, the same database.
    second = KioskApp(demo_url)
    async with second.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        drafts = second.screen.query_one("#drafts", DataTable)
        assert drafts.row_count >= 1
        await keys.press("down")  # from the open-case field to the drafts, newest first
        await keys.press("enter")
        assert screen_name(second) == "FktpScreen"
        assert second.screen.query_one("#kelas-1", RadioButton).value
        await keys.press("f3")
        assert screen_name(second) == "MembersScreen"
        assert second.screen.query_one("#members", DataTable).row_count == 3


async def test_wrong_pins_lock_the_operator(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        for _ in range(4):
            await login(keys, pin="9999", expect_home=False)
        assert text_of(app, "#login-message") == "Nama atau PIN salah."
        await login(keys, pin="9999", expect_home=False)
        assert "dikunci" in text_of(app, "#login-message")
        await login(keys, pin="246810", expect_home=False)
        assert screen_name(app) == "LoginScreen"
        assert "dikunci" in text_of(app, "#login-message")
        assert app.screen.query_one("#pin", Input).value == ""


async def test_idle_kiosk_locks_itself_and_keeps_the_draft(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await start_registration(keys, kk)
        app.last_input -= app.idle_limit() + 1
        app.check_idle_lock()
        await settle(pilot)
        assert screen_name(app) == "LoginScreen"
        assert app.operator is None
        assert "tidak dipakai" in text_of(app, "#login-message")  # the idle lock says so
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert (case.status, case.step) == ("draft", "members")


async def test_scanned_slip_opens_its_case(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "va_issued")).first()
        payload = qrtoken.make(s, case.code)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        # A USB scanner types the payload and Enter into the focused open-case field.
        await scan(pilot, payload)
        assert screen_name(app) == "CaseScreen"
        assert case.code[:4] in text_of(app, "#case-summary")
        await keys.press("f3")
        forged = payload[:-1] + ("A" if payload[-1] != "A" else "B")
        await keys.type("#open", forged)
        await keys.press("enter")
        assert screen_name(app) == "HomeScreen"
        assert "bukan slip asli" in text_of(app, "#home-message")


async def test_settings_are_for_supervisors(demo_url: str, demo_engine: Engine) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+o")
        assert screen_name(app) == "HomeScreen"
        assert "supervisor" in text_of(app, "#home-message")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o")
        assert screen_name(app) == "SettingsScreen"
        await keys.type("#idle_lock_minutes", "0")
        await keys.press("f10")
        assert "1 sampai 120" in text_of(app, "#settings-message")
        await keys.type("#idle_lock_minutes", "3")
        await keys.type("#desk_name", "Warnet Sejahtera")
        app.screen.query_one("#ascii_look", Checkbox).value = True
        await keys.press("f10")
        assert app.desk_name == "Warnet Sejahtera" and app.idle_limit() == 180
        assert app.theme == "ansi-dark" and app.has_class("-ascii")
    with make_session(demo_engine) as s:
        assert settings.get(s, "desk_name") == "Warnet Sejahtera"


async def test_every_key_fits_80_columns_in_16_colours(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual import constants

    # Textual reads TEXTUAL_COLOR_SYSTEM once, as it is imported: set for this app itself,
    # else the terminal the suite runs in decides (TERM=xterm-256color gives 256 colours).
    monkeypatch.setattr(constants, "COLOR_SYSTEM", "standard")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        assert app.console.color_system == "standard"
        screens = ["HomeScreen"]
        await keys.press("f2")
        await keys.type("#kk", "3205 1001 0199 9999")
        await keys.press("enter")
        screens.append(screen_name(app))
        for key in ("f3", "f3"):
            await keys.press(key)
        for screen in app.screen_stack[1:]:
            footer = screen.query_one(KeyBar)
            assert footer.region.right <= 80
            assert_keys_fit(footer)
            for widget in screen.query("*"):
                assert widget.region.right <= 80 and widget.region.bottom <= 24, widget
        assert screens == ["HomeScreen", "NotFoundScreen"]


async def test_a_new_database_says_how_to_add_an_operator(db_url: str) -> None:
    app = KioskApp(db_url)  # migrated, empty: no demo on an explicitly named database
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "kiosk operator add" in text_of(app, "#login-message")


async def test_a_database_from_a_newer_kiosk_says_so_at_login(tmp_path: Path) -> None:
    """Not "OperationalError": what happened and what to do, on the screen the operator sees."""
    import sqlite3

    from kiosk.base.database import HEAD_REVISION, open_database

    path = tmp_path / "kiosk.db"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    app = KioskApp(f"sqlite:///{path}")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = text_of(app, "#login-message")
        assert "versi kiosk yang lebih baru" in shown and f"sampai {HEAD_REVISION}" in shown
        assert not app.ready


async def _open(keys: KeyCounter, code: str) -> None:
    await keys.type("#open", code)
    await keys.press("enter")


async def test_bpjs_answer_refuses_a_wrong_va_then_issues_it(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "submitted")).first()
        new = [m for m in store.members_of(s, case) if m.is_new]
    cards = {m.id: f"00012345678{i:02d}" for i, m in enumerate(new)}
    va = ids.derive_va(cards[new[0].id], "BRI")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await _open(keys, case.code)
        await keys.press("f4")
        assert screen_name(app) == "BpjsAnswerForm"
        await keys.type("#va", "8888899999999999")  # from none of the family's cards
        for m in new:
            await keys.type(f"#card-{m.id}", cards[m.id])
        await keys.press("f10")
        assert screen_name(app) == "BpjsAnswerForm"
        assert "kartu" in text_of(app, "#va-message")
        assert app.screen.query_one(f"#card-{new[0].id}", Input).value == cards[new[0].id]
        await keys.type("#va", va)
        await keys.press("f10")
        assert screen_name(app) == "CaseScreen"
    with make_session(demo_engine) as s:
        stored = s.get(Case, case.id)
        assert (stored.status, stored.va_number) == ("va_issued", va)
        assert {m.id: m.card_number for m in store.members_of(s, stored) if m.is_new} == cards


async def test_card_fktp_is_checked_and_a_differing_card_is_flagged(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "paid")).first()
        first = next(m for m in store.members_of(s, case) if m.is_new)
    other = "0403P999" if first.chosen_fktp != "0403P999" else "0403P998"
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await _open(keys, case.code)
        await keys.press("f4")
        assert screen_name(app) == "CardForm"
        new = [m for m in app.screen.new]  # type: ignore[attr-defined]
        # Nothing is assumed: every field starts empty, the family's choice shown beside it.
        assert all(app.screen.query_one(f"#fktp-{m.id}", Input).value == "" for m in new)
        notes = [str(n.render()) for n in app.screen.query(".member-note")]
        assert notes == [f"pilihan: {m.chosen_fktp}" for m in new]
        await keys.press("f10")  # F10 without reading the cards records nothing
        assert screen_name(app) == "CardForm"
        assert "isi kode faskes" in text_of(app, "#cards-message")
        await keys.type(f"#fktp-{first.id}", "P001")
        for m in new[1:]:
            await keys.type(f"#fktp-{m.id}", m.chosen_fktp)
        await keys.press("f10")
        assert screen_name(app) == "CardForm"
        assert first.name in text_of(app, "#cards-message")
        assert "kode faskes harus 8 karakter" in text_of(app, "#cards-message")
        await keys.type(f"#fktp-{first.id}", other)
        await keys.press("f10")
        assert screen_name(app) == "CaseScreen"
        assert "berbeda" in text_of(app, "#case-message")
    with make_session(demo_engine) as s:
        stored = s.get(Case, case.id)
        member = next(m for m in store.members_of(s, stored) if m.id == first.id)
        assert (stored.status, member.card_fktp) == ("active", other)


async def test_settings_show_the_regency_s_uhc_and_how_old_each_rule_is(
    demo_url: str, demo_engine: Engine
) -> None:
    from textual.widgets import Select

    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o")
        rules = text_of(app, "#rules")
        assert "SK Mensos No. 3/HUK/2026" in rules and "diumumkan, belum berlaku" in rules
        assert "belum diatur" in text_of(app, "#uhc-line")
        status = app.screen.query_one("#uhc_status", Select)
        status.focus()
        await keys.press("enter", "down", "enter")  # the first status after "not set"
        await keys.press("f10")
        assert "tanggal status UHC" in text_of(app, "#settings-message")  # no date: refused
        await keys.type("#uhc_verified_on", "01-03-2026")
        await keys.press("f10")
        line = text_of(app, "#uhc-line")
        assert "UHC Prioritas" in line and "cek ulang" in line  # checked over 6 months ago
    with make_session(demo_engine) as s:
        assert settings.get(s, "uhc_status") == "prioritas"  # what was highlighted
        assert settings.get(s, "uhc_verified_on") == "01-03-2026"
