"""Submitting the case to BPJS (through the gateway) once every step is done, or referring the
family to the office."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from kiosk.base import text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases.gateway import Gateway, MemberToRegister
from kiosk.cases.household import check_kk
from kiosk.cases.lifecycle import REFERRAL_REASONS, transition
from kiosk.cases.membership import claim_problem, monthly_total, new_members, standings
from kiosk.cases.store import members_of, row_id, set_step, start_case, touch
from kiosk.desk import audit
from models import Case, CaseMember, CaseStatus


def missing_for_submit(
    session: Session, case: Case, members: list[CaseMember] | None = None
) -> list[Problem]:
    """What still stops the submission. `members`: the case's members, if the caller has
    just read them in this transaction (F10 reads them once for the consent and this)."""
    members = members_of(session, case) if members is None else members
    problems = []
    if not new_members(members):
        problems.append(Problem("member.none_new"))
    # A member left off the bill on a claim that no longer holds (checked weeks ago, the draft
    # resumed since): checked again, or the family's choice of self-paying, first.
    held = standings(session, members)
    unsettled = (claim_problem(m, held[row_id(m)].standing.state) for m in members)
    problem = next((p for p in unsettled if p is not None), None)
    if problem is not None:
        problems.append(problem)
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
    if not case.occupation:
        problems.append(Problem("occupation.empty"))
    if not case.postcode:
        problems.append(Problem("postcode.empty"))
    if case.consent_at is None:
        problems.append(Problem("consent.missing"))
    return problems


@dataclass
class SubmitResult:
    outcome: str  # "accepted", "pending", "kk_not_found", "already_registered"
    already: list[CaseMember] = field(default_factory=list)


def submit(
    session: Session, case: Case, gateway: Gateway, operator_id: int | None,
    members: list[CaseMember] | None = None,
) -> SubmitResult:  # fmt: skip
    members = members_of(session, case) if members is None else members
    problems = missing_for_submit(session, case, members)
    if problems:
        raise WorkflowError(problems[0])
    fresh = new_members(members)
    answer = gateway.submit(
        session,
        case.kk_number,
        [MemberToRegister(row_id(m), m.nik) for m in fresh],
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
        touch(session, case)
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
        transition(
            session, case, CaseStatus.VA_ISSUED, operator_id, gateway.name,
            via=(CaseStatus.SUBMITTED,),
        )  # fmt: skip
    else:
        transition(session, case, CaseStatus.SUBMITTED, operator_id, gateway.name)
    session.commit()  # one commit: the case is either still a draft or fully moved on
    return SubmitResult(answer.outcome)


def consent_and_submit(
    session: Session, case: Case, gateway: Gateway, operator_id: int | None, by: str
) -> SubmitResult:
    """The confirmation's F10: the family's consent (unless it was given already by the one
    named) and the submission, in one transaction with one commit (the draft's hold, renewed
    by kiosk.cases.drafts.guard, included): a submission refused leaves no consent behind."""
    from kiosk.cases import choices, consent

    members = members_of(session, case)  # once, for both
    if case.consent_at is None or case.consent_by != consent.clean_name(by):
        choices.give_consent(session, case, operator_id, by, commit=False, members=members)
    # The submission's reads do not depend on the consent: it is written with the case's
    # status change, by one UPDATE (kiosk.cases.lifecycle.transition), not flushed before.
    with session.no_autoflush:
        return submit(session, case, gateway, operator_id, members)


def refer(
    session: Session, case: Case | None, reason: str, note: str, operator_id: int | None,
    head_name: str = "", *, kk_raw: str = "", gateway: str = "manual",
) -> Case:  # fmt: skip
    """KK not found: send the family to the civil registry or the BPJS office, with the reason.

    Without a `case` (the KK was not in the kiosk's data), the referral is recorded as a new
    case for `kk_raw`.
    """
    if reason not in REFERRAL_REASONS:
        raise fail("refer.reason")
    text.refuse_control(note, head_name)
    if case is None:
        case = start_case(session, check_kk(kk_raw), operator_id, gateway)
    case.reason, case.reason_note = reason, note.strip()[:300]
    if head_name.strip():
        case.head_name = " ".join(head_name.split()).upper()[:100]
    case.step = "done"
    transition(session, case, CaseStatus.REFERRED, operator_id, reason)
    session.commit()
    return case
