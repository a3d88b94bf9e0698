"""Reports per period: what the desk did, why registrations failed, what is due, and the
per-FKTP table a partner clinic asks for. Real cases by default; training cases apart.

`build` reads a period's cases in a few queries; everything shown (screen, CLI, CSV, PDF)
is computed from the `Report` it returns, so the numbers agree wherever they are read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Protocol

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from kiosk.base import clock
from kiosk.base.errors import Problem
from kiosk.base.i18n import t
from kiosk.cases import lifecycle
from kiosk.cases.kinds import REGISTRATION
from kiosk.rules import timing
from models import (
    AuditEvent,
    Case,
    CaseMember,
    CaseStatus,
    Facility,
    Family,
    FktpChange,
    Operator,
    ServiceEntry,
)

PERIODS = ("today", "week", "month", "all")


# Statuses past the draft that count as registered (BPJS has the family).


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None

    def label(self) -> str:
        def day(value: date | None) -> str:
            return value.strftime("%d-%m-%Y") if value else "..."

        return f"{day(self.start)} - {day(self.end)}"


def period(kind: str, today: date) -> Period:
    """today, week (from Monday), month (from the 1st) or all."""
    if kind == "today":
        return Period(today, today)
    if kind == "week":
        return Period(today - timedelta(days=today.weekday()), today)
    if kind == "month":
        return Period(today.replace(day=1), today)
    return Period(None, None)


def typed_period(start_raw: str, end_raw: str) -> Period | Problem:
    """A period typed as HH-BB-TTTT (either end may be left empty)."""
    start = clock.parse_date(start_raw) if start_raw.strip() else None
    end = clock.parse_date(end_raw) if end_raw.strip() else None
    if start_raw.strip() and start is None:
        return Problem("report.bad_start")
    if end_raw.strip() and end is None:
        return Problem("report.bad_end")
    return reversed_period(start, end) or Period(start, end)


def reversed_period(start: date | None, end: date | None) -> Problem | None:
    """A period whose start comes after its end (typed on the screen or given to the command)."""
    return Problem("report.reversed") if start and end and start > end else None


class MemberFacts(Protocol):
    """What a report reads of a member (a row of five columns, not the whole member)."""

    case_id: int
    is_new: bool
    chosen_fktp: str
    card_fktp: str
    first_card_fktp: str


@dataclass
class CaseRow:
    case: Case
    operator: str
    members: list[MemberFacts]
    by_hand: bool  # the KK was not in the kiosk's data: typed from the paper KK or referred

    @property
    def new(self) -> int:
        return sum(1 for m in self.members if m.is_new)

    @property
    def covered(self) -> int:
        return len(self.members) - self.new

    @property
    def fktp(self) -> str:
        return " ".join(sorted({m.chosen_fktp for m in self.members if m.is_new and m.chosen_fktp}))

    @property
    def mismatches(self) -> int:
        from kiosk.cases.answers import card_differs

        return sum(1 for m in self.members if card_differs(m))


@dataclass
class FktpRow:
    code: str
    name: str
    families: int = 0  # families who chose it (registered, not cancelled)
    cards_with: int = 0  # first cards issued with it
    cards_other: Counter[str] = field(default_factory=Counter)  # first cards elsewhere, by code
    changes_asked: int = 0
    changes_done: int = 0
    redistributed: int = 0  # families BPJS moved away from it (their FKTP change's cause)

    @property
    def elsewhere(self) -> int:
        return sum(self.cards_other.values())

    def elsewhere_text(self) -> str:
        """The other FKTPs on its families' cards, and the families BPJS moved away from it."""
        said = [f"{code} x{n}" if n > 1 else code for code, n in self.cards_other.most_common()]
        if self.redistributed:
            said.append(t("report.fktp_redistributed", count=self.redistributed))
        return ", ".join(said)


class ServiceRow(Protocol):
    """What a report reads of a service-log entry (a row of columns, not the entry)."""

    day: date
    service: str
    topic: str
    outcome: str
    reason: str
    satisfaction: str
    operator: str


