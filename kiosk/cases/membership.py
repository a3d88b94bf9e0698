"""Who is on the case: every member of the KK, checked; members added or corrected; those already
covered kept out of the bill."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases.store import members_of, open_case_holding, row_id, seat_members, touch
from kiosk.desk import audit
from kiosk.registry import coverage
from kiosk.registry.coverage import CheckAnswer, Claim
from kiosk.rules import ids, rates, relations
from kiosk.rules.standing import Standing
from models import Case, CaseMember, Coverage, Family, Person


def refresh_head(session: Session, case: Case) -> None:
    head = relations.head_of(members_of(session, case))
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
    elif data.birth_date > clock.today():  # a member of age -1 is a typing slip
        result.errors["birth_date"] = Problem("member.birth_future")
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
    if cover is not None and cover.status != "none":
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


def set_new(
    session: Session, case: Case, member: CaseMember, operator_id: int | None = None
) -> None:
    """Bill this member after all: the family chose to register them as self-paying (their
    listed cover unchecked, inactive, or not theirs any more). Audited: a listed member put
    on the bill is a choice someone made."""
    member.is_new = True
    session.add(member)
    audit.record(
        session, "self_paying_chosen", case_id=case.id, operator_id=operator_id,
        detail=ids.mask_nik(member.nik),
    )  # fmt: skip
    recompute(session, case)
    session.commit()


def record_check(
    session: Session, case: Case, member: CaseMember, found: CheckAnswer,
    operator_id: int | None = None,
) -> Claim:  # fmt: skip
    """What the operator found checking a member by hand: active keeps them off the bill with
    their card; not in JKN puts them on it; inactive leaves the family a route to choose."""
    claim = coverage.record_check(session, member.nik, found, operator_id, case.id)
    if found.answer in ("active", "inactive"):
        member.is_new, member.existing_card, member.segment = (
            False,
            claim.card_number,
            claim.segment,
        )
    else:
        member.is_new, member.existing_card, member.segment = True, "", ""
    session.add(member)
    recompute(session, case)
    session.commit()
    return claim


@dataclass(frozen=True)
class MemberStanding:
    """A member's cover as the review shows it: the claim (None: not listed) and what it is
    worth today."""

    claim: Claim | None
    standing: Standing


def standings(session: Session, members: Iterable[CaseMember]) -> dict[int, MemberStanding]:
    """Per member id: the desk's claim about their cover and its standing today. A member kept
    off the bill with no claim behind it (an older draft) needs a check like any other."""
    members = list(members)
    claims = coverage.claims_for(session, [m.nik for m in members])
    today, window = clock.today(), coverage.window_days(session)
    found: dict[int, MemberStanding] = {}
    for m in members:
        claim = claims.get(m.nik)
        if claim is not None:
            found[row_id(m)] = MemberStanding(claim, claim.standing(today, window))
        elif m.is_new:
            found[row_id(m)] = MemberStanding(None, Standing("none"))
        else:
            found[row_id(m)] = MemberStanding(None, Standing("check", "unknown_date"))
    return found


def new_members(members: Iterable[CaseMember]) -> list[CaseMember]:
    return [m for m in members if m.is_new]


def claim_problem(
    member: CaseMember, state: str, *, inactive_allowed: bool = False
) -> Problem | None:
    """Why a member left off the bill may not stay off it: their claim needs a check (a
    list's word is not enough), or their cover is inactive (unless the family is about to
    choose its route)."""
    if member.is_new:
        return None
    if state == "check":
        return Problem("member.check_needed", {"name": member.name})
    if state == "inactive" and not inactive_allowed:
        return Problem("member.inactive", {"name": member.name})
    return None


def finish_members(session: Session, case: Case, *, choosing_route: bool = False) -> None:
    """The review is done: nobody left off the bill on a claim that needs a check or without
    a card. On to the FKTP; or, `choosing_route`, to the routes step, where inactive members
    are the family's choice to make (and no one need be new yet)."""
    members = members_of(session, case)
    if not choosing_route and not new_members(members):
        raise fail("member.none_new")
    held = standings(session, members)
    for m in members:
        state = held[row_id(m)].standing.state
        problem = claim_problem(m, state, inactive_allowed=choosing_route)
        if problem is not None:
            raise WorkflowError(problem)
        if not m.is_new and state != "inactive" and not m.existing_card:
            raise fail("member.card_missing", name=m.name)
    touch(session, case, "routes" if choosing_route else "fktp")
    session.commit()


def monthly_total(case: Case, members: Iterable[CaseMember], on: date | None = None) -> int:
    if case.kelas is None:
        return 0
    return rates.family_total(case.kelas, len(new_members(members)), on)


def recompute(session: Session, case: Case) -> None:
    session.flush()
    case.monthly_amount = monthly_total(case, members_of(session, case))
    touch(session, case)
