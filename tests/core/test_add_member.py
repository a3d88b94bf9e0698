"""A member added to a family already in JKN: a newborn within 28 days, at 40 days (owed from
birth, said), past 3 months without a NIK (Dukcapil first), a PBI mother's baby (Dinsos), a
spouse (with a NIK); the family's own cards untouched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import add_member, household, store
from kiosk.cases.add_member import NewMember
from models import CaseMember
from tests.helpers.screens import registrable_kks


def _problem(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as exc:
        call()
    return exc.value.problem.key


def _born(days: int) -> str:
    return (clock.today() - timedelta(days=days)).strftime("%d-%m-%Y")


def test_a_newborn_within_28_days_is_asked_on_the_familys_bill(demo_session: Session) -> None:
    s = demo_session
    case = add_member.begin(s, registrable_kks(s, 1)[0], None, "training")
    assert (case.kind, case.step, case.kelas) == ("add_member", "newborn", 3)
    baby = NewMember("newborn", "Putri Aminah", "P", _born(10), "", 3)
    seen = add_member.outlook(baby, clock.today())
    assert seen.state == "in_time" and seen.deadline == clock.today() + timedelta(days=18)
    assert seen.monthly == 35_000 and seen.owed == 0
    add_member.submit(s, case, baby, None)
    assert (case.status, case.member_kind, case.monthly_amount) == ("submitted", "newborn", 35_000)
    assert case.follow_up_on == seen.deadline
    member = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).one()
    assert (member.name, member.nik, member.open_nik, member.relation) == (
        "PUTRI AMINAH", "", None, 4,
    )  # fmt: skip
    add_member.done(s, case, None)
    assert case.status == "closed"


def test_a_newborn_at_40_days_owes_from_the_birth_month(demo_session: Session) -> None:
    s = demo_session
    born = clock.today() - timedelta(days=40)
    baby = NewMember("newborn", "Putra", "L", born.strftime("%d-%m-%Y"), "", 2)
    seen = add_member.outlook(baby, clock.today())
    months = (clock.today().year - born.year) * 12 + clock.today().month - born.month + 1
    assert (seen.state, seen.months_owed, seen.owed) == ("late", months, months * 100_000)
    case = add_member.begin(s, registrable_kks(s, 1)[0], None, "training")
    add_member.submit(s, case, baby, None)
    assert case.status == "submitted"


def test_a_pbi_mothers_baby_goes_to_dinsos_and_never_on_the_bill(demo_session: Session) -> None:
    s = demo_session
    case = add_member.begin(s, registrable_kks(s, 1)[0], None, "training")
    add_member.submit(s, case, NewMember("newborn", "Putri", "P", _born(5), "", 3,
                                         mother_pbi=True), None)  # fmt: skip
    assert (case.status, case.route, case.monthly_amount) == ("routed", "newborn_pbi", 0)
    add_member.done(s, case, None)
    assert case.status == "closed"


def test_a_baby_past_3_months_without_a_nik_goes_to_dukcapil_then_comes_back(
    demo_session: Session,
) -> None:
    s = demo_session
    kk = registrable_kks(s, 1)[0]
    case = add_member.begin(s, kk, None, "training")
    add_member.submit(s, case, NewMember("newborn", "Putra", "L", _born(100), "", 3), None)
    assert (case.status, case.reason) == ("referred", "newborn_nik")
    # The family's own registration is not mistaken for coming back from this referral.
    assert household.begin(s, kk, None, "training").outcome == "started"
    add_member.done(s, case, None)
    assert (case.status, case.step) == ("draft", "newborn")


def test_a_spouse_needs_a_nik_and_a_wrong_entry_keeps_nothing(demo_session: Session) -> None:
    s = demo_session
    case = add_member.begin(s, registrable_kks(s, 1)[0], None, "training")
    assert _problem(lambda: add_member.submit(
        s, case, NewMember("spouse", "Siti", "P", "01-01-1995", "", 3), None)) == (
        "newborn.nik_needed"
    )  # fmt: skip
    assert _problem(lambda: add_member.submit(
        s, case, NewMember("newborn", "", "P", _born(3), "", 3), None)) == "member.name_empty"  # fmt: skip
    assert _problem(lambda: add_member.submit(
        s, case, NewMember("newborn", "Putri", "P", _born(3), "", None), None)) == "arrears.kelas"  # fmt: skip
    assert s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all() == []
    assert store.case_by_id(s, case.id).status == "draft"  # type: ignore[arg-type]


def test_the_paper_lists_the_member_masked_the_deadline_and_what_to_bring(
    demo_session: Session,
) -> None:
    from kiosk.papers import request_paper
    from tests.helpers.papers import pdf_text

    s = demo_session
    kk = registrable_kks(s, 1)[0]
    case = add_member.begin(s, kk, None, "training")
    add_member.submit(s, case, NewMember("newborn", "Putri Aminah", "P", _born(10), "", 3), None)
    said = pdf_text(request_paper.save(s, case))
    assert "PUTRI AMINAH" in said and "belum ada" in said and "surat keterangan lahir" in said
    assert (clock.today() + timedelta(days=18)).strftime("%d-%m-%Y") in said and kk not in said


def test_a_late_newborns_paper_says_what_is_owed_from_birth(demo_session: Session) -> None:
    from kiosk.papers import request_paper
    from tests.helpers.papers import pdf_text

    s = demo_session
    case = add_member.begin(s, registrable_kks(s, 1)[0], None, "training")
    born = clock.today() - timedelta(days=40)
    add_member.submit(s, case, NewMember("newborn", "Putra", "L", born.strftime("%d-%m-%Y"),
                                         "", 3), None)  # fmt: skip
    months = (clock.today().year - born.year) * 12 + clock.today().month - born.month + 1
    said = pdf_text(request_paper.save(s, case))
    assert f"{months} bulan = Rp{months * 35:,}.000".replace(",", ".") in said
