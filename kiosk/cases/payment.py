"""Recording the family's first payment: the date on their receipt, checked against the
registration and BPJS's payment window (kiosk.rules.timing), then the case moves to paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.clock import parse_date
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.desk import audit
from kiosk.rules import timing
from models import Case, CaseStatus


@dataclass(frozen=True)
class PaymentCheck:
    """A payment date as typed: refused (problem), or possible with or without a warning."""

    paid: date | None
    problem: Problem | None = None
    warning: Problem | None = None


def check(case: Case, raw: str, today: date | None = None) -> PaymentCheck:
    """What the operator typed as the payment date, read and checked; nothing is saved."""
    today = today or clock.today()
    text = raw.strip()
    if not text:
        return PaymentCheck(None, Problem("pay.date_empty"))
    paid = parse_date(text)
    if paid is None:
        return PaymentCheck(None, Problem("pay.date_unreadable"))
    registered = timing.registered_on(case)
    problem = timing.check_payment_date(registered, paid, today)
    if problem is not None:
        return PaymentCheck(None, problem)
    return PaymentCheck(paid, warning=timing.payment_warning(registered, paid))


def record(
    session: Session, case: Case, paid: date, operator_id: int | None, today: date | None = None
) -> None:
    """The family paid on `paid`: the case moves to paid, the date and who recorded it are
    audited. The date is checked again here: a screen is not the only caller."""
    from kiosk.cases.lifecycle import transition

    if case.status != CaseStatus.VA_ISSUED.value:
        raise fail("case.paid_not_now")
    problem = timing.check_payment_date(timing.registered_on(case), paid, today or clock.today())
    if problem is not None:
        raise WorkflowError(problem)
    case.paid_on = paid
    session.add(case)
    transition(session, case, CaseStatus.PAID, operator_id)
    warning = timing.payment_warning(timing.registered_on(case), paid)
    audit.record(
        session, "paid_on", case_id=case.id, operator_id=operator_id,
        detail=paid.isoformat() + (" outside_window" if warning else ""),
    )  # fmt: skip
    session.commit()
