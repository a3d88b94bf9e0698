"""The registration case workflow, as plain functions over a Session.

The screens, the CLI, the demo and the tests all drive a case through these functions;
each one saves what it changed (the case is a draft at every step) and writes an audit
event for every status change. Errors are `WorkflowError`s carrying a catalogue message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeVar

from sqlalchemy import and_, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.errors import Check, Problem, WorkflowError, fail
from kiosk.cases import typed
from kiosk.cases.drafts import HOLD, Holder
from kiosk.cases.gateway import Gateway, MemberToRegister
from kiosk.desk import audit
from kiosk.registry.lookup import (
    KKLookup,
    MemberRecord,
    family_members,
    lookup_kk,
    replaced_families,
)
from kiosk.rules import casecode, ids, rates, relations
from kiosk.rules.reference import ANY_SEGMENT, BANKS, FACILITY_CODE
from models import Case, CaseMember, CaseStatus, Coverage, Family, Operator, Person
from models.cases import OPEN_STATUSES

R = TypeVar("R")
STEPS = ("kk", "members", "fktp", "contact", "confirm", "done")
REFERRAL_REASONS = ("kk_not_found_dukcapil", "kk_not_found_bpjs")
FAILURE_REASONS = ("kk_not_found", "already_registered")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.DRAFT.value: ("submitted", "va_issued", "referred", "cancelled"),
    CaseStatus.SUBMITTED.value: ("va_issued", "referred", "cancelled"),
    CaseStatus.VA_ISSUED.value: ("paid", "cancelled"),
    CaseStatus.PAID.value: ("active",),
    CaseStatus.ACTIVE.value: (),
    CaseStatus.REFERRED.value: ("cancelled",),
    CaseStatus.CANCELLED.value: (),
}


STAMPS = {"submitted": "submitted_at", "va_issued": "va_issued_at", "paid": "paid_at",
          "active": "activated_at"}  # fmt: skip
# Why a case is cancelled: the operator picks one and may add a note ("other" needs one).
CANCEL_REASONS = ("family_withdrew", "duplicate", "wrong_kk", "registered_elsewhere", "other")
# Statuses an operator may cancel; past a draft it takes a supervisor.
CANCELLABLE = tuple(status for status, nexts in TRANSITIONS.items() if "cancelled" in nexts)


def attempt(step: Callable[..., object], *args: object, **kwargs: object) -> str:
    """Run a workflow step for a screen: "" when it went through, else what to tell the operator."""
    try:
        step(*args, **kwargs)
    except WorkflowError as exc:
        return exc.message
    return ""


def attempt_result(step: Callable[..., R], *args: object, **kwargs: object) -> R | str:
    """Run a workflow step for a screen: what it returns, or what to tell the operator."""
    try:
        return step(*args, **kwargs)
    except WorkflowError as exc:
        return exc.message


def case_by_id(session: Session, case_id: int) -> Case:
    """The case a screen works on. One that is gone (another database, a purge) is said in
    words, never a crash."""
    case = session.get(Case, case_id)
    if case is None:
        raise _fail("case.gone")
    return case


def member_by_id(session: Session, case: Case, member_id: int) -> CaseMember:
    """A member of the case a screen works on; one removed meanwhile (at another kiosk) is
    said in words."""
    member = session.get(CaseMember, member_id)
    if member is None or member.case_id != case.id:
        raise _fail("member.gone")
    return member


def case_or_none(session: Session, case_id: int | None) -> Case | None:
    """The draft a step works on, or None while the family has no case yet."""
    return session.get(Case, case_id) if case_id is not None else None


_fail = fail

# What the operator can record on a case, by the status it leads to (see TRANSITIONS).
CASE_ACTIONS = {
    "bpjs_answer": "va_issued", "paid": "paid", "cards": "active", "cancel": "cancelled",
}  # fmt: skip


def allowed_actions(status: str) -> set[str]:
    """The case-screen actions a status allows, derived from the lifecycle table."""
    nexts = TRANSITIONS.get(status, ())
    return {action for action, target in CASE_ACTIONS.items() if target in nexts}


# --- cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenCase:
    """A family's open case, as another operator sees it when they look up the same KK."""

    id: int
    code: str
    status: str
    step: str
    operator: str
    created_at: datetime

    @property
    def problem(self) -> Problem:
        return Problem(
            "case.exists",
            {
                "code": casecode.display(self.code),
                "status": self.status,
                "operator": self.operator or "-",
                "date": self.created_at.strftime("%d-%m-%Y"),
            },
        )


