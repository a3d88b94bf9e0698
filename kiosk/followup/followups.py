"""What the home screen lists: drafts to resume, and cases waiting for action with what to do
next, the most pressing first. The dates come from kiosk.rules.timing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.cases import fktp_remedy
from kiosk.cases.add_member import KIND as ADD_MEMBER
from kiosk.cases.answers import CARD_DIFFERS_SQL
from kiosk.cases.arrears_case import KIND as ARREARS
from kiosk.cases.change_request import KINDS as CHANGES
from kiosk.cases.data_update import KIND as DATA_UPDATE
from kiosk.rules import timing
from models import Case, CaseMember, CaseStatus, FktpChange

# Follow-ups the desk does itself, not by phoning the family: kept off the call list.
DESK_TASKS = ("follow.va_missing",)  # BPJS's answer to record


@dataclass(frozen=True)
class FollowUp:
    case: Case
    reason: str  # a catalogue key: follow.*
    due: date  # since when it wants doing (a later date: not yet)
    params: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        from kiosk.base.i18n import t

        return t(self.reason, **self.params)

    @property
    def is_call(self) -> bool:
        """Whether the family is phoned for it (the day's call list)."""
        return self.reason not in DESK_TASKS

    def is_due(self, today: date) -> bool:
        return self.due <= today


def drafts(session: Session, limit: int = 20) -> list[Case]:
    stmt = (
        select(Case)
        .where(Case.status == CaseStatus.DRAFT)
        .order_by(col(Case.updated_at).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def _day(value: date) -> str:
    # Day and month: the list looks weeks ahead, and a column of 24 has no room for the year.
    return value.strftime("%d-%m")


def _local(case: Case, stamp: str) -> date:
    value = getattr(case, stamp) or case.updated_at
    return clock.to_local(value).date()


def _payment(case: Case, today: date) -> FollowUp:
    registered = timing.registered_on(case) or _local(case, "va_issued_at")
    window = timing.payment_window(registered)
    state = window.state(today)
    if state == "early":
        return FollowUp(case, "follow.pay_from", window.opens, {"date": _day(window.opens)})
    if state == "due":
        return FollowUp(case, "follow.pay_now", window.opens, {"date": _day(window.closes)})
    return FollowUp(case, "follow.pay_expired", window.closes, {"date": _day(window.closes)})


def _card(case: Case, today: date) -> FollowUp:
    paid = timing.paid_on(case) or _local(case, "paid_at")
    expected = timing.card_expected_by(paid)
    if today > expected:
        return FollowUp(case, "follow.card_late", expected, {"date": _day(expected)})
    eid = timing.eid_from(paid)
    return FollowUp(case, "follow.eid", eid, {"date": _day(expected)})


def _arrears(case: Case, today: date) -> FollowUp:
    """An arrears plan: the next payment (late once its day has passed), then, all paid, the
    check that cover is back."""
    from kiosk.cases.arrears_case import next_instalment

    due = next_instalment(case) if case.status == CaseStatus.VA_ISSUED else None
    if due is None:
        paid = timing.paid_on(case) or _local(case, "paid_at")
        return FollowUp(case, "follow.cover_check", paid)
    late = due.due_on < today
    return FollowUp(case, "follow.instalment_late" if late else "follow.instalment", due.due_on,
                    {"number": due.number, "count": case.plan_count, "date": _day(due.due_on)})  # fmt: skip


def _remedy(case: Case, change: FktpChange | None, today: date) -> FollowUp:
    stage = fktp_remedy.stage(change, today)
    if change is None or stage == "ask":
        return FollowUp(case, "follow.fktp_mismatch", _local(case, "activated_at"))
    day = {"early": change.allowed_from}.get(stage, change.effective_from)
    return FollowUp(case, f"follow.fktp_{stage}", day, {"date": _day(day)})


def waiting(
    session: Session, limit: int = 50, today: date | None = None, *, due_only: bool = False
) -> list[FollowUp]:
    """Every open case past the draft with what to do next and from when, the longest due
    first and what is not due yet last; `due_only` keeps what is due (the day's call list)."""
    today = today or clock.today()
    items: list[FollowUp] = []
    waiting_cases = session.exec(
        select(Case).where(
            col(Case.status).in_((CaseStatus.SUBMITTED, CaseStatus.VA_ISSUED, CaseStatus.PAID))
        )
    )
    for case in waiting_cases:
        if case.kind == ARREARS:
            items.append(_arrears(case, today))
        elif case.kind in CHANGES:  # in force on the 1st: read the family's card then
            due = case.follow_up_on or _local(case, "submitted_at")
            items.append(FollowUp(case, f"follow.{case.kind}_check", due, {"date": _day(due)}))
        elif case.kind == ADD_MEMBER:  # asked of BPJS: paid and on the card by the deadline
            due = case.follow_up_on or _local(case, "submitted_at")
            items.append(FollowUp(case, "follow.member_check", due, {"date": _day(due)}))
        elif case.kind == DATA_UPDATE:  # asked of BPJS: see that the change shows
            asked = _local(case, "submitted_at") + timedelta(days=1)
            items.append(FollowUp(case, "follow.update_check", asked, {"date": _day(asked)}))
        elif case.status == CaseStatus.SUBMITTED:
            items.append(FollowUp(case, "follow.va_missing", _local(case, "submitted_at")))
        elif case.status == CaseStatus.VA_ISSUED:
            items.append(_payment(case, today))
        else:
            items.append(_card(case, today))
    # Active cases only where a card differs, found by the database: a desk's years of
    # active cases are never loaded to find the few that need the remedy.
    differing = select(CaseMember.case_id).where(CARD_DIFFERS_SQL).distinct()
    flagged = session.exec(
        select(Case).where(Case.status == CaseStatus.ACTIVE, col(Case.id).in_(differing))
    ).all()
    if flagged:
        changes = {
            c.case_id: c
            for c in session.exec(
                select(FktpChange).where(col(FktpChange.done_on).is_(None))  # a handful at most
            )
        }
        for case in flagged:
            items.append(_remedy(case, changes.get(case.id) if case.id else None, today))
    # Referred families not back yet: ask after them two weeks on (a new KK takes that long).
    referred = session.exec(
        select(Case).where(Case.status == CaseStatus.REFERRED, Case.outcome == "")
    )
    for case in referred:
        due = _local(case, "updated_at") + timedelta(days=timing.REFERRAL_ASK_AFTER_DAYS)
        items.append(FollowUp(case, f"follow.referral.{case.reason}", due, {"date": _day(due)}))
    # Families sent to another office: ask for its answer from the day set when they went.
    for case in session.exec(select(Case).where(Case.status == CaseStatus.ROUTED)):
        due = case.follow_up_on or _local(case, "updated_at")
        items.append(FollowUp(case, f"follow.route.{case.route}", due, {"date": _day(due)}))
    if due_only:
        items = [f for f in items if f.is_due(today)]
    items.sort(key=lambda f: (f.due, f.case.id or 0))
    return items[:limit]
