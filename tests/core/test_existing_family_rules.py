"""The rules for families already in JKN: a newborn's deadlines, arrears and New REHAB 2.0,
the inpatient penalty, FKTP and class changes with their exceptions."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.base.i18n import t
from kiosk.rules import arrears, newborn, sources, timing


def test_a_newborn_within_28_days_is_in_time_and_at_40_days_is_late() -> None:
    birth = date(2026, 11, 1)
    assert newborn.deadline(birth) == date(2026, 11, 29)
    assert newborn.state(birth, date(2026, 11, 29), has_nik=False, mother_pbi=False) == "in_time"
    assert newborn.state(birth, date(2026, 12, 11), has_nik=False, mother_pbi=False) == "late"
    # Late: owed from the birth month, November and December.
    assert newborn.months_from_birth(birth, date(2026, 12, 11)) == 2


def test_a_baby_past_three_months_needs_a_nik_and_a_pbi_mothers_baby_goes_the_pbi_way() -> None:
    birth = date(2026, 8, 20)
    assert newborn.needs_nik_from(birth) == date(2026, 11, 20)
    assert newborn.state(birth, date(2026, 11, 21), has_nik=False, mother_pbi=False) == "needs_nik"
    assert newborn.state(birth, date(2026, 11, 21), has_nik=True, mother_pbi=False) == "late"
    assert newborn.state(birth, date(2026, 8, 25), has_nik=False, mother_pbi=True) == "pbi_route"


@pytest.mark.parametrize(
    ("last_paid", "today", "owed"),
    [
        (date(2026, 3, 5), date(2026, 6, 11), 3),  # April, May, June
        (date(2026, 3, 5), date(2026, 6, 10), 2),  # June is not late on the 10th
        (date(2026, 6, 5), date(2026, 6, 20), 0),
        (date(2024, 1, 9), date(2026, 7, 15), 30),
    ],
)
def test_months_owed_count_the_due_days_passed_unpaid(
    last_paid: date, today: date, owed: int
) -> None:
    assert arrears.months_owed(last_paid, today) == owed


def test_thirty_months_of_arrears_are_billed_as_24() -> None:
    assert arrears.billed_months(30) == 24
    assert arrears.bill(30, 3 * 35_000) == 24 * 105_000
    assert arrears.bill(5, 35_000) == 175_000


def test_a_rehab_plan_for_10_months_has_5_instalments_that_add_up() -> None:
    count = arrears.rehab_instalments(10)
    assert count == 5
    plan = arrears.rehab_plan(10, 2 * 35_000, date(2026, 12, 7), count)
    assert [i.due_on for i in plan] == [
        date(2026, 12, 7), date(2027, 1, 10), date(2027, 2, 10), date(2027, 3, 10),
        date(2027, 4, 10),
    ]  # fmt: skip
    assert sum(i.arrears for i in plan) == 10 * 70_000
    assert all(i.current == 70_000 for i in plan)
    assert plan[0].amount == 140_000 + 70_000


def test_rehab_is_for_4_to_24_months_and_never_more_than_12_instalments() -> None:
    assert arrears.rehab_refused(3) == "too_few"
    assert arrears.rehab_refused(25) == "too_many"
    assert arrears.rehab_instalments(3) == 0
    assert arrears.rehab_instalments(5) == 2
    assert arrears.rehab_instalments(24) == 12
    # An uneven share: the rupiah left over go on the first instalment.
    plan = arrears.rehab_plan(7, 35_000, date(2026, 12, 7), 3)
    assert [i.arrears for i in plan] == [81_668, 81_666, 81_666]


def test_a_family_that_moved_segment_spreads_old_arrears_over_up_to_36_months() -> None:
    assert arrears.rehab_refused(1, moved_segment=True) == "too_few"
    # 2 months for 3 persons at Rp35.000: Rp210.000, at least Rp105.000 a month: 2 instalments.
    assert arrears.rehab_instalments(2, persons=3, monthly_total=105_000, moved_segment=True) == 2
    assert arrears.rehab_instalments(24, persons=1, monthly_total=150_000, moved_segment=True) == 36


def test_the_inpatient_penalty_counts_at_most_12_months_and_30_million() -> None:
    assert arrears.penalty(10_000_000, 3) == 1_500_000
    assert arrears.penalty(10_000_000, 20) == 6_000_000
    assert arrears.penalty(100_000_000, 12) == 30_000_000


def test_an_fktp_change_is_refused_at_2_months_and_allowed_with_a_domicile_letter() -> None:
    since, today = date(2026, 10, 7), date(2026, 12, 7)
    refused = timing.change_refused("fktp", since, today, active=True, arrears=0)
    assert refused is not None and refused.key == "change.fktp_too_soon"
    assert refused.params["date"] == "07-01-2027"
    assert timing.change_refused("fktp", since, today, active=True, arrears=0,
                                 exception="domicile_move") is None  # fmt: skip
    assert timing.FKTP_EXCEPTIONS["domicile_move"] == "domicile_letter"
    later = timing.change_refused("fktp", since, date(2027, 1, 7), active=True, arrears=0)
    assert later is None
    assert timing.change_effective(today) == date(2027, 1, 1)


def test_no_change_while_inactive_or_in_arrears_even_with_an_exception() -> None:
    since, today = date(2025, 1, 1), date(2026, 12, 7)
    inactive = timing.change_refused("fktp", since, today, active=False, arrears=0,
                                     exception="redistribution")  # fmt: skip
    assert inactive is not None and inactive.key == "change.not_active"
    owing = timing.change_refused("class", since, today, active=True, arrears=2)
    assert owing is not None and owing.key == "change.arrears"
    with pytest.raises(ValueError):
        timing.change_refused("fktp", since, today, active=True, arrears=0, exception="whim")


def test_a_class_change_needs_12_months() -> None:
    since = date(2025, 12, 8)
    early = timing.change_refused("class", since, date(2026, 12, 7), active=True, arrears=0)
    assert early is not None and early.key == "change.class_too_soon"
    assert timing.change_refused("class", since, date(2026, 12, 8), active=True, arrears=0) is None


def test_every_rule_is_described_with_the_numbers_the_modules_apply() -> None:
    terms = sources.terms()
    for rule in sources.RULES:
        assert "{" not in t(f"rule.{rule.key}", **terms), rule.key
    assert "24" in t("rule.arrears_cap", **terms)
    said = t("participation.penalty", **arrears.penalty_terms())
    assert "45" in said and "30" in said and "5%" in said