class CaseExists(WorkflowError):
    """The family already has an open case: it is shown and opened, never started twice."""

    def __init__(self, existing: OpenCase) -> None:
        super().__init__(existing.problem)
        self.existing = existing

    @property
    def message(self) -> str:
        from kiosk.base.i18n import t

        params = dict(self.problem.params)
        params["status"] = t(f"status.{params['status']}")
        key = "case.exists_active" if self.existing.status == "active" else self.problem.key
        return t(key, **params)


def open_case_for(session: Session, kk_number: str) -> OpenCase | None:
    """The open case (draft up to active) of the family with this KK number, if any."""
    row = (
        session.connection()
        .execute(
            sa_select(
                col(Case.id),
                col(Case.code),
                col(Case.status),
                col(Case.step),
                col(Operator.name),
                col(Case.created_at),
            )
            .join(Operator, col(Operator.id) == col(Case.operator_id), isouter=True)
            .where(col(Case.kk_number) == kk_number, col(Case.status).in_(OPEN_STATUSES))
        )
        .first()
    )
    return OpenCase(*row) if row is not None else None  # type: ignore[arg-type]


# How often a lost race (a code collision, or SQLite busy) is tried again before giving up.
_ATTEMPTS = 8


def start_case(
    session: Session, kk_number: str, operator_id: int | None, gateway: str,
    code: str | None = None, holder: Holder | None = None,
) -> Case:  # fmt: skip
    """A new draft for a family, refused with `CaseExists` if the family has an open case.

    The database's unique index on open cases decides races between kiosks: the loser's
    insert fails, and the case that won is reported. This must be the transaction's first
    write (a lost race rolls the transaction back). The caller commits.
    """
    for _ in range(_ATTEMPTS):
        existing = open_case_for(session, kk_number)
        if existing is not None:
            raise CaseExists(existing)
        now = clock.utcnow()
        case = Case(
            code=code or casecode.new_code(), gateway=gateway, operator_id=operator_id,
            kk_number=kk_number, created_at=now, updated_at=now,
        )  # fmt: skip
        if holder is not None:  # opened at this kiosk from the start
            case.held_by, case.held_kiosk = holder.operator_id, holder.kiosk[:40]
            case.held_until = now + HOLD
        try:
            session.add(case)
            session.flush()
        except (IntegrityError, OperationalError):
            # Lost to another kiosk (its case is found on the next round) or a code collision.
            session.rollback()
            code = None
            continue
        audit.record(session, "created", case_id=case.id, operator_id=operator_id, detail="draft")
        return case
    raise _fail("case.busy")


def _id(row: Case | CaseMember) -> int:
    """The id of a row that has been flushed (the ORM types it as optional)."""
    assert row.id is not None
    return row.id


def find_case(session: Session, code: str) -> Case | None:
    normal = casecode.normalise(code)
    if normal is None:
        return None
    return session.exec(select(Case).where(Case.code == normal)).first()


def members_of(session: Session, case: Case) -> list[CaseMember]:
    return list(
        session.exec(
            select(CaseMember).where(CaseMember.case_id == case.id).order_by(CaseMember.position)
        )
    )


def _touch(session: Session, case: Case, step: str | None = None) -> None:
    """Mark the case changed (and how far the walk got); the public step commits once."""
    if step is not None and STEPS.index(step) > STEPS.index(case.step):
        case.step = step
    case.updated_at = clock.utcnow()
    session.add(case)


def set_step(session: Session, case: Case, step: str) -> None:
    """Where the draft resumes. Moving back keeps everything entered."""
    case.step = step
    _touch(session, case)
    session.commit()


