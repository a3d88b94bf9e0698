"""What the family chooses: the class, its own FKTP (for all or per member), contact and bank, and
its consent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases.membership import new_members, recompute
from kiosk.cases.store import members_of, touch
from kiosk.desk import audit
from kiosk.rules import ids, rates
from kiosk.rules.reference import BANKS
from models import Case, CaseMember


def set_class(session: Session, case: Case, kelas: int) -> int:
    if kelas not in rates.CLASSES:
        raise fail("class.invalid")
    case.kelas = kelas
    recompute(session, case)
    session.commit()
    return case.monthly_amount


def choose_fktp(
    session: Session, case: Case, code: str, member_ids: Iterable[int] | None = None,
    *, outside_regency: bool = False,
) -> None:  # fmt: skip
    """The family's own choice of facility, for every new member or only for some. A
    dentist is refused; a facility outside the family's regency only when the operator has
    been told so and chosen it again (`outside_regency`)."""
    from kiosk.rules.reference import NOT_A_FAMILY_FKTP
    from models import Facility

    facility = session.get(Facility, code)
    if facility is None:
        raise fail("fktp.unknown", code=code)
    if facility.kind in NOT_A_FAMILY_FKTP:
        raise fail("fktp.not_first_level", name=facility.name, kind=facility.kind)
    home = case.region_code[:4]
    if home and facility.region_code[:4] != home and not outside_regency:
        raise fail("fktp.outside_regency", name=facility.name)
    wanted = set(member_ids) if member_ids is not None else None
    for m in members_of(session, case):
        if m.is_new and (wanted is None or m.id in wanted):
            m.chosen_fktp = code
            session.add(m)
    session.flush()
    if not needs_dentist(session, case):  # a dentist chosen beside a doctor no longer chosen
        case.dentist = ""
    case.fktp_confirmed = False  # a new choice needs a new confirmation
    touch(session, case)
    session.commit()


def needs_dentist(session: Session, case: Case) -> bool:
    """Whether a chosen FKTP has no dentist of its own: BPJS's form then asks for one."""
    from kiosk.rules.reference import NEEDS_DENTIST
    from models import Facility

    codes = {m.chosen_fktp for m in new_members(members_of(session, case)) if m.chosen_fktp}
    kinds = {f.kind for code in codes if (f := session.get(Facility, code)) is not None}
    return bool(kinds & set(NEEDS_DENTIST))


def choose_dentist(session: Session, case: Case, code: str) -> None:
    """The family's dentist, beside a chosen FKTP that has none."""
    from kiosk.rules.reference import NOT_A_FAMILY_FKTP
    from models import Facility

    facility = session.get(Facility, code)
    if facility is None:
        raise fail("fktp.unknown", code=code)
    if facility.kind not in NOT_A_FAMILY_FKTP:
        raise fail("fktp.not_a_dentist", name=facility.name)
    if not needs_dentist(session, case):
        raise fail("fktp.dentist_not_needed", name=facility.name)
    case.dentist = code
    case.fktp_confirmed = False
    touch(session, case)
    session.commit()


def confirm_fktp(session: Session, case: Case, operator_id: int | None) -> None:
    members = new_members(members_of(session, case))
    if case.kelas is None:
        raise fail("class.missing")
    if any(not m.chosen_fktp for m in members):
        raise fail("fktp.missing")
    if needs_dentist(session, case) and not case.dentist:
        raise fail("fktp.dentist_missing")
    case.fktp_confirmed = True
    audit.record(
        session, "fktp_chosen_by_family", case_id=case.id, operator_id=operator_id,
        detail=",".join(sorted({m.chosen_fktp for m in members})),
    )  # fmt: skip
    touch(session, case, "contact")
    session.commit()


def set_contact(
    session: Session, case: Case, *, phone: str, email: str, bank: str, account: str,
    bank_required: bool, occupation: str, income: str, postcode: str, holder: str,
    income_required: bool = True,
) -> dict[str, Problem]:  # fmt: skip
    """Save what is valid, return a problem per field that is not (nothing typed is lost)."""
    from kiosk.rules import participant

    problems: dict[str, Problem] = {}
    for key, checked, column in (
        ("occupation", participant.check_occupation(occupation), "occupation"),
        ("income", participant.check_income(income, income_required), "income_band"),
        ("postcode", participant.check_postcode(postcode, case.region_code), "postcode"),
    ):
        if checked.ok:
            setattr(case, column, checked.value)
        else:
            problems[key] = checked.errors[0]
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
    holder_check = participant.check_holder(holder or case.head_name)
    if bank and not holder_check.ok:
        problems["holder"] = holder_check.errors[0]
    if "bank" not in problems and "account" not in problems and "holder" not in problems:
        case.bank, case.bank_account = bank, account_digits
        case.account_holder = holder_check.value if bank else ""
    touch(session, case, None if problems else "confirm")
    if not problems:
        from kiosk.cases import typed

        # Saved: its typed text goes in the same commit, so the confirmation that follows at
        # once never reads it as typed and not saved.
        typed.forget(session, case.id, "contact")  # type: ignore[arg-type]
    session.commit()
    return problems


def give_consent(
    session: Session, case: Case, operator_id: int | None, by: str | None = None, *,
    commit: bool = True, members: list[CaseMember] | None = None,
) -> None:  # fmt: skip
    """The family agreed to the current notice: who (the head unless named), which version,
    when, with which operator. Without `commit`, it waits for the caller's (the submission
    it goes with: kiosk.cases.submission.consent_and_submit, which passes the `members` it
    has read)."""
    from kiosk.cases import consent

    who = consent.default_consenter(case) if by is None else by
    members = members_of(session, case) if members is None else members
    problem = consent.check_consenter(who, members)
    if problem is not None:
        raise WorkflowError(problem)
    case.consent_at = clock.utcnow()
    case.consent_by = consent.clean_name(who)
    case.consent_version = consent.NOTICE_VERSION
    audit.record(
        session, "consent", case_id=case.id, operator_id=operator_id,
        detail=f"v{consent.NOTICE_VERSION}",
    )  # fmt: skip
    touch(session, case)
    if commit:
        session.commit()


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
