"""Arrears of a self-paying (PBPU/BP) family: how many months are owed, what BPJS bills, the
instalment plans of New REHAB 2.0, and the inpatient penalty after cover returns.

BPJS bills at most 24 months of arrears, whatever the count. New REHAB 2.0 (launched
2025-02-03) lets a family with 4 to 24 months of arrears pay them in instalments over at most
12 months or half the months in arrears, whichever is fewer; each instalment carries the
month's own contribution too. A family that moved segment with at least 2 months of old
arrears may spread them over up to 36 months, from Rp35.000 per person per month. BPJS's own
officers disagree on whether cover returns after the first or the last instalment, so the
kiosk says both, unconfirmed, and promises neither. The sources: kiosk.rules.sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.rules.timing import DUE_DAY, add_months

BILLED_MAX_MONTHS = 24
REHAB_SINCE = date(2025, 2, 3)
REHAB_MIN_MONTHS = 4
REHAB_MAX_MONTHS = 24
REHAB_MAX_INSTALMENTS = 12
MOVED_MIN_MONTHS = 2
MOVED_MAX_INSTALMENTS = 36
MOVED_MIN_PER_PERSON = 35_000
# Where BPJS's officers disagree: cover returns after the first instalment (an officer of the
# Pematangsiantar branch, December 2025) or after the last (the launch, February 2025).
COVER_RETURNS = ("after_first", "after_last")

# The service penalty (denda pelayanan) for inpatient care soon after cover returns.
PENALTY_DAYS = 45
PENALTY_PERCENT = 5  # of the INA-CBG tariff, per month in arrears
PENALTY_MAX_MONTHS = 12
PENALTY_CAP = 30_000_000


def months_owed(last_paid: date, today: date) -> int:
    """Months in arrears after a payment on `last_paid`: each month after it whose due day
    (the 10th) has passed unpaid. Paid on 5 March, on 11 June: April, May and June owed."""
    months = (today.year - last_paid.year) * 12 + today.month - last_paid.month
    if today.day <= DUE_DAY:  # this month's contribution is not late yet
        months -= 1
    return max(months, 0)


def billed_months(months: int) -> int:
    return min(max(months, 0), BILLED_MAX_MONTHS)


def bill(months: int, monthly_total: int) -> int:
    """What BPJS bills for the arrears of a family paying `monthly_total` a month."""
    return billed_months(months) * monthly_total


def rehab_refused(months: int, moved_segment: bool = False) -> str:
    """Why New REHAB 2.0 is not open to these arrears ("" when it is): "too_few" or
    "too_many" months (a family that moved segment: "too_few" below 2)."""
    if moved_segment:
        return "too_few" if months < MOVED_MIN_MONTHS else ""
    if months < REHAB_MIN_MONTHS:
        return "too_few"
    return "too_many" if months > REHAB_MAX_MONTHS else ""


def rehab_instalments(months: int, persons: int = 1, monthly_total: int = 0,
                      moved_segment: bool = False) -> int:  # fmt: skip
    """How many instalments a plan may have: at most 12 or half the months, whichever is
    fewer; after a segment move, at most 36 and none below Rp35.000 a person."""
    if rehab_refused(months, moved_segment):
        return 0
    if not moved_segment:
        return min(REHAB_MAX_INSTALMENTS, months // 2)
    least = MOVED_MIN_PER_PERSON * max(persons, 1)
    owed = bill(months, monthly_total)
    return max(1, min(MOVED_MAX_INSTALMENTS, owed // least))


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    arrears: int  # the share of the arrears
    current: int  # the month's own contribution

    @property
    def amount(self) -> int:
        return self.arrears + self.current


def rehab_plan(months: int, monthly_total: int, start: date, count: int) -> list[Instalment]:
    """A plan of `count` instalments: the arrears in equal shares (the rupiah left over on the
    first), each with the month's contribution; the first due on `start`, the next ones on
    the due day of each following month."""
    if count < 1:
        return []
    owed = bill(months, monthly_total)
    share, left = divmod(owed, count)
    return [
        Instalment(
            n,
            start if n == 1 else add_months(start.replace(day=1), n - 1).replace(day=DUE_DAY),
            share + (left if n == 1 else 0),
            monthly_total,
        )
        for n in range(1, count + 1)
    ]


def penalty(tariff: int, months: int) -> int:
    """The service penalty on an inpatient stay of `tariff` (INA-CBG) within 45 days after
    cover returns, for `months` in arrears."""
    counted = min(max(months, 0), PENALTY_MAX_MONTHS)
    return min(tariff * PENALTY_PERCENT * counted // 100, PENALTY_CAP)


def penalty_terms() -> dict[str, object]:
    """The penalty's terms, as every paper and notice says them."""
    return {
        "days": PENALTY_DAYS, "percent": PENALTY_PERCENT, "max_months": PENALTY_MAX_MONTHS,
        "cap_juta": PENALTY_CAP // 1_000_000,
    }  # fmt: skip
