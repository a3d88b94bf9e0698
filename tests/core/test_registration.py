"""The case workflow, driven without any user interface."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from kiosk.base.errors import WorkflowError
from kiosk.cases import (
    answers,
    choices,
    household,
    lifecycle,
    membership,
    payment,
    store,
    submission,
)
from kiosk.cases.gateway import ManualGateway, TrainingGateway
from kiosk.registry.coverage import CheckAnswer
from models import AuditEvent, Case, CaseMember, CaseStatus, Coverage, Family, Person
from tests.helpers.screens import demo_family


def _start(session: Session, kk: str, gateway: str = "training") -> Case:
    begun = household.begin(session, kk, None, gateway)
    assert begun.outcome == "started" and begun.case is not None
    return begun.case


# What BPJS's form asks of the head beyond the KK, as a family of the demo village answers.
DETAILS = {"occupation": "Petani/Pekebun", "income": "1to3", "postcode": "44153", "holder": ""}


def _walk_to_submit(session: Session, case: Case, kelas: int = 3) -> None:
    membership.finish_members(session, case)
    choices.set_class(session, case, kelas)
    choices.choose_fktp(session, case, "0403P001")
    choices.confirm_fktp(session, case, None)
    problems = choices.set_contact(
        session, case, phone="0812 3456 7890", email="pelayanan@cikembulan.desa.id",
        bank="BRI", account="1234567890", bank_required=False, **DETAILS,
    )  # fmt: skip
    assert problems == {}
    choices.give_consent(session, case, None)


def test_family_of_four_with_one_pbi_member(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=1, size=4)
    case = _start(s, kk)
    members = store.members_of(s, case)
    assert len(members) == 4
    covered = [m for m in members if not m.is_new]
    assert len(covered) == 1 and covered[0].existing_card and covered[0].segment
    _walk_to_submit(s, case, kelas=3)
    assert case.monthly_amount == 3 * 35_000  # the PBI member is not billed

    result = submission.submit(s, case, TrainingGateway(), None)
    assert result.outcome == "accepted"
    s.refresh(case)
    assert case.status == "va_issued" and case.step == "done"
    assert len(case.va_number) == 16 and case.va_number.startswith("88888")
    new = [m for m in store.members_of(s, case) if m.is_new]
    assert all(len(m.card_number) == 13 and m.chosen_fktp == "0403P001" for m in new)
    assert case.va_number[5:] in {m.card_number[-11:] for m in new}
    events = [e.detail for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert "draft->submitted training" in events and "submitted->va_issued training" in events
    # Passed through in one write of the case, each status keeps the day it was reached.
    assert case.submitted_at is not None and case.va_issued_at == case.submitted_at


def test_a_status_passed_on_the_way_is_checked_against_the_lifecycle(
    demo_session: Session,
) -> None:
    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=2))
    with pytest.raises(WorkflowError) as refused:  # a draft is never paid
        lifecycle.transition(s, case, CaseStatus.ACTIVE, None, via=(CaseStatus.PAID,))
    assert refused.value.problem.key == "case.bad_transition"
    assert refused.value.problem.params == {"old": "draft", "new": "paid"}
    s.rollback()
    s.refresh(case)
    assert case.status == "draft" and case.paid_at is None


def test_member_already_registered_is_reported_and_excluded(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=1, size=3)
    case = _start(s, kk, "training")
    covered = next(m for m in store.members_of(s, case) if not m.is_new)
    membership.set_new(s, case, covered)  # the operator wrongly registers them again
    _walk_to_submit(s, case)
    result = submission.submit(s, case, TrainingGateway(), None)
    assert result.outcome == "already_registered" and [m.id for m in result.already] == [covered.id]
    assert case.status == "draft" and case.reason == "already_registered" and case.step == "members"
    card = s.exec(select(Coverage).where(Coverage.nik == covered.nik)).one().card_number
    membership.record_check(s, case, covered, CheckAnswer("active", "pandawa", card, "PBI-APBN"))
    assert case.monthly_amount == 2 * 35_000
    store.set_step(s, case, "confirm")
    assert submission.submit(s, case, TrainingGateway(), None).outcome == "accepted"


def test_manual_gateway_waits_for_bpjs_answer(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=0, size=2)
    case = _start(s, kk, "manual")
    _walk_to_submit(s, case, kelas=1)
    assert submission.submit(s, case, ManualGateway(), None).outcome == "pending"
    assert case.status == "submitted" and case.va_number == ""
    a, b = store.members_of(s, case)
    problems = answers.record_bpjs_answer(
        s, case, "8888801234567891", {a.id: "0001234567890", b.id: "00012"}, None
    )
    assert set(problems) == {"va", f"card:{b.id}"}
    assert case.status == "submitted"
    assert (
        answers.record_bpjs_answer(
            s, case, "8888801234567890", {a.id: "0001234567890", b.id: "0001234567891"}, None
        )
        == {}
    )
    assert case.status == "va_issued" and case.va_number == "8888801234567890"
    payment.record(s, case, date.today(), None)
    mismatched = answers.record_cards(s, case, {a.id: "0403P001", b.id: "0403k002"}, None)
    assert [m.id for m in mismatched] == [b.id]
    assert case.status == "active" and case.activated_at is not None


def test_add_a_newborn_and_refuse_bad_or_foreign_niks(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=0, size=2)
    case = _start(s, kk, "training")
    region = kk[:6]
    born = date.today().replace(day=1)
    nik = f"{region}{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0999"
    bad = membership.MemberInput(nik[:-1], "Bayi Perempuan", "P", born, 4)
    with pytest.raises(WorkflowError) as exc:
        membership.add_member(s, case, bad)
    assert exc.value.message == "NIK harus 16 digit; yang tertulis 15 digit."
    # A person of another family who is in no open case (a seat in one is refused first,
    # as case.person_exists; which persons hold one depends on the demo's sample cases).
    seated = select(CaseMember.open_nik).where(col(CaseMember.open_nik).is_not(None))
    other = s.exec(
        select(Person).where(Person.family_id != case.family_id, col(Person.nik).not_in(seated))
    ).first()
    assert other is not None
    taken = membership.MemberInput(other.nik, "Bayi", "P", other.birth_date, 4)
    with pytest.raises(WorkflowError) as exc:
        membership.add_member(s, case, taken)
    assert exc.value.problem.key == "member.nik_elsewhere"
    assert other.nik not in exc.value.message
    member, check = membership.add_member(
        s, case, membership.MemberInput(nik, "bayi  perempuan", "P", born, 4)
    )
    assert member.name == "BAYI PEREMPUAN" and member.is_new and not check.errors
    assert len(store.members_of(s, case)) == 3
    with pytest.raises(WorkflowError):
        membership.add_member(
            s, case, membership.MemberInput(nik, "Kembar", "P", born, 4)
        )  # same NIK twice
    membership.remove_member(s, case, member)
    first = store.members_of(s, case)[0]
    with pytest.raises(WorkflowError):
        membership.remove_member(s, case, first)  # the KK's own members register together


def test_replaced_and_unknown_kk(demo_session: Session) -> None:
    s = demo_session
    old = s.exec(select(Family).where(Family.replaced_by.is_not(None))).first()  # type: ignore[union-attr]
    assert old is not None
    found = household.begin(s, old.kk_number, None, "training")
    assert found.outcome == "replaced" and found.replaced_by and found.case is None
    assert household.begin(s, found.replaced_by, None, "training").outcome == "started"
    missing = household.begin(s, "3205100101019999", None, "training")
    assert missing.outcome == "not_found" and missing.case is None
    case = submission.refer(
        s, None, "kk_not_found_dukcapil", "KK lama hilang", None, head_name="asep  hidayat",
        kk_raw="3205100101019999",
    )  # fmt: skip
    assert (case.status, case.reason, case.head_name) == (
        "referred",
        "kk_not_found_dukcapil",
        "ASEP HIDAYAT",
    )
    with pytest.raises(WorkflowError):
        lifecycle.transition(s, case, CaseStatus.VA_ISSUED, None)


def test_submit_needs_every_step(demo_session: Session) -> None:
    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=2), "training")
    keys = [p.key for p in submission.missing_for_submit(s, case)]
    assert keys == [
        "class.missing",
        "fktp.missing",
        "fktp.not_confirmed",
        "phone.empty",
        "email.empty",
        "occupation.empty",
        "postcode.empty",
        "consent.missing",
    ]
    with pytest.raises(WorkflowError):
        submission.submit(s, case, TrainingGateway(), None)


def test_contact_keeps_what_is_valid(demo_session: Session) -> None:
    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=2))
    problems = choices.set_contact(
        s,
        case,
        phone="021-555",
        email="ok@desa.id",
        bank="",
        account="",
        bank_required=True,
        **DETAILS,
    )
    assert set(problems) == {"phone", "bank"}
    assert case.email == "ok@desa.id" and case.phone == ""
    problems = choices.set_contact(
        s,
        case,
        phone="081234567890",
        email="x",
        bank="BNI",
        account="12ab",
        bank_required=True,
        **DETAILS,
    )
    assert set(problems) == {"email", "account"} and case.phone == "+6281234567890"


def test_a_draft_is_saved_at_every_step(demo_session: Session, demo_engine) -> None:  # type: ignore[no-untyped-def]
    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=3), "training")
    membership.finish_members(s, case)
    choices.set_class(s, case, 2)
    from kiosk.base.database import session as new_session

    with new_session(demo_engine) as other:  # as after a crash: a new connection
        again = store.find_case(other, case.code)
        assert again is not None
        assert (again.status, again.step, again.kelas, again.monthly_amount) == (
            "draft",
            "fktp",
            2,
            300_000,
        )
        assert len(other.exec(select(CaseMember).where(CaseMember.case_id == again.id)).all()) == 3


def test_audit_events_read_as_words() -> None:
    from kiosk.desk import audit

    assert audit.describe("status", "draft->va_issued training") == (
        "Status: Draf -> VA terbit (latihan)"
    )
    assert audit.describe("status", "va_issued->cancelled duplicate") == (
        "Status: VA terbit -> Dibatalkan (Kasus ganda)"
    )
    assert audit.describe("nik_revealed", "") == "NIK ditampilkan lengkap"
    assert audit.describe("gateway_refused", "kk_not_found") == "BPJS menolak: KK tidak ditemukan"
    assert audit.describe("something_new", "x") == "something_new x"  # never blank


def test_case_actions_follow_the_lifecycle_table() -> None:
    assert lifecycle.allowed_actions("submitted") == {"bpjs_answer", "cancel"}
    assert lifecycle.allowed_actions("va_issued") == {"paid", "cancel"}
    assert lifecycle.allowed_actions("paid") == {"cards"}
    assert lifecycle.allowed_actions("active") == set()
    assert lifecycle.allowed_actions("cancelled") == set()


def test_settings_are_checked_in_the_core_and_stored_all_or_nothing(demo_session: Session) -> None:
    from kiosk.desk import settings

    bad = {"idle_lock_minutes": "0", "desk_name": "Warnet", "slip_language": "fr"}
    problems = settings.save_all(demo_session, bad)
    assert set(problems) == {"idle_lock_minutes", "slip_language"}
    assert settings.get(demo_session, "desk_name") != "Warnet"  # nothing stored
    assert settings.check({"village_code": "3205"})["village_code"].key == "settings.village"
    assert settings.check({"no_such_key": "1"})
    for seconds in ("4", "121", "lima"):  # masked again within 5 s to 2 minutes
        assert settings.check({"reveal_seconds": seconds})["reveal_seconds"].key == (
            "settings.reveal_range"
        )
    assert "reveal_seconds" not in settings.check({"reveal_seconds": "15"})
    assert settings.save_all(demo_session, {"desk_name": "Warnet", "slip_language": "en"}) == {}
    assert settings.get(demo_session, "slip_language") == "en"


def test_english_says_one_person_and_two_people() -> None:
    from kiosk.base import i18n

    i18n.set_language("en")
    assert (
        i18n.t("done.amount", amount="Rp35.000", new=1)
        == "Contribution: Rp35.000 per month (1 person)"
    )
    assert i18n.t("done.amount", amount="Rp70.000", new=2).endswith("(2 people)")
    assert i18n.t("login.locked", minutes=1).endswith("in 1 minute.")
    assert i18n.t("carry.count", kept=1, total=3) == "1 of 3 members moves to the new KK."
    i18n.set_language("id")
    assert i18n.t("done.amount", amount="Rp35.000", new=1).endswith("(1 orang)")


def test_a_keymap_setting_is_read_or_refused_with_the_reason() -> None:
    from kiosk.base.errors import Problem
    from kiosk.desk import settings

    assert settings.parse_keymap("lock=f11; back = F3,escape") == {
        "lock": "f11",
        "back": "f3,escape",
    }
    assert settings.parse_keymap("") == {}
    wrong = settings.parse_keymap("unlock=f11")
    assert isinstance(wrong, Problem) and "unlock" in wrong.message
    assert isinstance(settings.parse_keymap("lock=f99"), Problem)
    assert settings.check({"keymap": "lock"})["keymap"].key == "keymap.name"


def test_a_member_is_found_only_in_its_own_case(demo_session: Session) -> None:
    s = demo_session
    first = _start(s, demo_family(s, covered=0, size=2))
    other = _start(s, demo_family(s, covered=0, size=2))
    member = store.members_of(s, first)[0]
    assert store.member_by_id(s, first, member.id) is member
    with pytest.raises(WorkflowError) as refused:
        store.member_by_id(s, other, member.id)  # a stale screen of another family
    assert refused.value.problem.key == "member.gone"
    with pytest.raises(WorkflowError):
        store.member_by_id(s, first, 10**9)


def test_a_dentist_is_no_family_fktp_and_another_regency_needs_a_second_word(
    demo_session: Session,
) -> None:
    from models import Facility

    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=2))
    membership.finish_members(s, case)
    dentist = s.exec(select(Facility).where(Facility.kind == "Dokter Gigi")).first()
    assert dentist is not None
    with pytest.raises(WorkflowError) as refused:
        choices.choose_fktp(s, case, dentist.code)
    assert "bukan faskes tingkat pertama" in refused.value.message
    s.add(Facility(code="0406P001", name="Puskesmas Tarogong", kind="Puskesmas",
                   region_code="3206010"))  # fmt: skip
    s.commit()
    with pytest.raises(WorkflowError) as told:
        choices.choose_fktp(s, case, "0406P001")
    assert "di luar kabupaten keluarga" in told.value.message
    assert all(not m.chosen_fktp for m in store.members_of(s, case) if m.is_new)
    choices.choose_fktp(s, case, "0406P001", outside_regency=True)  # the family's word, again
    assert {m.chosen_fktp for m in store.members_of(s, case) if m.is_new} == {"0406P001"}


def test_saving_the_contact_forgets_its_typed_text_in_the_same_commit(
    demo_session: Session,
) -> None:
    """The confirmation follows the contact step at once and lists steps still holding
    typed text: the save itself must leave none for the contact step behind."""
    from kiosk.cases import choices, typed

    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=2), "training")
    assert case.id is not None
    typed.keep(s, case.id, "contact", {"phone": "0812 3456 78"})
    assert typed.unsaved_steps(s, case.id) == ["contact"]
    bad = choices.set_contact(
        s, case, phone="0812", email="", bank="", account="", bank_required=False, **DETAILS
    )
    assert "phone" in bad and typed.unsaved_steps(s, case.id) == ["contact"]  # kept: not saved
    good = choices.set_contact(
        s,
        case,
        phone="0812 3456 7890",
        email="desa@example.id",
        bank="",
        account="",
        bank_required=False,
        **DETAILS,
    )
    assert good == {} and typed.unsaved_steps(s, case.id) == []


def test_what_bpjs_s_form_asks_of_the_head_is_checked_and_kept(demo_session: Session) -> None:
    """Occupation (written as the KK writes it), income band, postcode (five digits; one of
    another part of Indonesia is pointed out, not refused), and the account holder (the head
    unless another is typed)."""
    from kiosk.rules import participant

    s = demo_session
    case = _start(s, demo_family(s, covered=0, size=2), "training")
    base = {"phone": "0812 3456 7890", "email": "ok@desa.id", "bank": "BRI",
            "account": "1234567890", "bank_required": False}  # fmt: skip
    bad = choices.set_contact(
        s, case, **base, occupation="4", income="kaya", postcode="0415", holder="x" * 101
    )
    assert set(bad) == {"occupation", "income", "postcode", "holder"}
    assert case.bank == "" and case.occupation == ""  # the account waits for its holder
    assert choices.set_contact(s, case, **{**base, **DETAILS, "income": ""}) == {
        "income": participant.check_income("", True).errors[0]
    }
    ok = choices.set_contact(
        s, case, **{**base, **DETAILS, "occupation": "petani/pekebun", "income": ""},
        income_required=False,
    )  # fmt: skip
    assert ok == {}
    assert (case.occupation, case.income_band, case.postcode) == ("Petani/Pekebun", "", "44153")
    assert case.account_holder == case.head_name and case.bank == "BRI"
    choices.set_contact(s, case, **{**base, **DETAILS, "holder": " siti  aminah "})
    assert case.account_holder == "SITI AMINAH"
    east = participant.check_postcode("61152", "3205102003")  # East Java's, a West Java KK
    assert east.ok and east.warnings[0].key == "postcode.elsewhere"
    assert participant.check_postcode("44153", "3205102003").warnings == []