def transition(
    session: Session, case: Case, status: str, operator_id: int | None, detail: str = ""
) -> None:
    """Move the case to `status` inside the caller's transaction (the caller commits once).

    The UPDATE names the status it expects, so two kiosks moving one case at the same moment
    cannot both succeed: the second is told the case changed elsewhere.
    """
    if status not in TRANSITIONS[case.status]:
        raise _fail("case.bad_transition", old=case.status, new=status)
    old = case.status
    now = clock.utcnow()
    values: dict[str, object] = {"status": status, "updated_at": now}
    if status in STAMPS:
        values[STAMPS[status]] = now
    if status != "draft":
        values.update(held_by=None, held_kiosk="", held_until=None)
        typed.forget(session, case.id)  # type: ignore[arg-type]  # no step is open any more
    session.flush()
    moved = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.status == old)  # type: ignore[arg-type]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise _fail("case.changed_elsewhere")
    for key, value in values.items():
        set_committed_value(case, key, value)
    audit.record(
        session, "status", case_id=case.id, operator_id=operator_id,
        detail=f"{old}->{status}" + (f" {detail}" if detail else ""),
    )  # fmt: skip


# --- KK and members ---------------------------------------------------------------------


@dataclass
class Begin:
    """What looking up a KK number led to.

    - "started": the family was found and its draft is open (`case`);
    - "has_case": the family already has an open case (`existing`): open that one instead;
    - "replaced": the data says this KK was replaced by `replaced_by` (`existing`: its case);
    - "carry_over": the number is not in the data, but it replaced older KKs (`carry`: their
      members, for the operator to confirm one by one);
    - "not_found": not in the kiosk's data at all.
    """

    outcome: str
    kk_number: str
    case: Case | None = None
    existing: OpenCase | None = None
    replaced_by: str = ""
    carry: list[MemberRecord] = field(default_factory=list)


def _check_kk(kk_raw: str) -> str:
    check = ids.check_kk(kk_raw)
    if not check.ok:
        raise WorkflowError(check.errors[0])
    return check.value


def begin(
    session: Session, kk_raw: str, operator_id: int | None, gateway: str,
    case: Case | None = None, *, holder: Holder | None = None, code: str | None = None,
) -> Begin:  # fmt: skip
    """Look up a KK and open the family's draft: a new one, or `case` (a draft going back
    to its KK step). A family with an open case is never started twice."""
    kk = _check_kk(kk_raw)
    same = case is not None and case.kk_number == kk and case.family_id is not None
    if case is not None and same and members_of(session, case):
        # The same KK again keeps every correction made to its members.
        set_step(session, case, max(case.step, "members", key=STEPS.index))
        return Begin("started", kk, case=case)
    existing = open_case_for(session, kk)
    if existing is not None and (case is None or existing.id != case.id):
        session.rollback()
        return Begin("has_case", kk, existing=existing)
    found = lookup_kk(session, kk)
    if found.outcome == "replaced":
        new = found.replaced_by or ""
        session.rollback()
        return Begin("replaced", kk, replaced_by=new, existing=open_case_for(session, new))
    if found.outcome == "not_found":
        olds = replaced_families(session, kk)
        carry = [m for old in olds for m in family_members(session, old.id)]
        session.rollback()
        return Begin("carry_over" if carry else "not_found", kk, carry=carry)
    try:
        case = _case_for_kk(session, case, kk, operator_id, gateway, holder, code)
    except CaseExists as exc:
        return Begin("has_case", kk, existing=exc.existing)
    attach_family(session, case, found)
    session.commit()
    return Begin("started", kk, case=case)


def _case_for_kk(
    session: Session, case: Case | None, kk: str, operator_id: int | None, gateway: str,
    holder: Holder | None = None, code: str | None = None,
) -> Case:  # fmt: skip
    """A new draft for this KK, or `case` moved to it (refused if the KK has an open case)."""
    if case is None:
        return start_case(session, kk, operator_id, gateway, code=code, holder=holder)
    if case.kk_number != kk:
        existing = open_case_for(session, kk)
        if existing is not None and existing.id != case.id:
            raise CaseExists(existing)
        audit.record(
            session, "kk_changed", case_id=case.id, operator_id=operator_id,
            detail=f"{ids.mask_kk(case.kk_number)} -> {ids.mask_kk(kk)}",
        )  # fmt: skip
        case.kk_number = kk
        case.family_id = None
        _touch(session, case)
    return case