@dataclass
class Report:
    start: date | None
    end: date | None
    today: date
    training: bool = False  # the report shows training cases (else real ones)
    rows: list[CaseRow] = field(default_factory=list)
    other_kind: int = 0  # cases of the other kind in the period (training, when real)
    refused: dict[int, set[str]] = field(default_factory=dict)  # case id -> BPJS refusals
    changes: dict[int, list[FktpChange]] = field(default_factory=dict)
    facility_names: dict[str, str] = field(default_factory=dict)
    # The people served in the period as the service log has them (kiosk.cases.service_log).
    services: list[ServiceRow] = field(default_factory=list)
    # Cases of the other kinds in the period, by kind and status (kiosk.cases.kinds).
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    # FKTP changes caused by BPJS's redistribution in the period, by the FKTP left.
    redistributed: Counter[str] = field(default_factory=Counter)

    def _abandoned(self, case: Case) -> bool:
        last = clock.to_local(case.updated_at).date()
        return case.status == CaseStatus.DRAFT and timing.draft_abandoned(last, self.today)

    @cached_property
    def counted(self) -> list[CaseRow]:
        """The desk's work: every case but drafts nobody has touched for a week (read once
        the report is built; `build` fills the rows first)."""
        return [r for r in self.rows if not self._abandoned(r.case)]

    @property
    def abandoned(self) -> int:
        return len(self.rows) - len(self.counted)

    @property
    def by_status(self) -> Counter[str]:
        return Counter(r.case.status for r in self.counted)

    def statuses(self) -> list[tuple[str, int]]:
        """Counts by status in the lifecycle's order (draft first, closed last)."""
        order = [s.value for s in CaseStatus]
        return sorted(self.by_status.items(), key=lambda item: order.index(item[0]))

    @property
    def by_reason(self) -> Counter[str]:
        return Counter(r.case.reason for r in self.counted if r.case.reason)

    @property
    def by_operator(self) -> Counter[str]:
        return Counter(r.operator for r in self.counted)

    def operators(self) -> list[tuple[str, int, int, int, int]]:
        """(name, cases, registered, referred, cancelled) per operator, busiest first."""
        table: dict[str, list[int]] = {}
        for r in self.counted:
            row = table.setdefault(r.operator or "-", [0, 0, 0, 0])
            row[0] += 1
            row[1] += r.case.status in lifecycle.REGISTERED
            row[2] += r.case.status == CaseStatus.REFERRED
            row[3] += r.case.status == CaseStatus.CANCELLED
        return sorted(((n, *v) for n, v in table.items()), key=lambda x: (-x[1], x[0]))  # type: ignore[misc]

    def reasons(self) -> list[tuple[str, int]]:
        """Why registrations failed or were referred, as catalogue keys with counts; a case
        refused by BPJS and then registered still counts (the desk met the problem)."""
        counts: Counter[str] = Counter()
        for r in self.counted:
            refusals = self.refused.get(r.case.id or 0, set())
            counts["why.kk_not_in_data"] += r.by_hand
            counts["why.kk_not_found_bpjs"] += "kk_not_found" in refusals
            counts["why.already_registered"] += "already_registered" in refusals
            if r.case.status == CaseStatus.REFERRED:
                counts[f"why.referred.{r.case.reason}"] += 1
            if r.case.status == CaseStatus.CANCELLED:
                counts[f"why.cancelled.{r.case.reason}"] += 1
        return [(key, n) for key, n in counts.most_common() if n]

    @property
    def payments_pending(self) -> list[CaseRow]:
        return [r for r in self.rows if r.case.status == CaseStatus.VA_ISSUED]

    def payments(self) -> Counter[str]:
        """VA issued, not paid: early (BPJS takes no payment yet), due, overdue (past 30 days)."""
        states: Counter[str] = Counter()
        for r in self.payments_pending:
            registered = timing.registered_on(r.case)
            if registered is not None:
                states[timing.payment_window(registered).state(self.today)] += 1
        return states

    def cards(self) -> tuple[int, int]:
        """(paid but no card recorded, of which past the date it was expected)."""
        waiting = [r for r in self.rows if r.case.status == CaseStatus.PAID]
        late = 0
        for r in waiting:
            paid = timing.paid_on(r.case)
            late += paid is not None and self.today > timing.card_expected_by(paid)
        return len(waiting), late

    @property
    def fktp_mismatches(self) -> list[CaseRow]:
        return [r for r in self.rows if r.mismatches]

    def per_fktp(self) -> list[FktpRow]:
        """Per facility the families chose: cards issued with it and elsewhere, changes."""
        table: dict[str, FktpRow] = {}
        for r in self.counted:
            if r.case.status not in lifecycle.REGISTERED:
                continue
            chosen = {m.chosen_fktp for m in r.members if m.is_new and m.chosen_fktp}
            for code in chosen:
                row = table.setdefault(code, FktpRow(code, self.facility_names.get(code, "?")))
                row.families += 1
                changes = self.changes.get(r.case.id or 0, [])
                row.changes_asked += len(changes)
                row.changes_done += sum(1 for c in changes if c.done_on is not None)
            for m in r.members:
                if not (m.is_new and m.chosen_fktp and m.first_card_fktp):
                    continue
                row = table[m.chosen_fktp]
                if m.first_card_fktp == m.chosen_fktp:
                    row.cards_with += 1
                else:
                    row.cards_other[m.first_card_fktp] += 1
        for code, n in self.redistributed.items():
            row = table.setdefault(code, FktpRow(code, self.facility_names.get(code, "?")))
            row.redistributed += n
        return sorted(table.values(), key=lambda row: (-row.families, row.code))

    def per_day(self) -> list[tuple[date, int]]:
        """Registrations (BPJS has the family) per day over the period, days without any
        included, so a chart shows the gaps."""
        counts: Counter[date] = Counter()
        for r in self.counted:
            registered = timing.registered_on(r.case)
            if registered is not None:
                counts[registered] += 1
        if not counts:
            return []
        first = self.start or min(counts)
        last = min(self.end or self.today, self.today)
        last = max(last, max(counts))
        days = (last - first).days + 1
        return [(first + timedelta(days=n), counts[first + timedelta(days=n)]) for n in range(days)]


