"""What every service for a family already in JKN shares (arrears, a data update, an FKTP or
class change, a new member): the case begun from the family's KK with what the village's data
and the family's registration already say, and the head's name as typed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from kiosk.base import text
from kiosk.base.errors import Problem
from kiosk.cases import lifecycle
from kiosk.cases.drafts import Holder
from kiosk.cases.household import check_kk
from kiosk.cases.kinds import REGISTRATION
from kiosk.cases.store import start_case
from kiosk.registry.lookup import MemberRecord, lookup_kk
from models import Case


@dataclass(frozen=True)
class Begun:
    case: Case
    head: MemberRecord | None  # the family's head in the village's data
    members: int  # how many the village's data holds in the KK (0: not there)
    registration: Case | None  # the family's registration at this desk, past its draft


def begin(
    session: Session, kind: str, kk_raw: str, operator_id: int | None, gateway: str,
    holder: Holder | None, step: str,
) -> Begun:  # fmt: skip
    """A new case of `kind` for the family, at `step`, its family and head taken from the
    village's data when the KK is there. Refused with `CaseExists` while the family has one
    of this kind open. The caller adds what its kind knows, then commits."""
    kk = check_kk(kk_raw)
    case = start_case(session, kk, operator_id, gateway, holder=holder, kind=kind)
    found = lookup_kk(session, kk)
    head = None
    if found.outcome == "found" and found.family is not None:
        case.family_id, case.region_code = found.family.id, found.family.region_code
        head = next((m for m in found.members if m.relation == 1), None)
        case.head_name = head.name if head is not None else ""
    registration = session.exec(
        select(Case).where(Case.kk_number == kk, Case.kind == REGISTRATION,
                           col(Case.status).in_(lifecycle.REGISTERED))
    ).first()  # fmt: skip
    case.step = step
    session.add(case)
    return Begun(case, head, len(found.members), registration)


def head_problem(name: str) -> Problem | None:
    """Why the head's name as typed is refused, or None."""
    if not name.strip():
        return Problem("arrears.head_missing")
    return text.control_problem(name)
