"""Who is on the case: every member of the KK, checked; members added or corrected; those already
covered kept out of the bill."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from kiosk.base import text
from kiosk.base.errors import Check, Problem, WorkflowError, fail
from kiosk.cases.store import members_of, open_case_holding, row_id, seat_members, touch
from kiosk.desk import audit
from kiosk.rules import ids, rates, relations
from kiosk.rules.reference import ANY_SEGMENT
from models import Case, CaseMember, Coverage, Family, Person


def refresh_head(session: Session, case: Case) -> None:
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
    elif (control := text.control_problem(data.name)) is not None:
        result.errors["name"] = control  # before digits: "\x1b[31m" is a command, not a typo
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
    seated = open_case_holding(session, [nik.value], other_than=case.id)
    if seated is not None:
        result.errors["nik"] = seated.problem
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
    assert data.birth_date is not None and data.relation is not None  # checked above
    position = max((m.position for m in members_of(session, case)), default=-1) + 1
    member = CaseMember(
        case_id=row_id(case), position=position, nik=check.nik, name=" ".join(data.name.split()).upper(),
        sex=data.sex, birth_date=data.birth_date, relation=data.relation,
    )  # fmt: skip
    cover = session.exec(select(Coverage).where(Coverage.nik == check.nik)).first()
    if cover is not None:
        member.is_new, member.segment, member.existing_card = (
            False,
            cover.segment,
            cover.card_number,
        )
    seat_members(session, case, [member])
    audit.record(
        session, "member_added", case_id=case.id, operator_id=operator_id,
        detail=ids.mask_nik(check.nik),
    )  # fmt: skip
    refresh_head(session, case)
    recompute(session, case)
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
    member.open_nik = check.nik if member.open_nik is not None else None
    member.sex, member.birth_date, member.relation = data.sex, data.birth_date, data.relation  # type: ignore[assignment]
    session.add(member)
    audit.record(
        session, "member_corrected", case_id=case.id, operator_id=operator_id,
        detail=ids.mask_nik(check.nik),
    )  # fmt: skip
    refresh_head(session, case)
    recompute(session, case)
    session.commit()
    return check


def remove_member(session: Session, case: Case, member: CaseMember) -> None:
    """Only members added in this case can be removed; the KK's own members register together."""
    if member.person_id is not None:
        raise fail("member.cannot_remove")
    session.delete(member)
    session.flush()
    refresh_head(session, case)
    recompute(session, case)
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
        raise fail("member.segment")
    member.is_new, member.existing_card, member.segment = False, check.value, segment
    session.add(member)
    audit.record(
        session, "member_covered", case_id=case.id, operator_id=operator_id,
        detail=f"{segment} {ids.mask_card(check.value)}",
    )  # fmt: skip
    recompute(session, case)
    session.commit()
    return check


def set_new(session: Session, case: Case, member: CaseMember) -> None:
    member.is_new = True
    session.add(member)
    recompute(session, case)
    session.commit()


def new_members(members: Iterable[CaseMember]) -> list[CaseMember]:
    return [m for m in members if m.is_new]


def finish_members(session: Session, case: Case) -> None:
    members = members_of(session, case)
    if not new_members(members):
        raise fail("member.none_new")
    missing = [m for m in members if not m.is_new and not m.existing_card]
    if missing:
        raise fail("member.card_missing", name=missing[0].name)
    touch(session, case, "fktp")
    session.commit()


def monthly_total(case: Case, members: Iterable[CaseMember], on: date | None = None) -> int:
    if case.kelas is None:
        return 0
    return rates.family_total(case.kelas, len(new_members(members)), on)


def recompute(session: Session, case: Case) -> None:
    session.flush()
    case.monthly_amount = monthly_total(case, members_of(session, case))
    touch(session, case)