def build(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    *,
    training: bool = False,
    today: date | None = None,
) -> Report:
    """Cases created in the period; real ones only unless `training` (the simulator's
    practice cases are not the desk's work), with the count of the other kind beside."""
    today = today or clock.today()

    period = []
    if start is not None:
        period.append(col(Case.created_at) >= clock.day_start_utc(start))
    if end is not None:
        period.append(col(Case.created_at) < clock.day_start_utc(end + timedelta(days=1)))
    kind = col(Case.gateway) == "training" if training else col(Case.gateway) != "training"
    other = col(Case.gateway) != "training" if training else col(Case.gateway) == "training"
    # A family already in JKN served for another kind of case (arrears...) is counted apart:
    # the registration figures are registrations.
    registration = col(Case.kind) == REGISTRATION
    cases = list(
        session.exec(select(Case).where(kind, registration, *period).order_by(col(Case.created_at)))
    )
    report = Report(start, end, today, training)
    report.services = _services(session, start, end, training)
    report.kinds = Counter(
        {(k, status): n for k, status, n in session.execute(
            sa_select(col(Case.kind), col(Case.status), func.count())
            .where(kind, ~registration, *period).group_by(col(Case.kind), col(Case.status))
        )}
    )  # fmt: skip
    report.redistributed = Counter(
        dict(session.execute(
            sa_select(col(Case.change_from), func.count())
            .where(kind, col(Case.kind) == "fktp_change",
                   col(Case.change_exception) == "redistribution",
                   col(Case.status) != CaseStatus.CANCELLED, *period)
            .group_by(col(Case.change_from))
        ).all())
    )  # fmt: skip
    report.other_kind = session.exec(
        select(func.count()).select_from(Case).where(other, registration, *period)
    ).one()
    if report.redistributed:  # the facilities left, named even without registrations
        report.facility_names = _facility_names(session, set(report.redistributed))
    if not cases:
        return report
    # The period's cases as a subquery, not a list of ids: years of cases would pass the
    # database's limit on parameters.
    in_report = select(Case.id).where(kind, registration, *period)
    names = {o.id: o.name for o in session.exec(select(Operator))}
    # Members as plain rows of the five facts a report reads, not ORM objects: a year's
    # cases have tens of thousands of members.
    members: dict[int, list[MemberFacts]] = {}
    for m in session.execute(
        sa_select(
            col(CaseMember.case_id), col(CaseMember.is_new), col(CaseMember.chosen_fktp),
            col(CaseMember.card_fktp), col(CaseMember.first_card_fktp),
        )
        .where(col(CaseMember.case_id).in_(in_report))
        .order_by(col(CaseMember.case_id), col(CaseMember.position))
    ):  # fmt: skip
        members.setdefault(m.case_id, []).append(m)
    manual = set(
        session.exec(
            select(Family.id).where(
                Family.source == "manual",
                col(Family.id).in_(select(Case.family_id).where(kind, registration, *period)),
            )
        )
    )
    for event in session.exec(
        select(AuditEvent).where(
            col(AuditEvent.case_id).in_(in_report), AuditEvent.action == "gateway_refused"
        )
    ):
        report.refused.setdefault(event.case_id or 0, set()).add(event.detail.partition(" ")[0])
    for change in session.exec(select(FktpChange).where(col(FktpChange.case_id).in_(in_report))):
        report.changes.setdefault(change.case_id, []).append(change)
    codes = {m.chosen_fktp for ms in members.values() for m in ms if m.chosen_fktp}
    codes |= set(report.redistributed)
    if codes:
        report.facility_names = _facility_names(session, codes)
    for c in cases:
        report.rows.append(
            CaseRow(
                case=c,
                operator=names.get(c.operator_id, "") if c.operator_id is not None else "",
                members=members.get(c.id, []) if c.id is not None else [],
                by_hand=c.family_id is None or c.family_id in manual,
            )
        )
    return report


