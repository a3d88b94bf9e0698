"""The registration case workflow, as plain functions over a Session.

The screens, the CLI, the demo and the tests all drive a case through these functions;
each one saves what it changed (the case is a draft at every step) and writes an audit
event for every status change. Errors are `WorkflowError`s carrying a catalogue message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from kiosk import audit, casecode, clock, ids, rates, relations
from kiosk.gateway import Gateway, MemberToRegister
from kiosk.ids import Problem
from kiosk.lookup import KKLookup, lookup_kk
from kiosk.reference import BANKS, SEGMENTS
from models import Case, CaseMember, CaseStatus, Coverage, Family, Person

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


class WorkflowError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem

    @property
    def message(self) -> str:
        return self.problem.message


def attempt(step: Callable[..., object], *args: object, **kwargs: object) -> str:
    """Run a workflow step for a screen: "" when it went through, else what to tell the operator."""
    try:
        step(*args, **kwargs)
    except WorkflowError as exc:
        return exc.message
    return ""


def _fail(key: str, **params: object) -> WorkflowError:
    return WorkflowError(Problem(key, params))


# --- cases -------------------------------------------------------------------------------


def new_case(
    session: Session, operator_id: int | None, gateway: str, code: str | None = None
) -> Case:
    now = clock.utcnow()
    while code is None:
        code = casecode.new_code()
        if session.exec(select(Case.id).where(Case.code == code)).first() is not None:
            code = None
    case = Case(code=code, gateway=gateway, operator_id=operator_id, created_at=now, updated_at=now)
    session.add(case)
    session.flush()
    audit.record(session, "created", case_id=case.id, operator_id=operator_id, detail="draft")
    session.commit()
    return case


def find_case(session: Session, code: str) -> Case | None:
    normal = casecode.normalise(code)
    if normal is None:
        return None
    return session.exec(select(Case).where(Case.code == normal)).first()


def members_of(session: Session, case: Case) -> list[CaseMember]:
    return list(
        session.exec(
            select(CaseMember).where(CaseMember.case_id == case.id).order_by(CaseMember.position)  # type: ignore[arg-type]
        )
    )


def _touch(session: Session, case: Case, step: str | None = None) -> None:
    if step is not None and STEPS.index(step) > STEPS.index(case.step):
        case.step = step
    case.updated_at = clock.utcnow()
    session.add(case)
    session.commit()


def set_step(session: Session, case: Case, step: str) -> None:
    """Where the draft resumes. Moving back keeps everything entered."""
    case.step = step
    _touch(session, case)


def transition(
    session: Session, case: Case, status: str, operator_id: int | None, detail: str = ""
) -> None:
    if status not in TRANSITIONS[case.status]:
        raise _fail("case.bad_transition", old=case.status, new=status)
    old = case.status
    case.status = status
    now = clock.utcnow()
    stamp = {"submitted": "submitted_at", "va_issued": "va_issued_at", "paid": "paid_at",
             "active": "activated_at"}.get(status)  # fmt: skip
    if stamp:
        setattr(case, stamp, now)
    case.updated_at = now
    session.add(case)
    audit.record(
        session, "status", case_id=case.id, operator_id=operator_id,
        detail=f"{old}->{status}" + (f" {detail}" if detail else ""),
    )  # fmt: skip
    session.commit()


# --- KK and members ---------------------------------------------------------------------


def lookup(session: Session, case: Case, kk_raw: str) -> KKLookup:
    check = ids.check_kk(kk_raw)
    if not check.ok:
        raise WorkflowError(check.errors[0])
    case.kk_number = check.value
    _touch(session, case)
    return lookup_kk(session, check.value)


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
    _refresh_head(session, case)
    _touch(session, case, "members")
    return members_of(session, case)


def start_family_by_hand(
    session: Session, case: Case, kk_raw: str, address: str, rt: str, rw: str, region_code: str
) -> Family:
    """A family typed from the paper KK because the data did not have it."""
    check = ids.check_kk(kk_raw)
    if not check.ok:
        raise WorkflowError(check.errors[0])
    family = session.exec(select(Family).where(Family.kk_number == check.value)).first()
    if family is None:
        family = Family(
            kk_number=check.value, address=address.strip(), rt=rt.strip(), rw=rw.strip(),
            region_code=region_code or check.value[:6], source="manual",
        )  # fmt: skip
        session.add(family)
        session.flush()
    case.kk_number, case.family_id, case.region_code = check.value, family.id, family.region_code
    _touch(session, case, "members")
    return family


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


def add_member(session: Session, case: Case, data: MemberInput) -> tuple[CaseMember, MemberCheck]:
    """Add someone missing from the data (a newborn, say); refused with the reason per field."""
    check = check_member(session, case, data)
    if check.errors:
        raise WorkflowError(next(iter(check.errors.values())))
    position = max((m.position for m in members_of(session, case)), default=-1) + 1
    member = CaseMember(
        case_id=case.id, position=position, nik=check.nik, name=" ".join(data.name.split()).upper(),
        sex=data.sex, birth_date=data.birth_date, relation=data.relation,  # type: ignore[arg-type]
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
    audit.record(session, "member_added", case_id=case.id, detail=ids.mask_nik(check.nik))
    _refresh_head(session, case)
    _recompute(session, case)
    return member, check


def update_member(
    session: Session, case: Case, member: CaseMember, data: MemberInput
) -> MemberCheck:
    check = check_member(session, case, data, editing=member)
    if check.errors:
        raise WorkflowError(next(iter(check.errors.values())))
    member.nik, member.name = check.nik, " ".join(data.name.split()).upper()
    member.sex, member.birth_date, member.relation = data.sex, data.birth_date, data.relation  # type: ignore[assignment]
    session.add(member)
    audit.record(session, "member_corrected", case_id=case.id, detail=ids.mask_nik(check.nik))
    _refresh_head(session, case)
    _recompute(session, case)
    return check


def remove_member(session: Session, case: Case, member: CaseMember) -> None:
    """Only members added in this case can be removed; the KK's own members register together."""
    if member.person_id is not None:
        raise _fail("member.cannot_remove")
    session.delete(member)
    _refresh_head(session, case)
    _recompute(session, case)


