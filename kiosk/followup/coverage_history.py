"""The village's cover over time: a snapshot per dusun at each import (a new list changes what
the desk knows) and one for each month, kept up to date by every look at the map until the
month ends, so a village head can show the road travelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kiosk.followup import outreach
from kiosk.rules.outreach import pct
from models import CoverageSnapshot


def take(
    session: Session, trigger: str, village: outreach.VillageMap | None = None
) -> list[CoverageSnapshot]:
    """Today's cover per village and dusun, kept (replacing one taken today for the same
    reason: an import run twice in a day is one step on the road). Commits."""
    village = village or outreach.build(session)
    return _replace(session, village, trigger, village.today)


def record_month(session: Session, village: outreach.VillageMap) -> None:
    """This month's record, replaced by where the village stands today: whoever looks at the
    map last in a month leaves its month-end record (a desk is not always open on the last
    day). Commits."""
    if village.households:
        _replace(session, village, "monthly", village.today.replace(day=1))


def _replace(
    session: Session, village: outreach.VillageMap, trigger: str, since: date
) -> list[CoverageSnapshot]:
    """The village's records of `trigger` taken since `since`, replaced by today's."""
    for old in session.exec(
        select(CoverageSnapshot).where(
            CoverageSnapshot.trigger == trigger, col(CoverageSnapshot.taken_on) >= since
        )
    ):
        session.delete(old)
    rows = [
        CoverageSnapshot(
            taken_on=village.today, trigger=trigger, region_code=key[0], dusun=key[1],
            residents=tally.residents, covered=tally.covered, checking=tally.check,
            inactive=tally.inactive, uncovered=tally.none,
        )
        for key, tally in village.level("dusun")
    ]  # fmt: skip
    session.add_all(rows)
    session.commit()
    return rows


@dataclass(frozen=True)
class Point:
    """The village (or one dusun) on one day."""

    day: date
    residents: int
    covered: int
    registered: int

    @property
    def coverage_pct(self) -> float:
        return pct(self.registered, self.residents)

    @property
    def active_pct(self) -> float:
        return pct(self.covered, self.registered)


def history(
    session: Session, start: date | None = None, end: date | None = None, dusun: str | None = None
) -> list[Point]:
    """The village's cover (or a dusun's) on each day a snapshot was taken, oldest first; on
    a day with several, the last taken."""
    stmt = select(CoverageSnapshot).order_by(
        col(CoverageSnapshot.taken_on), col(CoverageSnapshot.id)
    )
    if start is not None:
        stmt = stmt.where(col(CoverageSnapshot.taken_on) >= start)
    if end is not None:
        stmt = stmt.where(col(CoverageSnapshot.taken_on) <= end)
    if dusun is not None:
        stmt = stmt.where(CoverageSnapshot.dusun == dusun)
    last: dict[tuple[date, str, str], CoverageSnapshot] = {}
    for row in session.exec(stmt):
        last[(row.taken_on, row.region_code, row.dusun)] = row  # a later one of the day wins
    days: dict[date, list[int]] = {}
    for (day, _, _), row in last.items():
        sums = days.setdefault(day, [0, 0, 0])
        sums[0] += row.residents
        sums[1] += row.covered
        sums[2] += row.covered + row.checking + row.inactive
    return [Point(day, *sums) for day, sums in sorted(days.items())]


def dusun_on(session: Session, day: date) -> dict[tuple[str, ...], float]:
    """Each dusun's coverage in percent as recorded on that day (the last record of the day)."""
    found: dict[tuple[str, ...], float] = {}
    for row in session.exec(
        select(CoverageSnapshot)
        .where(CoverageSnapshot.taken_on == day)
        .order_by(col(CoverageSnapshot.id))
    ):
        registered = row.covered + row.checking + row.inactive
        found[(row.region_code, row.dusun)] = pct(registered, row.residents)
    return found


def today_point(village: outreach.VillageMap) -> Point:
    t = village.total
    return Point(village.today, t.residents, t.covered, t.registered)
