"""What a village head shows of the road to universal cover: the village and each dusun now
and at the period's start, the village's cover on each day it was recorded, and the agents'
visits and the registrations that followed, week by week."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.followup import coverage_history, outreach, visits
from kiosk.followup.coverage_history import Point
from kiosk.rules import regions
from models import Visit


@dataclass(frozen=True)
class DusunRow:
    dusun: str
    residents: int
    coverage_pct: float
    active_pct: float
    families_lacking: int
    then_pct: float | None  # at the period's first record; None: none then

    @property
    def change(self) -> float | None:
        return None if self.then_pct is None else round(self.coverage_pct - self.then_pct, 1)


@dataclass
class CoverageReport:
    start: date
    end: date
    village: outreach.VillageMap
    dusun: list[DusunRow]
    history: list[Point]  # the village on each day recorded in the period, today last
    weeks: list[tuple[date, str, int, int]]  # (week's Monday, agent, visits, registered)
    outcomes: Counter[str]  # the period's visits by what they found

    @property
    def villages(self) -> str:
        return ", ".join(
            (regions.name(key[0]) or key[0]).title() for key, _ in self.village.level("region")
        )


def build(session: Session, start: date | None = None, end: date | None = None) -> CoverageReport:
    """From `start` (default: the first day recorded) to `end` (default: today). Today's map
    is this month's record (kiosk.followup.coverage_history.record_month)."""
    today = clock.today()
    village = outreach.build(session, today)
    coverage_history.record_month(session, village)
    end = end or today
    past = coverage_history.history(session, start, end)
    start = start or (past[0].day if past else today)
    points = [p for p in past if p.day < today]
    if end >= today:
        points.append(coverage_history.today_point(village))
    then = coverage_history.dusun_on(session, past[0].day) if past else {}
    dusun = [
        DusunRow(key[1], tally.residents, tally.coverage_pct, tally.active_pct,
                 tally.families_lacking, then.get(key))
        for key, tally in village.level("dusun")
    ]  # fmt: skip
    agents = visits.by_agent(session, start, end)
    weeks = sorted(
        (week, agent, agents.visits.get((agent, week), 0), agents.registered.get((agent, week), 0))
        for agent, week in set(agents.visits) | set(agents.registered)
    )
    outcomes = Counter(
        session.exec(
            select(Visit.outcome).where(col(Visit.day) >= start, col(Visit.day) <= end)
        ).all()
    )
    return CoverageReport(start, end, village, dusun, points, weeks, outcomes)
