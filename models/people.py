"""The civil registry as the kiosk knows it: families (KK), persons and existing JKN cover."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class Family(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kk_number: str = Field(max_length=16, unique=True, index=True)
    address: str = Field(default="", max_length=200)
    rt: str = Field(default="", max_length=3)
    rw: str = Field(default="", max_length=3)
    # The dusun (hamlet) as the village's data names it, upper-case: outreach walks by it.
    dusun: str = Field(default="", max_length=60, index=True)
    region_code: str = Field(default="", max_length=10, index=True)
    # Set when the civil registry replaced this KK (move, death of the head, divorce, split).
    replaced_by: str | None = Field(default=None, max_length=16, index=True)
    # "import", "demo", "manual" (typed from the paper KK by an operator) or "carried"
    # (a replaced KK's members carried over to its new number).
    source: str = Field(default="import", max_length=10)
    # The household's DTSEN decile (1 poorest .. 10), where it came from and when it was said:
    # it decides which routes back into JKN a family may take (kiosk.rules.routes).
    desil: int | None = None
    desil_source: str = Field(default="", max_length=60)
    desil_as_of: date | None = None


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, unique=True, index=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    name: str = Field(max_length=100)
    sex: str = Field(max_length=1)  # "L" or "P"
    birth_place: str = Field(default="", max_length=60)
    birth_date: date
    relation: int = Field(default=11)  # SHDK code, see kiosk.rules.relations


class Coverage(SQLModel, table=True):
    """What the desk knows of one person's JKN participation, keyed by NIK: a dated claim
    (a row of an imported list, or the answer of a check the operator made by hand), never
    the truth itself (kiosk.rules.standing says what it is worth today)."""

    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, unique=True, index=True)
    card_number: str = Field(default="", max_length=13, index=True)  # "" when not in JKN
    segment: str = Field(default="", max_length=16)
    fktp_code: str = Field(default="", max_length=8)
    # "active", "inactive", "unknown" (listed, status not said) or "none" (a check found the
    # person is not in JKN).
    status: str = Field(default="unknown", max_length=8)
    as_of: date | None = None  # the day it was true; None: nobody said
    inactive_since: date | None = None
    # Where it came from: "file:<name>", "check:<channel>", "opensid:<name>", "demo".
    source: str = Field(default="", max_length=60)
    checked_by: int | None = Field(default=None, foreign_key="operator.id")
