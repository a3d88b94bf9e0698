"""A baby added to a family already in JKN.

A newborn must be registered and its contribution paid within 28 days of birth, else the
contribution is owed from the birth month (Perpres 82/2018). A baby older than 3 months is
registered only with a NIK from Dukcapil. A baby whose mother is a PBI member is registered
by the family as PBI (through Dinsos), never put on a self-paying bill. The sources:
kiosk.rules.sources.
"""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.rules.timing import add_months

REGISTER_WITHIN_DAYS = 28
NIK_AFTER_MONTHS = 3
# What the family brings: the birth letter from the midwife or doctor, the parent's JKN card
# (the mother's, for a PBI mother), the KK.
DOCUMENTS = ("birth_letter", "parent_card", "kk")

IN_TIME = "in_time"  # register and pay by the deadline
LATE = "late"  # past 28 days: owed from the birth month
NEEDS_NIK = "needs_nik"  # past 3 months without a NIK: Dukcapil first
PBI_ROUTE = "pbi_route"  # the mother is PBI: the baby goes the PBI way, not on the bill


def deadline(birth: date) -> date:
    return birth + timedelta(days=REGISTER_WITHIN_DAYS)


def needs_nik_from(birth: date) -> date:
    """From this day, a baby without a Dukcapil NIK cannot be registered."""
    return add_months(birth, NIK_AFTER_MONTHS)


def state(birth: date, today: date, *, has_nik: bool, mother_pbi: bool) -> str:
    if mother_pbi:
        return PBI_ROUTE
    if today > needs_nik_from(birth) and not has_nik:
        return NEEDS_NIK
    return LATE if today > deadline(birth) else IN_TIME


def months_from_birth(birth: date, today: date) -> int:
    """The months owed by a late registration: the birth month to this one, both counted."""
    return max((today.year - birth.year) * 12 + today.month - birth.month + 1, 1)
