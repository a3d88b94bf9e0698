"""An arrears case: a self-paying family whose cover stopped for unpaid months, served from its
KK to its cover back.

The operator records the terms (the months owed, typed or counted from the last payment; the
persons on the family's bill; the class; a segment move), the kiosk shows what BPJS bills and
the New REHAB 2.0 plan open to the family (kiosk.rules.arrears), and the family chooses: the
whole bill at once, or the instalments. The case then waits for each payment (VA issued: the
family pays into its own BPJS virtual account), is paid once the last is in, and active once
the operator has checked that cover is back. A family not ready is cancelled as withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import lifecycle, service_case
from kiosk.cases.drafts import Holder
from kiosk.cases.store import touch
from kiosk.desk import audit
from kiosk.rules import arrears, rates
from kiosk.rules.arrears import Instalment
from models import Case, CaseStatus

KIND = "arrears"
PLANS = ("full", "rehab")
MAX_PERSONS = 30  # a KK's members; more is a typing mistake
MAX_MONTHS = 240


def begin(
    session: Session, kk_raw: str, operator_id: int | None, gateway: str,
    holder: Holder | None = None,
) -> Case:  # fmt: skip
    """The family's arrears case, its head and persons taken from the village's data when
    the KK is there. Refused with `CaseExists` while the family has an open arrears case."""
    begun = service_case.begin(session, KIND, kk_raw, operator_id, gateway, holder, "arrears")
    begun.case.persons = begun.members or None
    session.commit()
    return begun.case


@dataclass(frozen=True)
class Terms:
    """The terms as typed on the screen."""

    head_name: str
    persons: str
    kelas: int | None
    last_paid: str
    months: str
    moved_segment: bool = False


def _number(raw: str, most: int) -> int | None:
    digits = raw.strip()
    return int(digits) if digits.isdigit() and 0 < int(digits) <= most else None


def terms_problems(terms: Terms, today: date) -> dict[str, Problem]:
    """What is wrong with the terms as typed, per field."""
    found: dict[str, Problem] = {}
    if (head := service_case.head_problem(terms.head_name)) is not None:
        found["head_name"] = head
    if _number(terms.persons, MAX_PERSONS) is None:
        found["persons"] = Problem("arrears.persons", {"max": MAX_PERSONS})
    if terms.kelas not in rates.CLASSES:
        found["kelas"] = Problem("arrears.kelas")
    last = clock.parse_date(terms.last_paid) if terms.last_paid.strip() else None
    if terms.last_paid.strip() and last is None:
        found["last_paid"] = Problem("arrears.last_paid_unreadable")
    elif last is not None and last > today:
        found["last_paid"] = Problem("arrears.last_paid_future")
    if "last_paid" in found:
        last = None  # the months are not counted from a date that is refused
    months = _number(terms.months, MAX_MONTHS) if terms.months.strip() else None
    if terms.months.strip() and months is None:
        found["months"] = Problem("arrears.months", {"max": MAX_MONTHS})
    elif not terms.months.strip() and last is None:
        if "last_paid" not in found:
            found["months"] = Problem("arrears.months_or_last_paid")
    elif months is not None and last is not None:
        counted = arrears.months_owed(last, today)
        if counted != months:
            found["months"] = Problem("arrears.months_disagree",
                                      {"counted": counted, "date": last.strftime("%d-%m-%Y")})  # fmt: skip
    elif months is None and last is not None and arrears.months_owed(last, today) == 0:
        found["last_paid"] = Problem("arrears.none_owed")
    return found


def set_terms(session: Session, case: Case, terms: Terms, operator_id: int | None) -> Case:
    """Keep the terms of a draft arrears case (refused whole with the first problem)."""
    if case.kind != KIND or case.status != CaseStatus.DRAFT:
        raise fail("arrears.not_now")
    today = clock.today()
    problems = terms_problems(terms, today)
    if problems:
        raise WorkflowError(next(iter(problems.values())))
    last = clock.parse_date(terms.last_paid) if terms.last_paid.strip() else None
    case.head_name = " ".join(terms.head_name.split()).upper()[:100]
    case.persons, case.kelas = int(terms.persons), terms.kelas
    case.last_paid_on = last
    case.arrears_months = (
        int(terms.months) if terms.months.strip() else arrears.months_owed(last, today)  # type: ignore[arg-type]
    )
    case.moved_segment = terms.moved_segment
    case.monthly_amount = rates.family_total(case.kelas, case.persons)  # type: ignore[arg-type]
    case.step = "arrears_plan"
    touch(session, case)
    audit.record(session, "arrears_terms", case_id=case.id, operator_id=operator_id,
                 detail=f"{case.arrears_months}m x{case.persons} k{case.kelas}"
                        + (" moved" if case.moved_segment else ""))  # fmt: skip
    session.commit()
    return case


@dataclass(frozen=True)
class Figures:
    """What the plan step shows and the paper prints."""

    months: int
    billed_months: int
    persons: int
    kelas: int
    monthly_total: int
    bill: int
    rehab_refused: str  # "" when New REHAB 2.0 is open to the family
    rehab_count: int
    moved_segment: bool

    def plan(self, choice: str, start: date) -> list[Instalment]:
        count = self.rehab_count if choice == "rehab" else 1
        return arrears.rehab_plan(self.months, self.monthly_total, start, count)


def figures(case: Case) -> Figures:
    months, persons, kelas = case.arrears_months or 0, case.persons or 0, case.kelas or 3
    monthly = rates.family_total(kelas, persons)
    moved = case.moved_segment
    return Figures(
        months=months, billed_months=arrears.billed_months(months), persons=persons,
        kelas=kelas, monthly_total=monthly, bill=arrears.bill(months, monthly),
        rehab_refused=arrears.rehab_refused(months, moved),
        rehab_count=arrears.rehab_instalments(months, persons, monthly, moved),
        moved_segment=moved,
    )  # fmt: skip


def plan_of(case: Case) -> list[Instalment]:
    """The plan the family chose, as it was made (empty before the choice)."""
    if not case.plan or case.plan_start is None:
        return []
    return arrears.rehab_plan(case.arrears_months or 0, case.monthly_amount, case.plan_start,
                              case.plan_count)  # fmt: skip


def decide(
    session: Session, case: Case, choice: str, chosen_by: str, operator_id: int | None
) -> Case:
    """The family's choice: the whole bill, or New REHAB 2.0's instalments from today. The
    case then waits for the payments into the family's own virtual account."""
    if case.kind != KIND or case.status != CaseStatus.DRAFT or case.arrears_months is None:
        raise fail("arrears.not_now")
    if choice not in PLANS:
        raise fail("arrears.choose_plan")
    found = figures(case)
    if choice == "rehab" and found.rehab_refused:
        raise fail(f"arrears.rehab_{found.rehab_refused}", months=found.months)
    if not chosen_by.strip():
        raise fail("route.chosen_by_empty")
    text.refuse_control(chosen_by)
    case.chosen_by = " ".join(chosen_by.split()).upper()[:100]
    case.plan, case.plan_start, case.plan_paid = choice, clock.today(), 0
    case.plan_count = found.rehab_count if choice == "rehab" else 1
    case.step = "done"
    session.add(case)
    audit.record(session, "arrears_plan", case_id=case.id, operator_id=operator_id,
                 detail=f"{choice} x{case.plan_count} by {case.chosen_by}"[:300])  # fmt: skip
    lifecycle.transition(session, case, CaseStatus.VA_ISSUED, operator_id, choice)
    session.commit()
    return case


