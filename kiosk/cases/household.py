"""Finding the family for a case by its KK number: found, already in a case, replaced by a new KK,
carried over to one, typed from the paper KK, or not found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from kiosk.base import text
from kiosk.base.errors import WorkflowError, fail
from kiosk.cases.drafts import Holder
from kiosk.cases.membership import refresh_head
from kiosk.cases.store import (
    STEPS,
    CaseExists,
    OpenCase,
    members_of,
    open_case_for,
    referral_for,
    row_id,
    seat_members,
    set_step,
    start_case,
    touch,
)
from kiosk.desk import audit
from kiosk.registry.lookup import (
    KKLookup,
    MemberRecord,
    family_members,
    lookup_kk,
    replaced_families,
)
from kiosk.rules import ids
from models import Case, CaseMember, Family, Person


@dataclass
class Begin:
    """What looking up a KK number led to.

    - "started": the family was found and its draft is open (`case`);
    - "has_case": the family already has an open case (`existing`): open that one instead;
    - "replaced": the data says this KK was replaced by `replaced_by` (`existing`: its case);
    - "carry_over": the number is not in the data, but it replaced older KKs (`carry`: their
      members, for the operator to confirm one by one);
    - "referred": the family was referred and has come back (`existing`: the referral, whose
      outcome the operator records before the walk goes on from it);
    - "not_found": not in the kiosk's data at all.
    """

    outcome: str
    kk_number: str
    case: Case | None = None
    existing: OpenCase | None = None
    replaced_by: str = ""
    carry: list[MemberRecord] = field(default_factory=list)


def check_kk(kk_raw: str) -> str:
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
    kk = check_kk(kk_raw)
    same = case is not None and case.kk_number == kk and case.family_id is not None
    if case is not None and same and members_of(session, case):
        # The same KK again keeps every correction made to its members.
        set_step(session, case, max(case.step, "members", key=STEPS.index))
        return Begin("started", kk, case=case)
    existing = open_case_for(session, kk)
    if existing is not None and (case is None or existing.id != case.id):
        session.rollback()
        return Begin("has_case", kk, existing=existing)
    referred = referral_for(session, kk) if case is None else None
    if referred is not None:  # the family came back: its referral goes on, not a new case
        session.rollback()
        return Begin("referred", kk, existing=referred)
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
        attach_family(session, case, found)
    except CaseExists as exc:  # the family's, or one of its persons' under another KK
        return Begin("has_case", kk, existing=exc.existing)
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
        touch(session, case)
    return case


def attach_family(session: Session, case: Case, found: KKLookup) -> list[CaseMember]:
    """Take the family found by the lookup into the case: the whole KK registers together."""
    if found.outcome != "found" or found.family is None:
        raise fail("kk.not_attachable")
    for old in members_of(session, case):
        session.delete(old)
    session.flush()  # their seats are free before the same persons take them again
    case.kk_number = found.kk_number
    case.family_id = found.family.id
    case.region_code = found.family.region_code
    seat_members(session, case, (
        CaseMember(
            case_id=row_id(case), person_id=m.person_id, position=position, nik=m.nik,
            name=m.name, sex=m.sex, birth_date=m.birth_date, relation=m.relation,
            is_new=not m.listed, segment=m.segment or "", existing_card=m.card_number or "",
        )
        for position, m in enumerate(found.members)
    ))  # fmt: skip
    refresh_head(session, case)
    touch(session, case, "members")
    return members_of(session, case)


def carry_over(
    session: Session, kk_raw: str, keep: Iterable[int], operator_id: int | None, gateway: str,
    case: Case | None = None, *, holder: Holder | None = None,
) -> Case:  # fmt: skip
    """The civil registry issued a new KK: bring the members the operator confirmed over
    from the old KK(s) to the new number, record the link, and open the draft under it."""
    kk = check_kk(kk_raw)
    kept = set(keep)
    if not kept:
        raise fail("carry.none")
    olds = replaced_families(session, kk)
    if not olds:
        raise fail("carry.no_old")
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
        raise fail("carry.none")
    assert family.id is not None
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
    kk = check_kk(kk_raw)
    text.refuse_control(address, rt, rw)
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
    touch(session, case, "members")
    session.commit()
    return case
