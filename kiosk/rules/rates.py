"""PBPU (self-paying) contribution rates, per person per month, in a dated table.

A new regulation is a new row here, not a code change elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.base import clock


@dataclass(frozen=True)
class Rate:
    kelas: int
    full: int  # the rate set by regulation
    paid: int  # what the participant pays (Kelas III is partly subsidised)


# Perpres 64/2020, in force since 2020-07-01.
RATE_TABLE: list[tuple[date, dict[int, Rate]]] = [
    (
        date(2020, 7, 1),
        {1: Rate(1, 150_000, 150_000), 2: Rate(2, 100_000, 100_000), 3: Rate(3, 42_000, 35_000)},
    ),
]

CLASSES = (1, 2, 3)


def rate(kelas: int, on: date | None = None) -> Rate:
    on = on or clock.today()
    for since, table in sorted(RATE_TABLE, key=lambda row: row[0], reverse=True):
        if since <= on:
            if kelas not in table:
                raise ValueError(f"no class {kelas}")
            return table[kelas]
    raise ValueError(f"no rate in force on {on}")


def family_total(kelas: int, new_members: int, on: date | None = None) -> int:
    """What the family pays each month: covered members are not counted."""
    return rate(kelas, on).paid * new_members


def roman(kelas: int | None) -> str:
    """1 -> 'I': classes are written in Roman numerals on every form and card."""
    return {1: "I", 2: "II", 3: "III"}.get(kelas or 0, "-")


def rupiah(amount: int) -> str:
    """150000 -> 'Rp150.000' (Indonesian thousands separator)."""
    return "Rp" + f"{amount:,}".replace(",", ".")
