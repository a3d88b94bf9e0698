"""Which kiosk has a draft open: a hold with a lease, so two kiosks never edit one draft.

Opening a draft claims it; while it is open the kiosk renews the hold with every saved
step (and on a timer). Another kiosk that opens it is told who has it and where, and may
take it over as an explicit, audited step; the first kiosk's next save is then refused.
A kiosk that crashed stops renewing, and its hold runs out after `HOLD`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.errors import Problem, fail
from kiosk.desk import audit
from models import Case, CaseStatus, Operator

HOLD = timedelta(minutes=3)
RENEW_SECONDS = 60  # well inside HOLD, so a live kiosk never loses its hold


@dataclass(frozen=True)
class Holder:
    operator_id: int | None
    kiosk: str  # config.desk_identity(): the desk's name and its installation's id


def shown(held_kiosk: str) -> str:
    """A desk as the operator knows it: its name, without its installation's id."""
    name, mark, _ = held_kiosk.rpartition("#")
    return name if mark else held_kiosk


@dataclass(frozen=True)
class HeldElsewhere:
    operator: str
    kiosk: str
    last_seen: datetime  # the holder's last save or renewal (UTC)

    @property
    def problem(self) -> Problem:
        seen = clock.to_local(self.last_seen).strftime("%H:%M")
        return Problem("draft.held", {"kiosk": self.kiosk, "operator": self.operator, "time": seen})

    @property
    def message(self) -> str:
        return self.problem.message


_CASE = Case.__table__  # type: ignore[attr-defined]
_case = _CASE.c


def _free_or_mine(holder: Holder, now: datetime):
    return or_(
        _case.held_kiosk == holder.kiosk[:40],
        _case.held_kiosk == "",
        _case.held_until.is_(None),
        _case.held_until < now,
    )


def _hold(session: Session, case_id: int, holder: Holder, now: datetime, *conditions) -> bool:
    moved = session.connection().execute(
        update(_CASE)
        .where(and_(_case.id == case_id, _case.status == CaseStatus.DRAFT, *conditions))
        .values(held_by=holder.operator_id, held_kiosk=holder.kiosk[:40], held_until=now + HOLD)
    )
    return moved.rowcount == 1


def held_elsewhere(case: Case, kiosk: str, now: datetime | None = None) -> bool:
    """The draft is open at another kiosk now (the row as loaded; the rule `claim` applies)."""
    now = now or clock.utcnow()
    live = bool(case.held_kiosk) and case.held_until is not None and case.held_until >= now
    return live and case.held_kiosk != kiosk[:40]


def holder_of(session: Session, case_id: int) -> HeldElsewhere | None:
    row = (
        session.connection()
        .execute(
            select(Operator.name, _case.held_kiosk, _case.held_until)  # type: ignore[call-overload]
            .select_from(_CASE.outerjoin(Operator.__table__, Operator.id == _case.held_by))  # type: ignore[attr-defined]
            .where(_case.id == case_id)
        )
        .first()
    )
    if row is None or not row.held_kiosk or row.held_until is None:
        return None
    return HeldElsewhere(row.name or "-", shown(row.held_kiosk), row.held_until - HOLD)


def claim(session: Session, case_id: int, holder: Holder) -> HeldElsewhere | None:
    """Open a draft at this kiosk: None when it is ours now, else who has it open."""
    now = clock.utcnow()
    if _hold(session, case_id, holder, now, _free_or_mine(holder, now)):
        session.commit()
        return None
    other = holder_of(session, case_id)
    session.rollback()
    return other


def take_over(session: Session, case_id: int, holder: Holder) -> None:
    """Take a draft from the kiosk that has it open (it may have been left there)."""
    previous = holder_of(session, case_id)
    if not _hold(session, case_id, holder, clock.utcnow()):
        session.rollback()
        raise fail("draft.not_draft")
    detail = f"from {previous.kiosk} ({previous.operator})" if previous else ""
    audit.record(
        session, "draft_taken_over", case_id=case_id, operator_id=holder.operator_id,
        detail=detail[:300],
    )  # fmt: skip
    session.commit()


def guard(session: Session, case_id: int, holder: Holder) -> None:
    """Renew this kiosk's hold inside the step's own transaction, or refuse the step.

    The UPDATE locks the case row until the step commits, so a take-over at another kiosk
    lands either before the step (which is then refused) or after it.
    """
    now = clock.utcnow()
    if not _hold(session, case_id, holder, now, _free_or_mine(holder, now)):
        other = holder_of(session, case_id)
        status = (
            session.connection().execute(select(_case.status).where(_case.id == case_id)).scalar()
        )
        session.rollback()
        if status != CaseStatus.DRAFT:
            raise fail("draft.not_draft")
        raise fail(
            "draft.taken_over",
            kiosk=other.kiosk if other else "-",
            operator=other.operator if other else "-",
        )


def release(session: Session, case_id: int, holder: Holder) -> None:
    """The kiosk left the draft: another may open it at once."""
    session.connection().execute(
        update(_CASE)
        .where(_case.id == case_id, _case.held_kiosk == holder.kiosk[:40])
        .values(held_by=None, held_kiosk="", held_until=None)
    )
    session.commit()