def attach_family(session: Session, case: Case, found: KKLookup) -> list[CaseMember]:
    """Take the family found by the lookup into the case: the whole KK registers together."""
    if found.outcome != "found" or found.family is None:
        raise _fail("kk.not_attachable")
    for old in members_of(session, case):
        session.delete(old)
    case.kk_number = found.kk_number
    case.family_id = found.family.id
    case.region_code = found.family.region_code
    for position, m in enumerate(found.members):
        session.add(
            CaseMember(
                case_id=case.id, person_id=m.person_id, position=position, nik=m.nik,
                name=m.name, sex=m.sex, birth_date=m.birth_date, relation=m.relation,
                is_new=not m.covered, segment=m.segment or "", existing_card=m.card_number or "",
            )
        )  # fmt: skip
    session.flush()
    _refresh_head(session, case)
    _touch(session, case, "members")
    return members_of(session, case)


def carry_over(
    session: Session, kk_raw: str, keep: Iterable[int], operator_id: int | None, gateway: str,
    case: Case | None = None, *, holder: Holder | None = None,
) -> Case:  # fmt: skip
    """The civil registry issued a new KK: bring the members the operator confirmed over
    from the old KK(s) to the new number, record the link, and open the draft under it."""
    kk = _check_kk(kk_raw)
    kept = set(keep)
    if not kept:
        raise _fail("carry.none")
    olds = replaced_families(session, kk)
    if not olds:
        raise _fail("carry.no_old")
    case = _case_for_kk(session, case, kk, operator_id, gateway, holder)
    family = session.exec(select(Family).where(Family.kk_number == kk)).first()
    if family is None:
        first = olds[0]
        family = Family(
            kk_number=kk, address=first.address, rt=first.rt, rw=first.rw,
            region_code=first.region_code, source="carried",
        )  # fmt: skip
        session.add(family)
        session.flush()
    old_ids = [old.id for old in olds]
    persons = session.exec(
        select(Person).where(col(Person.id).in_(kept), col(Person.family_id).in_(old_ids))
    ).all()
    if not persons:
        session.rollback()
        raise _fail("carry.none")
    for person in persons:
        person.family_id = family.id
        session.add(person)
    session.flush()
    audit.record(
        session, "kk_carried_over", case_id=case.id, operator_id=operator_id,
        detail=f"{', '.join(ids.mask_kk(o.kk_number) for o in olds)} -> {ids.mask_kk(kk)}"
        f" x{len(persons)}"[:300],
    )  # fmt: skip
    attach_family(session, case, lookup_kk(session, kk))
    session.commit()
    return case


def start_family_by_hand(
    session: Session, case: Case | None, kk_raw: str, address: str, rt: str, rw: str,
    region_code: str, operator_id: int | None = None, gateway: str = "manual",
    *, holder: Holder | None = None,
) -> Case:  # fmt: skip
    """A family typed from the paper KK because the data did not have it."""
    kk = _check_kk(kk_raw)
    case = _case_for_kk(session, case, kk, operator_id, gateway, holder)
    family = session.exec(select(Family).where(Family.kk_number == kk)).first()
    if family is None:
        family = Family(
            kk_number=kk, address=address.strip(), rt=rt.strip(), rw=rw.strip(),
            region_code=region_code or kk[:6], source="manual",
        )  # fmt: skip
        session.add(family)
        session.flush()
    case.kk_number, case.family_id, case.region_code = kk, family.id, family.region_code
    _touch(session, case, "members")
    session.commit()
    return case


def _refresh_head(session: Session, case: Case) -> None:
    members = members_of(session, case)
    head = next(
        (m for m in members if m.relation == relations.HEAD), members[0] if members else None
    )
    case.head_name = head.name if head else ""


@dataclass
class MemberInput:
    nik: str
    name: str
    sex: str
    birth_date: date | None
    relation: int | None
    birth_place: str = ""


@dataclass
class MemberCheck:
    errors: dict[str, Problem] = field(default_factory=dict)  # field name -> problem
    warnings: list[Problem] = field(default_factory=list)
    nik: str = ""


