"""Finding a case on Home from a name or a number the family brings."""

from __future__ import annotations

from sqlmodel import Session, select

from kiosk.cases import search
from kiosk.rules import ids
from models import Case, CaseMember


def _with_members(s: Session) -> tuple[Case, CaseMember]:
    """A demo case with a VA, a phone and a member besides the head. Asked of the database
    in one query, in a fixed order: the first case found by itself may be a family of one
    (PostgreSQL returns rows in the order their last update left them)."""
    found = s.exec(
        select(Case, CaseMember)
        .join(CaseMember, CaseMember.case_id == Case.id)  # type: ignore[arg-type]
        .where(Case.status == "va_issued", Case.phone != "", CaseMember.name != Case.head_name)
        .order_by(Case.id, CaseMember.id)  # type: ignore[arg-type]
    ).first()
    assert found is not None
    return found


def test_each_kind_of_number_finds_its_case(demo_session: Session) -> None:
    s = demo_session
    case, member = _with_members(s)
    (by_kk,) = [h for h in search.find(s, ids.group(case.kk_number)) if h.case_id == case.id]
    assert by_kk.matched == "search.by_kk" and case.kk_number not in by_kk.kk_masked
    (by_nik,) = search.find(s, member.nik)
    assert (by_nik.case_id, by_nik.matched, by_nik.member) == (
        case.id,
        "search.by_nik",
        member.name,
    )
    local = "0" + case.phone[3:]  # as the family says it: 0812...
    assert case.id in {h.case_id for h in search.find(s, local)}
    assert search.find(s, local)[0].matched == "search.by_phone"


def test_a_name_in_part_finds_the_head_and_the_members(demo_session: Session) -> None:
    s = demo_session
    case, member = _with_members(s)
    found = {h.case_id: h for h in search.find(s, member.name.split()[0].lower())}
    assert case.id in found and found[case.id].matched == "search.by_name"


def test_too_little_or_part_of_a_number_finds_nothing(demo_session: Session) -> None:
    """Numbers are matched whole: the first digits of a KK do not list a village's families."""
    s = demo_session
    case, _ = _with_members(s)
    assert search.find(s, case.kk_number[:10]) == []
    assert search.find(s, "as") == []  # under three letters
    assert search.find(s, "%%%") == [] and search.find(s, "___") == []  # letters, not patterns
