"""The village's map of cover and the families to visit (PESIAR's "Petakan"): every resident's
cover from the claims the desk holds, judged by the same rule as the member review
(kiosk.rules.standing), counted by village, dusun, RW and RT; and each family lacking cover
with the way suggested to cover it (kiosk.rules.routes).

Read with plain rows, not ORM objects: a kecamatan of 60,000 residents is read in one pass.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.cases import lifecycle
from kiosk.cases.kinds import REGISTRATION
from kiosk.desk import settings
from kiosk.registry import coverage
from kiosk.rules import outreach, relations, routes, standing
from models import Case, CaseMember, Coverage, Family, Person, Visit

# Levels of the map, each a longer key: (region,), (region, dusun), ... (…, rt).
LEVELS = ("region", "dusun", "rw", "rt")
# A kiosk registration's card, as a claim: self-paying, active from the day it was recorded.
_CASE_SEGMENT = "PBPU"


@dataclass(frozen=True, slots=True)  # one per resident: a kecamatan holds 60,000
class Resident:
    nik: str
    name: str
    relation: int
    state: str  # kiosk.rules.outreach.STATES
    why: str  # check: standing's why; inactive: standing.inactive_cause
    segment: str
    inactive_since: date | None


@dataclass(frozen=True, slots=True)
class LastVisit:
    day: date
    outcome: str
    agent: str
    come_by: date | None


@dataclass(slots=True)
class Household:
    family_id: int
    kk: str
    address: str
    region: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    residents: list[Resident] = field(default_factory=list)
    open_case: str = ""  # the code of a case under way for the family (any kind)
    open_kind: str = ""
    visit: LastVisit | None = None
    route: str = ""  # suggested: a kiosk.rules.routes route, or outreach.CHECK
    until: date | None = None  # reactivation: Dinsos's deadline

    @property
    def head(self) -> str:
        head = relations.head_of(self.residents)
        return head.name if head else ""

    @property
    def lacking(self) -> list[Resident]:
        return [r for r in self.residents if r.state != "covered"]

    def area(self, level: str) -> tuple[str, ...]:
        return (self.region, self.dusun, self.rw, self.rt)[: LEVELS.index(level) + 1]


@dataclass
class Tally:
    """Residents and families of one area by cover."""

    residents: int = 0
    covered: int = 0
    check: int = 0
    inactive: int = 0
    none: int = 0
    families: int = 0
    families_lacking: int = 0
    segments: Counter[str] = field(default_factory=Counter)  # covered, by segment
    causes: Counter[str] = field(default_factory=Counter)  # inactive, by cause

    def add(self, household: Household) -> None:
        self.families += 1
        self.families_lacking += bool(household.lacking)
        for r in household.residents:
            self.residents += 1
            setattr(self, r.state, getattr(self, r.state) + 1)
            if r.state == "covered":
                self.segments[standing.SHORT_SEGMENT.get(r.segment, r.segment) or "JKN"] += 1
            elif r.state == "inactive":
                self.causes[r.why] += 1

    @property
    def registered(self) -> int:
        """In JKN by the desk's claims, active or not (the coverage BPJS counts)."""
        return self.covered + self.check + self.inactive

    @property
    def coverage_pct(self) -> float:
        return outreach.pct(self.registered, self.residents)

    @property
    def active_pct(self) -> float:
        return outreach.pct(self.covered, self.registered)

    @property
    def recognised(self) -> bool:
        return outreach.recognised(self.coverage_pct)

    @property
    def uhc(self) -> bool:
        return outreach.uhc(self.coverage_pct, self.active_pct)


@dataclass(frozen=True)
class Filter:
    region: str | None = None  # a village's code (a kecamatan's desk holds several)
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None
    route: str | None = None
    desil_max: int | None = None  # desil at most this (an unknown desil is left out)
    has_case: bool | None = None  # None: either
    gone: bool = False  # also families a visit found moved away or deceased

    def keeps(self, h: Household) -> bool:
        return (
            (self.gone or h.visit is None or h.visit.outcome not in outreach.GONE)
            and (self.region is None or h.region == self.region)
            and (self.dusun is None or h.dusun == self.dusun)
            and (self.rw is None or h.rw == self.rw)
            and (self.rt is None or h.rt == self.rt)
            and (self.route is None or h.route == self.route)
            and (self.desil_max is None or (h.desil is not None and h.desil <= self.desil_max))
            and (self.has_case is None or bool(h.open_case) == self.has_case)
        )


@dataclass
class VillageMap:
    today: date
    households: list[Household]
    areas: dict[tuple[str, ...], Tally]
    total: Tally

    def level(
        self, level: str, within: tuple[str, ...] = ()
    ) -> list[tuple[tuple[str, ...], Tally]]:
        """The areas of one level (inside `within`), in the order a walk takes them."""
        size = LEVELS.index(level) + 1
        return sorted(
            (key, tally) for key, tally in self.areas.items()
            if len(key) == size and key[: len(within)] == within
        )  # fmt: skip

    def targets(self, wanted: Filter = Filter()) -> list[Household]:
        """Families with anyone lacking active cover, area by area, street by street."""
        return [h for h in self.households if h.lacking and wanted.keeps(h)]