def check_member(
    session: Session, case: Case, data: MemberInput, editing: CaseMember | None = None
) -> MemberCheck:
    result = MemberCheck()
    if not data.name.strip():
        result.errors["name"] = Problem("member.name_empty")
    elif any(ch.isdigit() for ch in data.name):
        result.errors["name"] = Problem("member.name_digits")
    if data.sex not in ("L", "P"):
        result.errors["sex"] = Problem("member.sex")
    if data.birth_date is None:
        result.errors["birth_date"] = Problem("member.birth_date")
    if data.relation not in relations.CODES:
        result.errors["relation"] = Problem("member.relation")
    nik = ids.check_nik(
        data.nik, sex=data.sex if data.sex in ("L", "P") else None, birth_date=data.birth_date
    )
    result.nik = nik.value
    if not nik.ok:
        result.errors["nik"] = nik.errors[0]
        return result
    result.warnings.extend(nik.warnings)
    others = [m for m in members_of(session, case) if editing is None or m.id != editing.id]
    if any(m.nik == nik.value for m in others):
        result.errors["nik"] = Problem("member.nik_in_case")
        return result
    owner = session.exec(select(Person).where(Person.nik == nik.value)).first()
    if owner is not None and owner.family_id != case.family_id:
        owner_kk = session.get(Family, owner.family_id)
        result.errors["nik"] = Problem(
            "member.nik_elsewhere", {"kk": ids.mask_kk(owner_kk.kk_number if owner_kk else "")}
        )
    return result


def add_member(
    session: Session, case: Case, data: MemberInput, operator_id: int | None = None
) -> tuple[CaseMember, MemberCheck]:
    """Add someone missing from the data (a newborn, say); refused with the reason per field."""
    check = check_member(session, case, data)
    if check.errors:
        raise WorkflowError(next(iter(check.errors.values())))
    position = max((m.position for m in members_of(session, case)), default=-1) + 1
    member = CaseMember(
        case_id=case.id, position=position, nik=check.nik, name=" ".join(data.name.split()).upper(),
        sex=data.sex, birth_date=data.birth_date, relation=data.relation,
    )  # fmt: skip
    cover = session.exec(select(Coverage).where(Coverage.nik == check.nik)).first()
    if cover is not None:
        member.is_new, member.segment, member.existing_card = (
            False,
            cover.segment,
            cover.card_number,
        )
    session.add(member)
    session.flush()
    audit.record(
        session, "member_added", case_id=case.id, operator_id=operator_id,
        detail=ids.mask_nik(check.nik),
    )  # fmt: skip
    _refresh_head(session, case)
    _recompute(session, case)
    session.commit()
    return member, check


def update_member(
    session: Session, case: Case, member: CaseMember, data: MemberInput,
    operator_id: int | None = None,
) -> MemberCheck:  # fmt: skip
    check = check_member(session, case, data, editing=member)
    if check.errors:
        raise WorkflowError(next(iter(check.errors.values())))
    member.nik, member.name = check.nik, " ".join(data.name.split()).upper()
    member.sex, member.birth_date, member.relation = data.sex, data.birth_date, data.relation  # type: ignore[assignment]
    session.add(member)
    audit.record(
        session, "member_corrected", case_id=case.id, operator_id=operator_id,
        detail=ids.mask_nik(check.nik),
    )  # fmt: skip
    _refresh_head(session, case)
    _recompute(session, case)
    session.commit()
    return check


def remove_member(session: Session, case: Case, member: CaseMember) -> None:
    """Only members added in this case can be removed; the KK's own members register together."""
    if member.person_id is not None:
        raise _fail("member.cannot_remove")
    session.delete(member)
    session.flush()
    _refresh_head(session, case)
    _recompute(session, case)
    session.commit()


def set_covered(
    session: Session, case: Case, member: CaseMember, card_raw: str, segment: str,
    operator_id: int | None = None,
) -> Check:  # fmt: skip
    """Mark a member as already covered: they keep their card and are left out of the bill."""
    check = ids.check_card(card_raw)
    if not check.ok:
        raise WorkflowError(check.errors[0])
    if segment not in ANY_SEGMENT:
        raise _fail("member.segment")
    member.is_new, member.existing_card, member.segment = False, check.value, segment
    session.add(member)
    audit.record(
        session, "member_covered", case_id=case.id, operator_id=operator_id,
        detail=f"{segment} {ids.mask_card(check.value)}",
    )  # fmt: skip
    _recompute(session, case)
    session.commit()
    return check


def set_new(session: Session, case: Case, member: CaseMember) -> None:
    member.is_new = True
    session.add(member)
    _recompute(session, case)
    session.commit()