def set_covered(
    session: Session, case: Case, member: CaseMember, card_raw: str, segment: str
) -> ids.Check:
    """Mark a member as already covered: they keep their card and are left out of the bill."""
    check = ids.check_card(card_raw)
    if not check.ok:
        raise WorkflowError(check.errors[0])
    if segment not in SEGMENTS:
        raise _fail("member.segment")
    member.is_new, member.existing_card, member.segment = False, check.value, segment
    session.add(member)
    audit.record(
        session, "member_covered", case_id=case.id, detail=f"{segment} {ids.mask_card(check.value)}"
    )
    _recompute(session, case)
    return check


def set_new(session: Session, case: Case, member: CaseMember) -> None:
    member.is_new = True
    session.add(member)
    _recompute(session, case)


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


# --- class, facility, contact -----------------------------------------------------------


def monthly_total(case: Case, members: Iterable[CaseMember], on: date | None = None) -> int:
    if case.kelas is None:
        return 0
    return rates.family_total(case.kelas, len(new_members(members)), on)


def _recompute(session: Session, case: Case) -> None:
    case.monthly_amount = monthly_total(case, members_of(session, case))
    _touch(session, case)


def set_class(session: Session, case: Case, kelas: int) -> int:
    if kelas not in rates.CLASSES:
        raise _fail("class.invalid")
    case.kelas = kelas
    _recompute(session, case)
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
    return problems


def give_consent(session: Session, case: Case, operator_id: int | None) -> None:
    case.consent_at = clock.utcnow()
    audit.record(session, "consent", case_id=case.id, operator_id=operator_id)
    _touch(session, case)


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
        [MemberToRegister(m.id, m.nik) for m in fresh],
        case.bank,  # type: ignore[arg-type]
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
    return SubmitResult(answer.outcome)


def refer(
    session: Session, case: Case, reason: str, note: str, operator_id: int | None,
    head_name: str = "",
) -> None:  # fmt: skip
    """KK not found: send the family to the civil registry or the BPJS office, with the reason."""
    if reason not in REFERRAL_REASONS:
        raise _fail("refer.reason")
    case.reason, case.reason_note = reason, note.strip()[:300]
    if head_name.strip():
        case.head_name = " ".join(head_name.split()).upper()[:100]
    case.step = "done"
    transition(session, case, "referred", operator_id, reason)


def cancel(session: Session, case: Case, note: str, operator_id: int | None) -> None:
    case.reason_note = note.strip()[:300]
    transition(session, case, "cancelled", operator_id)


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
    return {}


def record_payment(session: Session, case: Case, operator_id: int | None) -> None:
    transition(session, case, "paid", operator_id)


def record_cards(
    session: Session, case: Case, card_fktp: dict[int, str], operator_id: int | None
) -> list[CaseMember]:
    """The FKTP printed on each issued card; returns the members whose card differs from the choice."""
    mismatched = []
    for m in new_members(members_of(session, case)):
        if m.id in card_fktp:
            m.card_fktp = card_fktp[m.id].strip().upper()
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
    return mismatched


def card_differs(member: CaseMember) -> bool:
    """The issued card names another FKTP than the family chose (the problem we exist for)."""
    return bool(member.is_new and member.card_fktp and member.card_fktp != member.chosen_fktp)
