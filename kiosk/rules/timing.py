"""The lifecycle's dates and windows, in one place beside the rates.

BPJS rules for self-paying (PBPU) participants: the first payment is possible from 14 days
after registration and must be made within 30 days; cover starts once paid; the monthly
contribution is due on the 10th; the FKTP may be changed after 3 months there (the change
takes effect on the 1st of the next month); the class after 12 months. Screens, slips,
follow-ups and reports ask this module, never count days themselves.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kiosk.base.errors import Problem

if TYPE_CHECKING:
    from models import Case

PAY_FROM_DAYS = 14  # the first payment is accepted from this many days after registration
PAY_WITHIN_DAYS = 30  # ...and no later than this
DUE_DAY = 10  # the monthly contribution is due on this day of each month
FKTP_CHANGE_AFTER_MONTHS = 3
CLASS_CHANGE_AFTER_MONTHS = 12
# What lets a family change FKTP before its 3 months, and the paper that shows it: a move of
# domicile, an assignment or training elsewhere of under 3 months, BPJS's own redistribution
# of participants, a return to the FKTP the family had before.
FKTP_EXCEPTIONS: dict[str, str] = {
    "domicile_move": "domicile_letter", "short_assignment": "assignment_letter",
    "redistribution": "", "return_previous": "",
}  # fmt: skip
CARD_EXPECTED_DAYS = 14  # paid but no card recorded after this many days: check on it
EID_AFTER_DAYS = 1  # the e-ID shows in Mobile JKN once the payment has been processed
REFERRAL_ASK_AFTER_DAYS = 14  # a referred family not back yet: ask after them (a new KK)
DRAFT_ABANDONED_DAYS = 7  # a draft untouched this long counts as abandoned in reports


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Nov -> 30 Nov)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_next_month(day: date) -> date:
    return add_months(day.replace(day=1), 1)


def registered_on(case: Case) -> date | None:
    """The day BPJS registered the family: when the registration went in (or, for a case
    recorded by hand, when its VA was entered). Local date: the family's calendar."""
    from kiosk.base.clock import to_local

    stamp = case.submitted_at or case.va_issued_at
    return to_local(stamp).date() if stamp is not None else None


def paid_on(case: Case) -> date | None:
    """The payment date the operator recorded (older cases: the day it was recorded)."""
    from kiosk.base.clock import to_local

    if case.paid_on is not None:
        return case.paid_on
    return to_local(case.paid_at).date() if case.paid_at is not None else None


@dataclass(frozen=True)
class PaymentWindow:
    opens: date  # first day a payment is accepted
    closes: date  # last day

    def state(self, today: date) -> str:
        """early (not yet payable), due (payable now) or overdue (the window has closed)."""
        if today < self.opens:
            return "early"
        return "due" if today <= self.closes else "overdue"


def payment_window(registered: date) -> PaymentWindow:
    return PaymentWindow(
        registered + timedelta(days=PAY_FROM_DAYS), registered + timedelta(days=PAY_WITHIN_DAYS)
    )


def check_payment_date(registered: date | None, paid: date, today: date) -> Problem | None:
    """What makes a payment date impossible: in the future, or before the registration."""
    if paid > today:
        return Problem("pay.future", {"date": paid.strftime("%d-%m-%Y")})
    if registered is not None and paid < registered:
        return Problem("pay.before_registration", {"date": registered.strftime("%d-%m-%Y")})
    return None


def payment_warning(registered: date | None, paid: date) -> Problem | None:
    """A possible but unusual date: BPJS accepts the first payment only inside its window,
    so a date outside it is probably mistyped (or the bank took it anyway: then it stands)."""
    if registered is None:
        return None
    window = payment_window(registered)
    params: dict[str, object] = {
        "opens": window.opens.strftime("%d-%m-%Y"),
        "closes": window.closes.strftime("%d-%m-%Y"),
    }
    if paid < window.opens:
        return Problem("pay.before_window", params)
    if paid > window.closes:
        return Problem("pay.after_window", params)
    return None


def next_due(paid: date) -> date:
    """The next monthly contribution after a payment: the 10th of the following month."""
    return first_of_next_month(paid).replace(day=DUE_DAY)


def eid_from(paid: date) -> date:
    return paid + timedelta(days=EID_AFTER_DAYS)


def card_expected_by(paid: date) -> date:
    return paid + timedelta(days=CARD_EXPECTED_DAYS)


def fktp_since(case: Case) -> date | None:
    """Since when the family has been at the FKTP on its card: from the day cover began
    (the payment), the later and so the safer of the dates BPJS could count from."""
    return paid_on(case) or registered_on(case)


def fktp_change_allowed_from(since: date) -> date:
    """A participant may move to another FKTP after 3 months at the current one."""
    return add_months(since, FKTP_CHANGE_AFTER_MONTHS)


def fktp_change_effective(requested: date, allowed_from: date) -> date:
    """A change takes effect on the 1st of the month after it could be (and was) asked."""
    return first_of_next_month(max(requested, allowed_from))


def class_change_allowed_from(since: date) -> date:
    return add_months(since, CLASS_CHANGE_AFTER_MONTHS)


def change_refused(
    kind: str, since: date | None, today: date, *, active: bool, arrears: int, exception: str = ""
) -> Problem | None:
    """Why BPJS would refuse an FKTP change (`kind` "fktp") or a class change ("class") asked
    today, or None. Either needs an active card without arrears; an FKTP change needs 3
    months at the current FKTP unless an exception applies (FKTP_EXCEPTIONS), a class change
    12 months in the current class (and moves the whole family)."""
    if not active:
        return Problem("change.not_active")
    if arrears > 0:
        return Problem("change.arrears", {"months": arrears})
    if kind == "fktp" and exception:
        if exception not in FKTP_EXCEPTIONS:
            raise ValueError(f"no FKTP exception {exception!r}")
        return None
    if since is None:
        return Problem("change.since_unknown")
    allowed = (fktp_change_allowed_from if kind == "fktp" else class_change_allowed_from)(since)
    if today < allowed:
        return Problem(f"change.{kind}_too_soon", {"date": allowed.strftime("%d-%m-%Y")})
    return None


def change_effective(today: date) -> date:
    """An FKTP or class change asked today takes effect on the 1st of next month."""
    return first_of_next_month(today)


def draft_abandoned(last_touched: date, today: date) -> bool:
    return (today - last_touched).days >= DRAFT_ABANDONED_DAYS