def new_members(members: Iterable[CaseMember]) -> list[CaseMember]:
    return [m for m in members if m.is_new]


def finish_members(session: Session, case: Case) -> None:
    members = members_of(session, case)
    if not new_members(members):
        raise _fail("member.none_new")
    missing = [m for m in members if not m.is_new and not m.existing_card]
    if missing:
        raise _fail("member.card_missing", name=missing[0].name)
    _touch(session, case, "fktp")
    session.commit()


# --- class, facility, contact -----------------------------------------------------------


def monthly_total(case: Case, members: Iterable[CaseMember], on: date | None = None) -> int:
    if case.kelas is None:
        return 0
    return rates.family_total(case.kelas, len(new_members(members)), on)


def _recompute(session: Session, case: Case) -> None:
    session.flush()
    case.monthly_amount = monthly_total(case, members_of(session, case))
    _touch(session, case)


def set_class(session: Session, case: Case, kelas: int) -> int:
    if kelas not in rates.CLASSES:
        raise _fail("class.invalid")
    case.kelas = kelas
    _recompute(session, case)
    session.commit()
    return case.monthly_amount


def choose_fktp(
    session: Session, case: Case, code: str, member_ids: Iterable[int] | None = None
) -> None:
    """The family's own choice of facility, for every new member or only for some."""
    from models import Facility

    if session.get(Facility, code) is None:
        raise _fail("fktp.unknown", code=code)
    wanted = set(member_ids) if member_ids is not None else None
    for m in members_of(session, case):
        if m.is_new and (wanted is None or m.id in wanted):
            m.chosen_fktp = code
            session.add(m)
    case.fktp_confirmed = False  # a new choice needs a new confirmation
    _touch(session, case)
    session.commit()


def confirm_fktp(session: Session, case: Case, operator_id: int | None) -> None:
    members = new_members(members_of(session, case))
    if case.kelas is None:
        raise _fail("class.missing")
    if any(not m.chosen_fktp for m in members):
        raise _fail("fktp.missing")
    case.fktp_confirmed = True
    audit.record(
        session, "fktp_chosen_by_family", case_id=case.id, operator_id=operator_id,
        detail=",".join(sorted({m.chosen_fktp for m in members})),
    )  # fmt: skip
    _touch(session, case, "contact")
    session.commit()


def set_contact(
    session: Session, case: Case, *, phone: str, email: str, bank: str, account: str,
    bank_required: bool,
) -> dict[str, Problem]:  # fmt: skip
    """Save what is valid, return a problem per field that is not (nothing typed is lost)."""
    problems: dict[str, Problem] = {}
    phone_check = ids.check_phone(phone)
    if phone_check.ok:
        case.phone = phone_check.value
    else:
        problems["phone"] = phone_check.errors[0]
    email_check = ids.check_email(email)
    if email_check.ok:
        case.email = email_check.value
    else:
        problems["email"] = email_check.errors[0]
    account_digits = ids.normalise_digits(account)
    if bank and bank not in BANKS:
        problems["bank"] = Problem("bank.unknown")
    elif bank_required and not bank:
        problems["bank"] = Problem("bank.required")
    if account_digits and (not account_digits.isdigit() or not 6 <= len(account_digits) <= 20):
        problems["account"] = Problem("bank.account_format")
    elif bank and not account_digits:
        problems["account"] = Problem("bank.account_required")
    elif account_digits and not bank:
        problems["bank"] = Problem("bank.required")
    if "bank" not in problems and "account" not in problems:
        case.bank, case.bank_account = bank, account_digits
    _touch(session, case, None if problems else "confirm")
    session.commit()
    return problems


def give_consent(
    session: Session, case: Case, operator_id: int | None, by: str | None = None
) -> None:
    """The family agreed to the current notice: who (the head unless named), which version,
    when, with which operator."""
    from kiosk.cases import consent

    who = consent.default_consenter(case) if by is None else by
    problem = consent.check_consenter(who, members_of(session, case))
    if problem is not None:
        raise WorkflowError(problem)
    case.consent_at = clock.utcnow()
    case.consent_by = consent.clean_name(who)
    case.consent_version = consent.NOTICE_VERSION
    audit.record(
        session, "consent", case_id=case.id, operator_id=operator_id,
        detail=f"v{consent.NOTICE_VERSION}",
    )  # fmt: skip
    _touch(session, case)
    session.commit()


