"""Door-to-door visits (PESIAR's "Sisir"): what an agent found at each family, the families who
said they would come to the desk and have not, and the work of each agent by week."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from kiosk.base import clock, config, text
from kiosk.base.errors import Problem, WorkflowError
from kiosk.cases import lifecycle
from kiosk.cases.kinds import REGISTRATION
from kiosk.desk import audit
from kiosk.rules import outreach, relations
from models import Case, Family, Person, Visit

NOTE_MAX = 200
AGENT_MAX = 60


@dataclass(frozen=True)
class Entry:
    """A visit as the form gives it; "" for what was not chosen or typed."""

    outcome: str
    agent: str
    day: str = ""  # the visit's day as typed; "": today
    reason: str = ""  # refused: why (outreach.REFUSAL_REASONS)
    come_by: str = ""  # will_come: the day as typed; "": a week on
    note: str = ""


@dataclass(frozen=True)
class Checked:
    outcome: str
    agent: str
    day: date
    reason: str
    come_by: date | None
    note: str


def check(entry: Entry, today: date) -> Checked | dict[str, Problem]:
    """The visit as it will be kept, or what is wrong with it, per field."""
    found: dict[str, Problem] = {}
    if entry.outcome not in outreach.VISIT_OUTCOMES:
        found["outcome"] = Problem("visit.outcome_missing")
    agent = " ".join(entry.agent.split())
    if (control := text.control_problem(entry.agent)) is not None:
        found["agent"] = control
    elif not agent:
        found["agent"] = Problem("visit.agent_missing")
    elif text.holds_number(agent) or len(agent) > AGENT_MAX:
        found["agent"] = Problem("visit.agent_bad", {"max": AGENT_MAX})
    day = _day(entry.day, today, found, "day")
    if day is not None and day > today:
        found["day"] = Problem("visit.day_future")
    reason = entry.reason if entry.outcome == "refused" else ""
    if entry.outcome == "refused" and reason not in outreach.REFUSAL_REASONS:
        found["reason"] = Problem("visit.reason_missing")
    come_by = None
    if entry.outcome == "will_come":
        come_by = _day(entry.come_by, None, found, "come_by")
        if come_by is None and "come_by" not in found and day is not None:
            come_by = day + timedelta(days=outreach.WILL_COME_DAYS)
        elif come_by is not None and day is not None and come_by < day:
            found["come_by"] = Problem("visit.come_by_past")
    note = " ".join(entry.note.split())
    if reason == "other" and not note:
        found["note"] = Problem("visit.note_needed")
    elif (wrong := text.note_problem(entry.note, NOTE_MAX)) is not None:
        found["note"] = wrong
    if found or day is None:
        return found
    return Checked(entry.outcome, agent, day, reason, come_by, note)


def _day(raw: str, default: date | None, found: dict[str, Problem], name: str) -> date | None:
    if (control := text.control_problem(raw)) is not None:
        found[name] = control
        return None
    if not raw.strip():
        return default
    day = clock.parse_date(raw)
    if day is None:
        found[name] = Problem("visit.date_bad")
    return day


def record(session: Session, family_id: int, entry: Entry, operator_id: int | None) -> Visit:
    """Keep a visit (refused with its first problem, nothing kept); audited without the note."""
    checked = check(entry, clock.today())
    if isinstance(checked, dict):
        raise WorkflowError(next(iter(checked.values())))
    if session.get(Family, family_id) is None:
        raise WorkflowError(Problem("visit.family_gone"))
    row = Visit(
        family_id=family_id, day=checked.day, at=clock.utcnow(), agent=checked.agent,
        operator_id=operator_id, kiosk=config.kiosk_name()[:40], outcome=checked.outcome,
        reason=checked.reason, come_by=checked.come_by, note=checked.note,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, "visit_recorded", operator_id=operator_id,
                 detail=f"{row.id} {checked.outcome} {checked.reason}".strip())  # fmt: skip
    session.commit()
    return row


@dataclass(frozen=True)
class Due:
    """A family that said it would come to the desk and has not by its day."""

    family_id: int
    kk: str
    head: str
    come_by: date
    agent: str


def due(session: Session, today: date | None = None) -> list[Due]:
    """Families whose last visit said "will come", past the day they gave, with no case
    begun for them since."""
    today = today or clock.today()
    last: dict[int, Visit] = {}
    for visit in session.exec(
        select(Visit).where(col(Visit.family_id).in_(
            select(Visit.family_id).where(Visit.outcome == "will_come")
        )).order_by(col(Visit.day), col(Visit.id))
    ):  # fmt: skip
        last[visit.family_id] = visit
    waiting = {
        fid: v for fid, v in last.items()
        if v.outcome == "will_come" and v.come_by is not None and v.come_by < today
    }  # fmt: skip
    if not waiting:
        return []
    families = {
        f.id: f for f in session.exec(select(Family).where(col(Family.id).in_(list(waiting))))
    }
    heads = dict(
        session.exec(
            select(Person.family_id, Person.name).where(
                col(Person.family_id).in_(list(waiting)), Person.relation == relations.HEAD
            )
        ).all()
    )
    found = []
    for fid, visit in waiting.items():
        family = families.get(fid)
        if family is None or _came(session, family.kk_number, visit):
            continue
        assert visit.come_by is not None
        found.append(Due(fid, family.kk_number, heads.get(fid, ""), visit.come_by, visit.agent))
    found.sort(key=lambda d: (d.come_by, d.family_id))
    return found


def _came(session: Session, kk: str, visit: Visit) -> bool:
    """Whether a case was begun for the family since the visit was recorded."""
    return (
        session.exec(
            select(Case.id).where(Case.kk_number == kk, col(Case.created_at) >= visit.at).limit(1)
        ).first()
        is not None
    )


def family_kk(session: Session, family_id: int) -> str | None:
    """The KK of the family a sheet's QR names (None: no longer in the village's data)."""
    family = session.get(Family, family_id)
    return family.kk_number if family is not None and family.replaced_by is None else None


def week_of(day: date) -> date:
    """The Monday a day's week begins on: a week is counted by it."""
    return day - timedelta(days=day.weekday())


