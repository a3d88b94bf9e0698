"""Taking back a payment or a cancellation recorded by mistake.

A supervisor moves the case back to where it was, with a reason: a correcting event of its
own in the audit trail, beside the event it corrects (never an erasure). Which status goes
back to which is the lifecycle's CORRECTIONS table; a cancelled case returns to the status
it was cancelled from, as the audit trail says.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from kiosk.base import text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import lifecycle
from kiosk.cases.lifecycle import CORRECTIONS, OPEN, REFERRAL_REASONS, CaseStatus
from kiosk.cases.store import CaseExists, members_of, open_case_for, seat_members
from kiosk.desk import audit
from models import Case, Operator

# A reason says what went wrong in a sentence; a few words are not a reason.
REASON_MIN = 10
REASON_MAX = 200


def refused(case: Case, role: str) -> Problem | None:
    """Why this operator may not correct this case, or None. Asked before the reason is
    typed, and again when it is saved."""
    if CaseStatus(case.status) not in CORRECTIONS:
        return Problem("correct.not_now")
    if case.purged_at is not None:  # its persons are gone: there is nothing to go back to
        return Problem("correct.purged")
    if role != "supervisor":
        return Problem("correct.supervisor_only")
    return None


def target(session: Session, case: Case) -> CaseStatus:
    """The status a correction returns the case to: before the payment, the VA issued;
    before the cancellation, the status the audit trail says it was cancelled from."""
    status = CaseStatus(case.status)
    back = CORRECTIONS.get(status, ())
    if status is CaseStatus.CANCELLED:
        for event, _who in audit.history(session, case.id):  # type: ignore[arg-type]
            old, new, _extra = audit.move(event.detail)
            if event.action in ("status", "correction") and new == status.value:
                if old in back:
                    return CaseStatus(old)
                break
        raise fail("correct.no_trail")
    if len(back) != 1:
        raise fail("correct.not_now")
    return back[0]


def reason_problem(reason: str) -> Problem | None:
    """Why a correction's reason is refused, or None."""
    words = " ".join(reason.split())
    if (control := text.control_problem(reason)) is not None:
        return control
    if len(words) < REASON_MIN:
        return Problem("correct.reason_short", {"min": REASON_MIN})
    if text.holds_number(words):
        return Problem("correct.reason_number")
    return None


def correct(session: Session, case: Case, reason: str, operator_id: int | None) -> CaseStatus:
    """Take back the case's last payment or cancellation; the status it returns to."""
    operator = session.get(Operator, operator_id) if operator_id is not None else None
    problem = refused(case, operator.role if operator else "")
    if problem is None:
        problem = reason_problem(reason)
    if problem is not None:
        raise WorkflowError(problem)
    back = target(session, case)
    taken_back = CaseStatus(case.status)
    members = members_of(session, case)
    reopening = back in OPEN and taken_back not in OPEN
    if reopening:  # the family may have started again meanwhile: that case is the one
        existing = open_case_for(session, case.kk_number, case.kind)
        if existing is not None:
            session.rollback()
            raise CaseExists(existing)
    if taken_back is CaseStatus.PAID:
        case.paid_on = None
    if taken_back is CaseStatus.CANCELLED:
        case.reason, case.reason_note = _reason_before(session, case, back), ""
    session.add(case)
    words = " ".join(reason.split())[:REASON_MAX]
    try:
        lifecycle.transition(session, case, back, operator_id, words, correction=True)
        if reopening:
            seat_members(session, case, members)  # its persons take their seats again
        session.commit()
    except IntegrityError:  # another kiosk opened a case for this KK in the same moment
        session.rollback()
        existing = open_case_for(session, case.kk_number, case.kind)
        if existing is None:
            raise
        raise CaseExists(existing) from None
    return back


def _reason_before(session: Session, case: Case, back: CaseStatus) -> str:
    """A referral's reason, as the event that referred the family recorded it; other
    statuses held none worth restoring (a draft's failed attempt is tried again)."""
    if back is not CaseStatus.REFERRED:
        return ""
    for event, _who in audit.history(session, case.id):  # type: ignore[arg-type]
        _old, new, extra = audit.move(event.detail)
        if event.action == "status" and new == "referred" and extra in REFERRAL_REASONS:
            return extra
    return ""
