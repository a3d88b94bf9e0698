"""The remedy for a card issued with another FKTP than the family chose.

The family asks BPJS for the change (at the office, in Mobile JKN or through PANDAWA); BPJS
allows it after 3 months at the current FKTP and it takes effect the month after. The kiosk
records the request, knows those dates (kiosk.rules.timing), brings the case back when they come,
and closes the remedy once every card shows the family's choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.clock import parse_date
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.desk import audit
from kiosk.rules import timing
from models import Case, CaseMember, CaseStatus, FktpChange

CHANNELS = ("bpjs_office", "mobile_jkn", "pandawa")


@dataclass(frozen=True)
class Remedy:
    """Where a case stands with its cards: which differ, the open request, what comes next."""

    differing: tuple[CaseMember, ...]
    change: FktpChange | None  # the open request, if the family asked
    allowed_from: date | None  # BPJS accepts a change from this day

    def stage(self, today: date) -> str:
        return stage(self.change, today) if self.differing else "none"


def stage(change: FktpChange | None, today: date) -> str:
    """Where a case whose card differs stands: ask (nobody asked yet), early (asked before
    BPJS allows it: ask again from `allowed_from`), wait (asked in time: the change takes
    effect on `effective_from`), check (it should have: read the new card)."""
    if change is None:
        return "ask"
    if today >= change.effective_from:
        return "check"
    if change.requested_on < change.allowed_from:
        return "early"
    return "wait"


def open_change(session: Session, case_id: int) -> FktpChange | None:
    return session.exec(
        select(FktpChange).where(FktpChange.case_id == case_id, col(FktpChange.done_on).is_(None))
    ).first()


def remedy(session: Session, case: Case, members: list[CaseMember] | None = None) -> Remedy:
    from kiosk.cases.answers import card_differs
    from kiosk.cases.store import members_of

    members = members if members is not None else members_of(session, case)
    differing = tuple(m for m in members if card_differs(m))
    since = timing.fktp_since(case)
    allowed = timing.fktp_change_allowed_from(since) if since is not None else None
    return Remedy(differing, open_change(session, case.id) if differing else None, allowed)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RequestCheck:
    requested: date | None
    problem: Problem | None = None


def check_request_date(case: Case, raw: str, today: date | None = None) -> RequestCheck:
    today = today or clock.today()
    if not raw.strip():
        return RequestCheck(None, Problem("remedy.date_empty"))
    requested = parse_date(raw)
    if requested is None:
        return RequestCheck(None, Problem("remedy.date_unreadable"))
    if requested > today:
        return RequestCheck(None, Problem("remedy.date_future"))
    card_since = case.activated_at and clock.to_local(case.activated_at).date()
    registered = timing.registered_on(case)
    earliest = registered if registered is not None else card_since
    if earliest is not None and requested < earliest:
        return RequestCheck(
            None, Problem("remedy.date_too_early", {"date": earliest.strftime("%d-%m-%Y")})
        )
    return RequestCheck(requested)


def request_change(
    session: Session,
    case: Case,
    raw_date: str,
    channel: str,
    operator_id: int | None,
    today: date | None = None,
) -> FktpChange:
    """The family asked BPJS to move them to the FKTP they chose. Asking again (the first
    request was too early, or lost) moves the open request's dates; it stays one request."""
    if channel not in CHANNELS:
        raise fail("remedy.channel")
    checked = check_request_date(case, raw_date, today)
    if checked.problem is not None:
        raise WorkflowError(checked.problem)
    assert checked.requested is not None
    state = remedy(session, case)
    if not state.differing:
        raise fail("remedy.nothing_differs")
    assert state.allowed_from is not None
    now = clock.utcnow()
    change = state.change
    again = change is not None
    if change is None:
        assert case.id is not None
        change = FktpChange(
            case_id=case.id,
            requested_on=checked.requested,
            channel=channel,
            allowed_from=state.allowed_from,
            effective_from=state.allowed_from,
            created_at=now,
            updated_at=now,
            operator_id=operator_id,
        )
    change.requested_on, change.channel = checked.requested, channel
    change.allowed_from = state.allowed_from
    change.effective_from = timing.fktp_change_effective(checked.requested, state.allowed_from)
    change.updated_at, change.operator_id = now, operator_id
    session.add(change)
    audit.record(
        session, "fktp_change_again" if again else "fktp_change", case_id=case.id,
        operator_id=operator_id, detail=f"{checked.requested.isoformat()} {channel}",
    )  # fmt: skip
    try:
        session.commit()
    except IntegrityError:  # another kiosk recorded the request a moment ago
        session.rollback()
        raise fail("case.changed_elsewhere") from None
    return change


def record_new_cards(
    session: Session,
    case: Case,
    card_fktp: dict[int, str],
    operator_id: int | None,
    today: date | None = None,
) -> list[CaseMember]:
    """The FKTP on the cards after a change, read off them; returns the members whose card
    still differs. Once none does, the open request is done and the case leaves the list."""
    from kiosk.cases.answers import card_codes, card_differs
    from kiosk.cases.membership import new_members
    from kiosk.cases.store import members_of

    if case.status != CaseStatus.ACTIVE:
        raise fail("case.cards_not_now")
    members = new_members(members_of(session, case))
    codes = card_codes(members, card_fktp)
    differing = []
    for m in members:
        m.card_fktp = codes[m.id]  # type: ignore[index]
        session.add(m)
        if card_differs(m):
            differing.append(m)
    change = open_change(session, case.id)  # type: ignore[arg-type]
    if not differing and change is not None:
        change.done_on = today or clock.today()
        change.updated_at = clock.utcnow()
        session.add(change)
    audit.record(
        session, "fktp_card" if differing else "fktp_resolved", case_id=case.id,
        operator_id=operator_id, detail=f"x{len(differing)}" if differing else "",
    )  # fmt: skip
    case.updated_at = clock.utcnow()
    session.add(case)
    session.commit()
    return differing