def _claim_state(
    segment: str | None, status: str | None, as_of: date | None, since: date | None,
    today: date, window: int,
) -> tuple[str, str]:  # fmt: skip
    if status is None:  # the desk holds no claim: no known cover
        return "none", ""
    found = standing.standing(segment or "", status, as_of, today, window)
    if found.state == "inactive":
        return "inactive", standing.inactive_cause(segment or "")
    return found.state, found.why


def _registered_by_desk(session: Session) -> dict[str, date]:
    """NIK -> the day a registration at this desk made the person active (a card read)."""
    rows = session.exec(
        select(CaseMember.nik, Case.activated_at)
        .join(Case, col(Case.id) == CaseMember.case_id)
        .where(Case.status == "active", Case.kind == REGISTRATION, col(CaseMember.is_new))
    ).all()
    return {nik: clock.to_local(at).date() for nik, at in rows if at is not None}


def _cases_under_way(session: Session) -> dict[str, tuple[str, str]]:
    rows = session.exec(
        select(Case.kk_number, Case.code, Case.kind)
        .where(col(Case.status).in_(lifecycle.IN_PROGRESS), Case.kk_number != "")
        .order_by(col(Case.id))
    ).all()
    return {kk: (code, kind) for kk, code, kind in rows}


def last_visits(session: Session) -> dict[int, LastVisit]:
    rows = session.connection().execute(
        sa_select(
            col(Visit.family_id), col(Visit.day), col(Visit.outcome), col(Visit.agent),
            col(Visit.come_by),
        ).order_by(col(Visit.day), col(Visit.id))
    )  # fmt: skip
    return {
        fid: LastVisit(day, outcome, agent, come_by) for fid, day, outcome, agent, come_by in rows
    }


def suggest(h: Household, uhc: str, today: date) -> tuple[str, date | None]:
    """The way to cover a family's gap: "check" when every member lacking cover holds a claim to
    check (they may be covered after all), else the first route open to it."""
    lacking = h.lacking
    if not lacking:
        return "", None
    if all(r.state == "check" for r in lacking):
        return outreach.CHECK, None
    dropped = [
        r.inactive_since for r in lacking
        if r.state == "inactive" and r.segment in standing.PBI_SEGMENTS
    ]  # fmt: skip
    first = routes.offers(dropped, h.desil, uhc, today)[0]
    until = first.params.get("until")
    return first.route, until if isinstance(until, date) else None


def route_words(route: str) -> str:
    """A suggested way in the operator's words."""
    from kiosk.base.i18n import t

    return t("outreach.route.check") if route == outreach.CHECK else t(f"route.{route}")


def build(session: Session, today: date | None = None) -> VillageMap:
    """The map of every resident the desk holds."""
    today = today or clock.today()
    window = coverage.window_days(session)
    uhc = settings.get(session, "uhc_status")
    by_desk = _registered_by_desk(session)
    under_way = _cases_under_way(session)
    visits = last_visits(session)
    stmt = (
        sa_select(
            col(Family.id), col(Family.kk_number), col(Family.address), col(Family.region_code),
            col(Family.dusun), col(Family.rw), col(Family.rt), col(Family.desil),
            col(Person.nik), col(Person.name), col(Person.relation), col(Coverage.segment),
            col(Coverage.status), col(Coverage.as_of), col(Coverage.inactive_since),
        )
        .join(Person, col(Person.family_id) == Family.id)
        .outerjoin(Coverage, col(Coverage.nik) == Person.nik)
        .where(col(Family.replaced_by).is_(None))
        .order_by(
            col(Family.region_code), col(Family.dusun), col(Family.rw), col(Family.rt),
            col(Family.address), col(Family.id), col(Person.relation), col(Person.id),
        )
    )  # fmt: skip
    households: list[Household] = []
    current: Household | None = None
    for (fid, kk, address, region, dusun, rw, rt, desil, nik, name, relation,
         segment, status, as_of, since) in session.connection().execute(stmt):  # fmt: skip
        if current is None or current.family_id != fid:
            current = Household(fid or 0, kk, address, region, dusun, rw, rt, desil)
            households.append(current)
        state, why = _claim_state(segment, status, as_of, since, today, window)
        desk_day = by_desk.get(nik)
        if desk_day is not None and (as_of is None or desk_day >= as_of):
            segment, since = _CASE_SEGMENT, None
            state, why = _claim_state(segment, "active", desk_day, None, today, window)
        current.residents.append(Resident(nik, name, relation, state, why, segment or "", since))
    areas: dict[tuple[str, ...], Tally] = {}
    total = Tally()
    for h in households:
        h.route, h.until = suggest(h, uhc, today)
        h.open_case, h.open_kind = under_way.get(h.kk, ("", ""))
        h.visit = visits.get(h.family_id)
        total.add(h)
        for level in LEVELS:
            key = h.area(level)
            tally = areas.get(key)
            if tally is None:
                tally = areas[key] = Tally()
            tally.add(h)
    return VillageMap(today, households, areas, total)


def dusun_names(session: Session) -> list[str]:
    rows = session.exec(
        select(Family.dusun).where(col(Family.replaced_by).is_(None)).group_by(col(Family.dusun))
    ).all()
    return sorted(d for d in rows if d)
