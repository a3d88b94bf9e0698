"""What BPJS sends back: the VA and card numbers, and the FKTP printed on each card, checked
against the family's choice."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import and_
from sqlmodel import Session, col

from kiosk.base.errors import Problem, fail
from kiosk.cases.lifecycle import transition
from kiosk.cases.membership import new_members
from kiosk.cases.store import members_of, row_id
from kiosk.rules import ids
from kiosk.rules.reference import FACILITY_CODE
from models import Case, CaseMember, CaseStatus


def record_bpjs_answer(
    session: Session, case: Case, va_raw: str, cards: dict[int, str], operator_id: int | None
) -> dict[str, Problem]:
    """The manual adapter's second half: the VA and card numbers BPJS issued."""
    problems: dict[str, Problem] = {}
    members = {m.id: m for m in new_members(members_of(session, case))}
    checked: dict[int, str] = {}
    for member_id, raw in cards.items():
        if member_id not in members:
            continue
        check = ids.check_card(raw)
        if check.ok:
            checked[member_id] = check.value
        else:
            problems[f"card:{member_id}"] = check.errors[0]
    known_cards = list(checked.values()) + [
        m.existing_card for m in members_of(session, case) if m.existing_card
    ]
    va = ids.check_va(va_raw, known_cards)
    if not va.ok:
        problems["va"] = va.errors[0]
    if problems:
        return problems
    for member_id, card in checked.items():
        members[member_id].card_number = card
        session.add(members[member_id])
    case.va_number = va.value
    # A draft handed to BPJS by hand is submitted on the way: one change of the case's row.
    via = (CaseStatus.SUBMITTED,) if case.status == CaseStatus.DRAFT.value else ()
    transition(session, case, CaseStatus.VA_ISSUED, operator_id, "manual", via=via)
    session.commit()
    return {}


def record_cards(
    session: Session, case: Case, card_fktp: dict[int, str], operator_id: int | None
) -> list[CaseMember]:
    """The FKTP printed on each first card, read off the card (never assumed from the choice);
    returns the members whose card differs from what the family chose."""
    members = new_members(members_of(session, case))
    codes = card_codes(members, card_fktp)
    mismatched = []
    for m in members:
        m.card_fktp = m.first_card_fktp = codes[row_id(m)]
        session.add(m)
        if card_differs(m):
            mismatched.append(m)
    transition(
        session,
        case,
        CaseStatus.ACTIVE,
        operator_id,
        f"fktp_mismatch x{len(mismatched)}" if mismatched else "",
    )
    session.commit()
    return mismatched


def card_codes(members: list[CaseMember], card_fktp: dict[int, str]) -> dict[int, str]:
    """Each member's FKTP code as read off their card, checked; refused with the member named."""
    codes = {row_id(m): card_fktp.get(row_id(m), "").strip().upper() for m in members}
    for m in members:
        if not codes[row_id(m)]:
            raise fail("cards.fktp_missing", name=m.name, member_id=m.id)
        if not FACILITY_CODE.match(codes[row_id(m)]):
            raise fail("cards.fktp_format", name=m.name, member_id=m.id)
    return codes


class CardFacts(Protocol):
    """What deciding on a card needs: a member, or a report's row of a member."""

    is_new: bool
    chosen_fktp: str
    card_fktp: str


def card_differs(member: CardFacts) -> bool:
    """The issued card names another FKTP than the family chose (the problem we exist for)."""
    return bool(member.is_new and member.card_fktp and member.card_fktp != member.chosen_fktp)


# The same rule as a query condition, for lists that must not load every member to apply it.
CARD_DIFFERS_SQL = and_(
    col(CaseMember.is_new),
    col(CaseMember.card_fktp) != "",
    col(CaseMember.card_fktp) != col(CaseMember.chosen_fktp),
)