def missing_for_submit(session: Session, case: Case) -> list[Problem]:
    members = members_of(session, case)
    problems = []
    if not new_members(members):
        problems.append(Problem("member.none_new"))
    if case.kelas is None:
        problems.append(Problem("class.missing"))
    if any(not m.chosen_fktp for m in new_members(members)):
        problems.append(Problem("fktp.missing"))
    if not case.fktp_confirmed:
        problems.append(Problem("fktp.not_confirmed"))
    if not case.phone:
        problems.append(Problem("phone.empty"))
    if not case.email:
        problems.append(Problem("email.empty"))
    if case.consent_at is None:
        problems.append(Problem("consent.missing"))
    return problems


@dataclass
class SubmitResult:
    outcome: str  # "accepted", "pending", "kk_not_found", "already_registered"
    already: list[CaseMember] = field(default_factory=list)


def submit(session: Session, case: Case, gateway: Gateway, operator_id: int | None) -> SubmitResult:
    problems = missing_for_submit(session, case)
    if problems:
        raise WorkflowError(problems[0])
    members = members_of(session, case)
    fresh = new_members(members)
    answer = gateway.submit(
        session,
        case.kk_number,
        [MemberToRegister(_id(m), m.nik) for m in fresh],
        case.bank,
    )
    if answer.outcome == "kk_not_found":
        case.reason = "kk_not_found"
        audit.record(
            session,
            "gateway_refused",
            case_id=case.id,
            operator_id=operator_id,
            detail="kk_not_found",
        )
        _touch(session, case)
        session.commit()
        return SubmitResult("kk_not_found")
    if answer.outcome == "already_registered":
        case.reason = "already_registered"
        already = [m for m in fresh if m.id in answer.already]
        for m in already:
            m.segment = answer.already[m.id]  # type: ignore[index]
            session.add(m)
        audit.record(
            session, "gateway_refused", case_id=case.id, operator_id=operator_id,
            detail=f"already_registered x{len(already)}",
        )  # fmt: skip
        set_step(session, case, "members")
        return SubmitResult("already_registered", already)
    case.reason = ""
    case.monthly_amount = monthly_total(case, members)
    case.step = "done"
    if answer.outcome == "accepted":
        for m in fresh:
            m.card_number = answer.cards[m.id]  # type: ignore[index]
            session.add(m)
        case.va_number = answer.va_number
        transition(session, case, "submitted", operator_id, gateway.name)
        transition(session, case, "va_issued", operator_id, gateway.name)
    else:
        transition(session, case, "submitted", operator_id, gateway.name)
    session.commit()  # one commit: the case is either still a draft or fully moved on
    return SubmitResult(answer.outcome)


def refer(
    session: Session, case: Case | None, reason: str, note: str, operator_id: int | None,
    head_name: str = "", *, kk_raw: str = "", gateway: str = "manual",
) -> Case:  # fmt: skip
    """KK not found: send the family to the civil registry or the BPJS office, with the reason.

    Without a `case` (the KK was not in the kiosk's data), the referral is recorded as a new
    case for `kk_raw`.
    """
    if reason not in REFERRAL_REASONS:
        raise _fail("refer.reason")
    if case is None:
        case = start_case(session, _check_kk(kk_raw), operator_id, gateway)
    case.reason, case.reason_note = reason, note.strip()[:300]
    if head_name.strip():
        case.head_name = " ".join(head_name.split()).upper()[:100]
    case.step = "done"
    transition(session, case, "referred", operator_id, reason)
    session.commit()
    return case


def cancel(session: Session, case: Case, reason: str, note: str, operator_id: int | None) -> None:
    """Close a case with its reason; past a draft (money or BPJS involved) only a supervisor."""
    if reason not in CANCEL_REASONS:
        raise _fail("cancel.reason")
    if reason == "other" and not note.strip():
        raise _fail("cancel.note_needed")
    if case.status not in CANCELLABLE:
        raise _fail("case.bad_transition", old=case.status, new="cancelled")
    if case.status != CaseStatus.DRAFT.value:
        operator = session.get(Operator, operator_id) if operator_id is not None else None
        if operator is None or operator.role != "supervisor":
            raise _fail("cancel.supervisor_only")
    case.reason, case.reason_note = reason, note.strip()[:300]
    transition(session, case, "cancelled", operator_id, reason)
    session.commit()