@dataclass
class AgentWeeks:
    """Per agent and week: families visited, and families registered after a visit."""

    visits: Counter[tuple[str, date]]
    registered: Counter[tuple[str, date]]


def by_agent(session: Session, start: date, end: date) -> AgentWeeks:
    """Visits of the period per agent and week; a registration counts for the agent whose
    visit came last before it (a visit finding the family registered counts the same), once
    per family."""
    visits: Counter[tuple[str, date]] = Counter()
    rows = list(
        session.exec(select(Visit).where(Visit.day <= end).order_by(col(Visit.at), col(Visit.id)))
    )
    for v in rows:
        if v.day >= start:
            visits[(v.agent, week_of(v.day))] += 1
    registered: Counter[tuple[str, date]] = Counter()
    counted: set[int] = set()
    for v in rows:
        if v.outcome == "registered" and v.day >= start and v.family_id not in counted:
            counted.add(v.family_id)
            registered[(v.agent, week_of(v.day))] += 1
    kks = {
        f.id: f.kk_number
        for f in session.exec(select(Family).where(col(Family.id).in_({v.family_id for v in rows})))
    }
    by_kk: dict[str, list[Visit]] = {}
    for v in rows:
        by_kk.setdefault(kks.get(v.family_id, ""), []).append(v)
    cases = session.exec(
        select(Case).where(
            col(Case.kk_number).in_([k for k in by_kk if k]), Case.kind == REGISTRATION,
            col(Case.status).in_(lifecycle.REGISTERED),
        )
    )  # fmt: skip
    for case in cases:
        day = clock.to_local(case.created_at).date()
        before = [v for v in by_kk.get(case.kk_number, []) if v.at <= case.created_at]
        if not before or not start <= day <= end or before[-1].family_id in counted:
            continue
        counted.add(before[-1].family_id)
        registered[(before[-1].agent, week_of(day))] += 1
    return AgentWeeks(visits, registered)