def _facility_names(session: Session, codes: set[str]) -> dict[str, str]:
    return {
        f.code: f.name for f in session.exec(select(Facility).where(col(Facility.code).in_(codes)))
    }


def _services(
    session: Session, start: date | None, end: date | None, training: bool
) -> list[ServiceRow]:
    days = [col(ServiceEntry.training) == training]
    if start is not None:
        days.append(col(ServiceEntry.day) >= start)
    if end is not None:
        days.append(col(ServiceEntry.day) <= end)
    query = (
        sa_select(
            col(ServiceEntry.day), col(ServiceEntry.service), col(ServiceEntry.topic),
            col(ServiceEntry.outcome), col(ServiceEntry.reason), col(ServiceEntry.satisfaction),
            func.coalesce(col(Operator.name), "").label("operator"),
        )
        .join(Operator, col(Operator.id) == col(ServiceEntry.operator_id), isouter=True)
        .where(*days)
        .order_by(col(ServiceEntry.day), col(ServiceEntry.id))
    )  # fmt: skip
    return list(session.execute(query))


def report_period(report: Report, named: bool = True) -> str:
    """The period as dates: "all time" says the days its cases span (named "all" unless
    the screen's own choice already says so)."""
    if report.start is None and report.end is None:
        days = [clock.to_local(r.case.created_at).date() for r in report.rows]
        span = Period(min(days), max(days)).label() if days else ""
        if not days:
            return t("report.preset.all")
        return t("report.all_span", span=span) if named else span
    return Period(report.start, report.end).label()
