"""The village's road to universal cover: door-to-door visits and coverage over time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


class Visit(SQLModel, table=True):
    """One family visited by an outreach agent, and what came of it (kiosk.followup.visits)."""

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    day: date = Field(index=True)  # the day of the visit
    at: datetime = Field(sa_type=DateTime)  # when it was recorded
    agent: str = Field(default="", max_length=60)  # who walked (a kader, the village's agent)
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    kiosk: str = Field(default="", max_length=40)
    # not_home, will_come, refused, moved, deceased, covered_elsewhere, registered
    outcome: str = Field(max_length=18)
    reason: str = Field(default="", max_length=16)  # refused: why
    come_by: date | None = None  # will_come: the day the family said it would come by
    note: str = Field(default="", max_length=200)


class CoverageSnapshot(SQLModel, table=True):
    """The village's cover on a day, per dusun: taken at each import and each month's end, so
    a village head can show the road travelled (kiosk.followup.outreach)."""

    id: int | None = Field(default=None, primary_key=True)
    taken_on: date = Field(index=True)
    trigger: str = Field(max_length=10)  # import, monthly
    region_code: str = Field(max_length=10)
    dusun: str = Field(default="", max_length=60)
    residents: int = 0
    covered: int = 0  # active, said within the desk's window
    checking: int = 0  # a claim that needs a check by hand
    inactive: int = 0
    uncovered: int = 0  # no cover known
