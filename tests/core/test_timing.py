"""The lifecycle's dates and windows (kiosk.rules.timing): one test per rule."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk.rules import timing
from models import Case


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert timing.add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert timing.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)  # no 30 February
    assert timing.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)  # a leap year
    assert timing.add_months(date(2026, 12, 31), 12) == date(2027, 12, 31)


def test_first_payment_window_is_14_to_30_days_after_registration() -> None:
    window = timing.payment_window(date(2026, 11, 1))
    assert (window.opens, window.closes) == (date(2026, 11, 15), date(2026, 12, 1))
    assert window.state(date(2026, 11, 14)) == "early"
    assert window.state(date(2026, 11, 15)) == "due"
    assert window.state(date(2026, 12, 1)) == "due"
    assert window.state(date(2026, 12, 2)) == "overdue"


def test_a_payment_date_in_the_future_or_before_registration_is_impossible() -> None:
    registered, today = date(2026, 11, 1), date(2026, 11, 24)
    assert timing.check_payment_date(registered, date(2026, 11, 25), today).key == "pay.future"  # type: ignore[union-attr]
    assert (
        timing.check_payment_date(registered, date(2026, 10, 31), today).key
        == "pay.before_registration"
    )  # type: ignore[union-attr]
    assert timing.check_payment_date(registered, date(2026, 11, 1), today) is None
    assert timing.check_payment_date(registered, today, today) is None


@pytest.mark.parametrize(
    ("paid", "warning"),
    [
        (date(2026, 11, 14), "pay.before_window"),
        (date(2026, 11, 15), None),
        (date(2026, 12, 1), None),
        (date(2026, 12, 2), "pay.after_window"),
    ],
)
def test_a_payment_outside_the_window_is_possible_but_warned(
    paid: date, warning: str | None
) -> None:
    found = timing.payment_warning(date(2026, 11, 1), paid)
    assert (found.key if found else None) == warning


def test_the_monthly_contribution_is_due_on_the_10th_of_the_next_month() -> None:
    assert timing.next_due(date(2026, 11, 24)) == date(2026, 12, 10)
    assert timing.next_due(date(2026, 12, 5)) == date(2027, 1, 10)
    assert timing.next_due(date(2027, 1, 31)) == date(2027, 2, 10)


def test_card_and_eid_dates_follow_the_payment() -> None:
    paid = date(2026, 11, 24)
    assert timing.eid_from(paid) == date(2026, 11, 25)
    assert timing.card_expected_by(paid) == date(2026, 12, 8)


def test_an_fktp_change_is_allowed_after_3_months_and_takes_effect_the_month_after() -> None:
    allowed = timing.fktp_change_allowed_from(date(2026, 11, 30))
    assert allowed == date(2027, 2, 28)
    # Asked too early: it can take effect only after it is allowed.
    assert timing.fktp_change_effective(date(2026, 12, 5), allowed) == date(2027, 3, 1)
    # Asked in time: the first of the month after the request.
    assert timing.fktp_change_effective(date(2027, 4, 10), allowed) == date(2027, 5, 1)


def test_a_class_change_is_allowed_after_12_months() -> None:
    assert timing.class_change_allowed_from(date(2026, 2, 28)) == date(2027, 2, 28)


def test_a_draft_untouched_for_a_week_counts_as_abandoned() -> None:
    assert not timing.draft_abandoned(date(2026, 11, 18), date(2026, 11, 24))
    assert timing.draft_abandoned(date(2026, 11, 17), date(2026, 11, 24))


def test_registration_and_payment_dates_come_from_the_case() -> None:
    now = datetime(2026, 11, 1, 3, 0)
    case = Case(code="AAAA0001", created_at=now, updated_at=now)
    assert timing.registered_on(case) is None and timing.fktp_since(case) is None
    case.va_issued_at = datetime(2026, 11, 2, 3, 0)
    assert timing.registered_on(case) == date(2026, 11, 2)  # a case recorded by hand
    case.submitted_at = now
    assert timing.registered_on(case) == date(2026, 11, 1)
    case.paid_at = datetime(2026, 11, 20, 3, 0)
    assert timing.paid_on(case) == date(2026, 11, 20)  # recorded before the payment date existed
    case.paid_on = date(2026, 11, 18)
    assert timing.paid_on(case) == timing.fktp_since(case) == date(2026, 11, 18)
