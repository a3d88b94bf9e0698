"""A data update: a family already in JKN changes what BPJS holds to reach it. Its own phone, so
BPJS's one-time codes reach the family and not the helper who registered it; its own email in
place of the helper's; a new address after a move.

The operator records what changes and how BPJS is asked (Mobile JKN, the care centre 165, the
office; the office gets a printed request), the case is submitted, and it is closed once the
operator has seen the change at BPJS (or cancelled if the family gives up).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import lifecycle, service_case
from kiosk.cases.drafts import Holder
from kiosk.cases.store import touch
from kiosk.desk import audit
from kiosk.rules import ids
from models import Case, CaseStatus

KIND = "data_update"
# How BPJS is asked: in the family's own Mobile JKN, by the care centre, or at the office
# (with the printed request).
CHANNELS = ("mobile_jkn", "care_165", "bpjs_office")
ADDRESS_MAX = 200


def begin(
    session: Session, kk_raw: str, operator_id: int | None, gateway: str,
    holder: Holder | None = None,
) -> Case:  # fmt: skip
    """The family's data update, its head taken from the village's data when the KK is
    there. Refused with `CaseExists` while the family has one open."""
    begun = service_case.begin(session, KIND, kk_raw, operator_id, gateway, holder, "update")
    session.commit()
    return begun.case


@dataclass(frozen=True)
class Update:
    """What the family asks to change, as typed ("" for what stays)."""

    head_name: str
    phone: str
    email: str
    address: str
    channel: str


def problems(update: Update) -> dict[str, Problem]:
    found: dict[str, Problem] = {}
    if (head := service_case.head_problem(update.head_name)) is not None:
        found["head_name"] = head
    if update.phone.strip() and not (phone := ids.check_phone(update.phone)).ok:
        found["phone"] = phone.errors[0]
    if update.email.strip() and not (email := ids.check_email(update.email)).ok:
        found["email"] = email.errors[0]
    if (control := text.control_problem(update.address)) is not None:
        found["address"] = control
    elif text.holds_number(update.address):
        found["address"] = Problem("update.address_number")
    elif len(update.address.strip()) > ADDRESS_MAX:
        found["address"] = Problem("log.note_long", {"max": ADDRESS_MAX})
    if not (update.phone.strip() or update.email.strip() or update.address.strip()):
        found.setdefault("phone", Problem("update.nothing"))
    if update.channel not in CHANNELS:
        found["channel"] = Problem("update.channel")
    return found


def submit(session: Session, case: Case, update: Update, operator_id: int | None) -> Case:
    """Keep what changes and how BPJS is asked; the case waits for the change to show."""
    if case.kind != KIND or case.status != CaseStatus.DRAFT:
        raise fail("arrears.not_now")
    found = problems(update)
    if found:
        raise WorkflowError(next(iter(found.values())))
    case.head_name = " ".join(update.head_name.split()).upper()[:100]
    case.phone = ids.check_phone(update.phone).value if update.phone.strip() else ""
    case.email = ids.check_email(update.email).value if update.email.strip() else ""
    case.new_address = " ".join(update.address.split())
    case.channel, case.step = update.channel, "done"
    touch(session, case)
    what = [name for name, value in (("phone", case.phone), ("email", case.email),
                                     ("address", case.new_address)) if value]  # fmt: skip
    audit.record(session, "update_asked", case_id=case.id, operator_id=operator_id,
                 detail=f"{'+'.join(what)} {update.channel}")  # fmt: skip
    lifecycle.transition(session, case, CaseStatus.SUBMITTED, operator_id, update.channel)
    session.commit()
    return case


def done(session: Session, case: Case, operator_id: int | None) -> Case:
    """The operator saw the change at BPJS (Mobile JKN, the care centre): the case is closed."""
    if case.kind != KIND or case.status != CaseStatus.SUBMITTED:
        raise fail("arrears.not_now")
    case.outcome, case.outcome_on = "done", clock.today()
    lifecycle.transition(session, case, CaseStatus.CLOSED, operator_id, "done")
    session.commit()
    return case
