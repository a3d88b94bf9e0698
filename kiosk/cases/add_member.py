"""A member added to a family already in JKN: a newborn, a spouse after marriage, someone who
moved into the KK. The family's own cards stay as they are; only the new member is asked of
BPJS, at the family's class, on the family's bill.

For a newborn the rules of kiosk.rules.newborn decide the way: registered and paid within 28
days of birth (the deadline is shown from the birth date); later, the contribution is owed from
the birth month (the months and the sum are shown); past 3 months without a NIK, the family
goes to Dukcapil first (the case is referred and comes back as a draft); a baby whose mother
is a PBI member goes the PBI way through Dinsos, never on the self-paying bill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import lifecycle, service_case
from kiosk.cases.drafts import Holder
from kiosk.cases.membership import MemberInput, check_member
from kiosk.cases.store import members_of, row_id, seat_members, touch
from kiosk.desk import audit
from kiosk.rules import ids, newborn, rates
from models import Case, CaseMember, CaseStatus

KIND = "add_member"
MEMBER_KINDS = ("newborn", "spouse", "moved_in")
ROUTE = "newborn_pbi"  # a PBI mother's baby: Dinsos registers it
REFERRAL = "newborn_nik"  # a baby past 3 months: Dukcapil's NIK first
DINSOS_ASK_AFTER_DAYS = 14


def begin(
    session: Session, kk_raw: str, operator_id: int | None, gateway: str,
    holder: Holder | None = None,
) -> Case:  # fmt: skip
    """The family's case for a new member, its head taken from the village's data and its
    class from the family's registration when the desk has one."""
    begun = service_case.begin(session, KIND, kk_raw, operator_id, gateway, holder, "newborn")
    registered = begun.registration
    begun.case.kelas = registered.kelas if registered is not None and registered.kelas else 3
    session.commit()
    return begun.case


@dataclass(frozen=True)
class NewMember:
    """The member as typed on the screen."""

    member_kind: str
    name: str
    sex: str
    birth_date: str
    nik: str
    kelas: int | None
    mother_pbi: bool = False


@dataclass(frozen=True)
class Outlook:
    """What the rules say of this member today, shown before anything is submitted."""

    state: str  # kiosk.rules.newborn's (in_time, late, needs_nik, pbi_route); "" for others
    deadline: date | None = None  # register and pay by
    months_owed: int = 0  # a late newborn's, from the birth month
    monthly: int = 0  # what the member adds to the family's bill each month
    owed: int = 0  # the months owed x monthly
    documents: tuple[str, ...] = field(default=newborn.DOCUMENTS)


def outlook(member: NewMember, today: date) -> Outlook:
    birth = clock.parse_date(member.birth_date) if member.birth_date.strip() else None
    monthly = rates.rate(member.kelas).paid if member.kelas in rates.CLASSES else 0
    if member.member_kind != "newborn" or birth is None:
        return Outlook("", monthly=monthly)
    state = newborn.state(birth, today, has_nik=bool(member.nik.strip()),
                          mother_pbi=member.mother_pbi)  # fmt: skip
    months = newborn.months_from_birth(birth, today) if state == newborn.LATE else 0
    monthly = 0 if state == newborn.PBI_ROUTE else monthly
    return Outlook(state, newborn.deadline(birth), months, monthly, months * monthly)


def problems(session: Session, case: Case, member: NewMember) -> dict[str, Problem]:
    found: dict[str, Problem] = {}
    if member.member_kind not in MEMBER_KINDS:
        found["member_kind"] = Problem("newborn.kind")
    if member.kelas not in rates.CLASSES:
        found["kelas"] = Problem("arrears.kelas")
    birth = clock.parse_date(member.birth_date) if member.birth_date.strip() else None
    if member.birth_date.strip() and birth is None:
        found["birth_date"] = Problem("arrears.last_paid_unreadable")
        birth = None
    data = MemberInput(member.nik, member.name, member.sex, birth,
                       4 if member.member_kind == "newborn" else 3 if member.sex == "P" else 2)  # fmt: skip
    check = check_member(session, case, data)
    errors = dict(check.errors)
    if member.member_kind == "newborn" and not member.nik.strip():
        errors.pop("nik", None)  # a baby under 3 months is asked without one
    elif not member.nik.strip():
        errors["nik"] = Problem("newborn.nik_needed")
    for name, problem in errors.items():
        found.setdefault(name, problem)
    return found


def submit(session: Session, case: Case, member: NewMember, operator_id: int | None) -> Case:
    """Keep the new member and send the case its way: asked of BPJS (on the family's bill),
    to Dinsos (a PBI mother's baby), or to Dukcapil for a NIK first."""
    if case.kind != KIND or case.status != CaseStatus.DRAFT:
        raise fail("arrears.not_now")
    found = problems(session, case, member)
    if found:
        raise WorkflowError(next(iter(found.values())))
    today = clock.today()
    seen = outlook(member, today)
    birth = clock.parse_date(member.birth_date)
    assert birth is not None
    for old in members_of(session, case):  # typed again after a referral: the latest holds
        session.delete(old)
    session.flush()
    nik = ids.check_nik(member.nik).value if member.nik.strip() else ""
    added = CaseMember(
        case_id=row_id(case), position=0, nik=nik, name=" ".join(member.name.split()).upper(),
        sex=member.sex, birth_date=birth, relation=4 if member.member_kind == "newborn" else 3,
    )  # fmt: skip
    if nik:
        seat_members(session, case, [added])
    else:
        session.add(added)
    case.member_kind, case.mother_pbi, case.kelas = (
        member.member_kind,
        member.mother_pbi,
        member.kelas,
    )
    case.monthly_amount = seen.monthly
    # Pay by the deadline; past it, at once (owed from the birth month).
    case.follow_up_on = today if seen.state == newborn.LATE else seen.deadline
    case.step = "done"
    touch(session, case)
    audit.record(session, "member_asked", case_id=case.id, operator_id=operator_id,
                 detail=f"{member.member_kind} {ids.mask_nik(nik) if nik else '-'} "
                        f"{seen.state or 'asked'}")  # fmt: skip
    if seen.state == newborn.PBI_ROUTE:
        case.route = ROUTE
        case.follow_up_on = today + timedelta(days=DINSOS_ASK_AFTER_DAYS)
        lifecycle.transition(session, case, CaseStatus.ROUTED, operator_id, ROUTE)
    elif seen.state == newborn.NEEDS_NIK:
        case.reason = REFERRAL
        lifecycle.transition(session, case, CaseStatus.REFERRED, operator_id, REFERRAL)
    else:
        lifecycle.transition(session, case, CaseStatus.SUBMITTED, operator_id)
    session.commit()
    return case


def done(session: Session, case: Case, operator_id: int | None) -> Case:
    """The new member is on the family's card (or Dinsos registered the baby); a referred
    family back with the baby's NIK goes on from the draft."""
    if case.kind != KIND:
        raise fail("arrears.not_now")
    if case.status == CaseStatus.REFERRED:
        case.step = "newborn"
        lifecycle.transition(session, case, CaseStatus.DRAFT, operator_id, "came_back")
    elif case.status in (CaseStatus.SUBMITTED, CaseStatus.ROUTED):
        case.outcome, case.outcome_on = "done", clock.today()
        lifecycle.transition(session, case, CaseStatus.CLOSED, operator_id, "done")
    else:
        raise fail("arrears.not_now")
    session.commit()
    return case
