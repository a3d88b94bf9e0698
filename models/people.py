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
    region_code: str = Field(default="", max_length=10, index=True)
    # Set when the civil registry replaced this KK (move, death of the head, divorce, split).
    replaced_by: str | None = Field(default=None, max_length=16, index=True)
    # "import", "demo", "manual" (typed from the paper KK by an operator) or "carried"
    # (a replaced KK's members carried over to its new number).
    source: str = Field(default="import", max_length=10)


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
    """Existing JKN participation (PBI lists and the like), keyed by NIK."""

    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, unique=True, index=True)
    card_number: str = Field(max_length=13, index=True)
    segment: str = Field(max_length=10)
    fktp_code: str = Field(default="", max_length=8)
