"""What the home screen lists: drafts to resume and cases waiting for action, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from kiosk import clock
from kiosk.registration import card_differs
from models import Case, CaseMember

DUE_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class FollowUp:
    case: Case
    reason: str  # a catalogue key: follow.*
    since: datetime


def drafts(session: Session, limit: int = 20) -> list[Case]:
    stmt = select(Case).where(Case.status == "draft").order_by(Case.updated_at.desc()).limit(limit)  # type: ignore[attr-defined]
    return list(session.exec(stmt))


def waiting(session: Session, limit: int = 50, now: datetime | None = None) -> list[FollowUp]:
    """VA not yet entered, payment not yet recorded, card overdue, or a card whose FKTP differs."""
    now = now or clock.utcnow()
    items: list[FollowUp] = []
    open_cases = session.exec(
        select(Case).where(col(Case.status).in_(("submitted", "va_issued", "paid", "active")))
    )
    active_ids = []
    for case in open_cases:
        if case.status == "submitted":
            items.append(FollowUp(case, "follow.va_missing", case.submitted_at or case.updated_at))
        elif case.status == "va_issued":
            since = case.va_issued_at or case.updated_at
            late = now - since > DUE_AFTER
            items.append(FollowUp(case, "follow.unpaid_late" if late else "follow.unpaid", since))
        elif case.status == "paid":
            since = case.paid_at or case.updated_at
            if now - since > DUE_AFTER:
                items.append(FollowUp(case, "follow.card_late", since))
        else:
            active_ids.append(case)
    if active_ids:
        by_id = {c.id: c for c in active_ids}
        members = session.exec(select(CaseMember).where(col(CaseMember.case_id).in_(list(by_id))))
        flagged = {m.case_id for m in members if card_differs(m)}
        for case_id in flagged:
            case = by_id[case_id]
            items.append(
                FollowUp(case, "follow.fktp_mismatch", case.activated_at or case.updated_at)
            )
    items.sort(key=lambda f: f.since)
    return items[:limit]