def next_instalment(case: Case) -> Instalment | None:
    """The next payment the family owes under its plan, or None once all are paid."""
    plan = plan_of(case)
    return plan[case.plan_paid] if case.plan_paid < len(plan) else None


def record_payment(
    session: Session, case: Case, paid_raw: str, operator_id: int | None
) -> Instalment:
    """The family paid its next instalment (or the whole bill) on the day typed; the last
    payment moves the case to paid, where the operator checks that cover is back."""
    due = next_instalment(case) if case.status == CaseStatus.VA_ISSUED else None
    if case.kind != KIND or due is None:
        raise fail("arrears.not_now")
    paid = clock.parse_date(paid_raw) if paid_raw.strip() else clock.today()
    if paid is None:
        raise fail("arrears.paid_unreadable")
    if paid > clock.today():
        raise fail("pay.future", date=paid.strftime("%d-%m-%Y"))
    if case.plan_start is not None and paid < case.plan_start:
        raise fail("pay.before_registration", date=case.plan_start.strftime("%d-%m-%Y"))
    case.plan_paid += 1
    case.paid_on = paid
    touch(session, case)
    audit.record(session, "instalment_paid", case_id=case.id, operator_id=operator_id,
                 detail=f"{due.number}/{case.plan_count} {paid.isoformat()}")  # fmt: skip
    if case.plan_paid == case.plan_count:
        lifecycle.transition(session, case, CaseStatus.PAID, operator_id, case.plan)
    session.commit()
    return due


def cover_back(session: Session, case: Case, channel: str, operator_id: int | None) -> Case:
    """The operator checked by hand, on `channel` (PANDAWA, CHIKA, Mobile JKN, 165, the
    office), that the family's cover is active again."""
    from kiosk.rules.standing import CHANNELS

    if case.kind != KIND or case.status != CaseStatus.PAID:
        raise fail("arrears.not_now")
    if channel not in CHANNELS:
        raise fail("arrears.channel")
    lifecycle.transition(session, case, CaseStatus.ACTIVE, operator_id, f"cover_back {channel}")
    session.commit()
    return case