# --- what BPJS sent back -----------------------------------------------------------------


def record_bpjs_answer(
    session: Session, case: Case, va_raw: str, cards: dict[int, str], operator_id: int | None
) -> dict[str, Problem]:
    """The manual adapter's second half: the VA and card numbers BPJS issued."""
    problems: dict[str, Problem] = {}
    members = {m.id: m for m in new_members(members_of(session, case))}
    checked: dict[int, str] = {}
    for member_id, raw in cards.items():
        if member_id not in members:
            continue
        check = ids.check_card(raw)
        if check.ok:
            checked[member_id] = check.value
        else:
            problems[f"card:{member_id}"] = check.errors[0]
    known_cards = list(checked.values()) + [
        m.existing_card for m in members_of(session, case) if m.existing_card
    ]
    va = ids.check_va(va_raw, known_cards)
    if not va.ok:
        problems["va"] = va.errors[0]
    if problems:
        return problems
    for member_id, card in checked.items():
        members[member_id].card_number = card
        session.add(members[member_id])
    case.va_number = va.value
    if case.status == CaseStatus.DRAFT.value:
        transition(session, case, "submitted", operator_id, "manual")
    transition(session, case, "va_issued", operator_id)
    session.commit()
    return {}


def record_cards(
    session: Session, case: Case, card_fktp: dict[int, str], operator_id: int | None
) -> list[CaseMember]:
    """The FKTP printed on each first card, read off the card (never assumed from the choice);
    returns the members whose card differs from what the family chose."""
    members = new_members(members_of(session, case))
    codes = card_codes(members, card_fktp)
    mismatched = []
    for m in members:
        m.card_fktp = m.first_card_fktp = codes[_id(m)]
        session.add(m)
        if card_differs(m):
            mismatched.append(m)
    transition(
        session,
        case,
        "active",
        operator_id,
        f"fktp_mismatch x{len(mismatched)}" if mismatched else "",
    )
    session.commit()
    return mismatched


def card_codes(members: list[CaseMember], card_fktp: dict[int, str]) -> dict[int, str]:
    """Each member's FKTP code as read off their card, checked; refused with the member named."""
    codes = {_id(m): card_fktp.get(_id(m), "").strip().upper() for m in members}
    for m in members:
        if not codes[_id(m)]:
            raise _fail("cards.fktp_missing", name=m.name, member_id=m.id)
        if not FACILITY_CODE.match(codes[_id(m)]):
            raise _fail("cards.fktp_format", name=m.name, member_id=m.id)
    return codes


@dataclass(frozen=True)
class FktpChoice:
    code: str
    name: str
    address: str
    members: tuple[str, ...]  # names of the new members who chose it


def fktp_choices(session: Session, case: Case) -> list[FktpChoice]:
    """Each facility the family chose with the members it was chosen for (a family may
    choose per member), in the order of the members."""
    from models import Facility

    by_code: dict[str, list[str]] = {}
    for m in new_members(members_of(session, case)):
        if m.chosen_fktp:
            by_code.setdefault(m.chosen_fktp, []).append(m.name)
    choices = []
    for code, names in by_code.items():
        facility = session.get(Facility, code)
        choices.append(
            FktpChoice(
                code, facility.name if facility else "?", facility.address if facility else "",
                tuple(names),
            )
        )  # fmt: skip
    return choices


class CardFacts(Protocol):
    """What deciding on a card needs: a member, or a report's row of a member."""

    is_new: bool
    chosen_fktp: str
    card_fktp: str


def card_differs(member: CardFacts) -> bool:
    """The issued card names another FKTP than the family chose (the problem we exist for)."""
    return bool(member.is_new and member.card_fktp and member.card_fktp != member.chosen_fktp)


# The same rule as a query condition, for lists that must not load every member to apply it.
CARD_DIFFERS_SQL = and_(
    col(CaseMember.is_new),
    col(CaseMember.card_fktp) != "",
    col(CaseMember.card_fktp) != col(CaseMember.chosen_fktp),
)
