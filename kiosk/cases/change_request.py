"""An FKTP change or a class change asked of BPJS by a family already in JKN.

BPJS's rules (kiosk.rules.timing, the one place they live, also applied to the remedy for a
card issued with another FKTP): the card must be active without arrears; an FKTP change
after 3 months at the current FKTP, or before with an exception (a move of domicile or an
assignment elsewhere of under 3 months, each shown by its letter; BPJS's own redistribution;
a return to the previous FKTP); a class change after 12 months in the class, for the whole
family. Either takes effect on the 1st of the next month, when the operator checks the card
and closes the case. A change BPJS would refuse is said with the day it becomes possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import lifecycle, service_case
from kiosk.cases.drafts import Holder
from kiosk.cases.store import touch
from kiosk.desk import audit
from kiosk.rules import rates, timing
from models import Case, CaseStatus, Facility

KINDS = {"fktp_change": "fktp", "class_change": "class"}
STEPS = {"fktp_change": "fktp_move", "class_change": "class_move"}
MAX_ARREARS = 240


def begin(
    session: Session, kind: str, kk_raw: str, operator_id: int | None, gateway: str,
    holder: Holder | None = None,
) -> Case:  # fmt: skip
    """The family's change request, its head, persons and current FKTP or class taken from
    what the desk knows (the village's data, the family's registration). Refused with
    `CaseExists` while the family has one of this kind open."""
    begun = service_case.begin(session, kind, kk_raw, operator_id, gateway, holder, STEPS[kind])
    case, head, registered = begun.case, begun.head, begun.registration
    case.persons = begun.members or None
    if kind == "fktp_change" and head is not None and head.fktp_code:
        case.change_from = head.fktp_code
    if kind == "class_change" and registered is not None and registered.kelas:
        case.change_from = str(registered.kelas)
    session.commit()
    return case


@dataclass(frozen=True)
class Change:
    """The request as typed on the screen."""

    head_name: str
    change_from: str
    change_to: str
    since: str
    active: bool
    arrears: str = ""
    exception: str = ""  # an FKTP change's, kiosk.rules.timing.FKTP_EXCEPTIONS
    letter_seen: bool = False


def _facility_problem(session: Session, code: str, field: str) -> Problem | None:
    from kiosk.rules.reference import NOT_A_FAMILY_FKTP

    if not code.strip():
        return Problem("change.fktp_empty")
    facility = session.get(Facility, code.strip().upper())
    if facility is None:
        return Problem("change.fktp_unknown", {"code": code.strip()[:12]})
    if facility.kind in NOT_A_FAMILY_FKTP:
        return Problem("fktp.not_first_level", {"name": facility.name, "kind": facility.kind})
    return None


def problems(session: Session, kind: str, change: Change, today: date) -> dict[str, Problem]:
    """What is wrong with the request, per field; "rule" for what BPJS would refuse."""
    found: dict[str, Problem] = {}
    if (head := service_case.head_problem(change.head_name)) is not None:
        found["head_name"] = head
    if kind == "fktp_change":
        for name in ("change_from", "change_to"):
            if (p := _facility_problem(session, getattr(change, name), name)) is not None:
                found[name] = p
    elif change.change_from not in ("1", "2", "3"):
        found["change_from"] = Problem("arrears.kelas")
    elif change.change_to not in ("1", "2", "3"):
        found["change_to"] = Problem("arrears.kelas")
    same = change.change_from.strip().upper() == change.change_to.strip().upper()
    if same and not found.keys() & {"change_from", "change_to"}:
        found["change_to"] = Problem("change.same")
    since = clock.parse_date(change.since) if change.since.strip() else None
    if change.since.strip() and since is None:
        found["since"] = Problem("arrears.last_paid_unreadable")
    elif since is not None and since > today:
        found["since"] = Problem("change.since_future")
    arrears = change.arrears.strip()
    if arrears and not (arrears.isdigit() and int(arrears) <= MAX_ARREARS):
        found["arrears"] = Problem("arrears.months", {"max": MAX_ARREARS})
    exception = change.exception if kind == "fktp_change" else ""
    if exception and timing.FKTP_EXCEPTIONS.get(exception) and not change.letter_seen:
        found["letter"] = Problem(f"change.{timing.FKTP_EXCEPTIONS[exception]}_needed")
    if not found:
        refused = timing.change_refused(
            KINDS[kind], since, today, active=change.active,
            arrears=int(arrears) if arrears else 0, exception=exception,
        )  # fmt: skip
        if refused is not None:
            found["rule"] = refused
    return found


def submit(session: Session, case: Case, change: Change, operator_id: int | None) -> Case:
    """Keep the request and submit it: it takes effect on the 1st of next month."""
    if case.kind not in KINDS or case.status != CaseStatus.DRAFT:
        raise fail("arrears.not_now")
    today = clock.today()
    found = problems(session, case.kind, change, today)
    if found:
        raise WorkflowError(next(iter(found.values())))
    case.head_name = " ".join(change.head_name.split()).upper()[:100]
    case.change_from = change.change_from.strip().upper()
    case.change_to = change.change_to.strip().upper()
    case.change_since = clock.parse_date(change.since) if change.since.strip() else None
    case.change_exception = change.exception if case.kind == "fktp_change" else ""
    if case.kind == "class_change":  # the whole family moves: its new monthly total
        case.kelas = int(case.change_to)
        case.monthly_amount = rates.family_total(case.kelas, case.persons or 1)
    case.follow_up_on = timing.change_effective(today)
    case.step = "done"
    touch(session, case)
    detail = f"{case.change_from}->{case.change_to} {case.change_exception}".strip()
    audit.record(session, "change_asked", case_id=case.id, operator_id=operator_id,
                 detail=detail)  # fmt: skip
    lifecycle.transition(session, case, CaseStatus.SUBMITTED, operator_id, KINDS[case.kind])
    session.commit()
    return case


def done(session: Session, case: Case, operator_id: int | None) -> Case:
    """The family's card shows the new FKTP or class: the case is closed."""
    if case.kind not in KINDS or case.status != CaseStatus.SUBMITTED:
        raise fail("arrears.not_now")
    case.outcome, case.outcome_on = "done", clock.today()
    lifecycle.transition(session, case, CaseStatus.CLOSED, operator_id, "done")
    session.commit()
    return case


def facility_name(session: Session, code: str) -> str:
    """A facility's name as the screen shows it beside the code typed ("" if unknown)."""
    facility = session.get(Facility, code.strip().upper()) if code.strip() else None
    return facility.name if facility is not None else ""
