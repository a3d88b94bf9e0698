"""Cases as stored: finding and starting one (one open case per family, whatever kiosk races), its
members, and where its walk stopped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.base.i18n import t
from kiosk.cases import kinds, lifecycle
from kiosk.cases.drafts import HOLD, Holder
from kiosk.cases.kinds import REGISTRATION
from kiosk.desk import audit
from kiosk.rules import casecode, ids
from models import Case, CaseMember, CaseStatus, Operator

# The walk's steps in order. "routes" is where a family chooses its way back into JKN when
# self-paying is not the only one (kiosk.cases.routes); most families never stop there.
STEPS = ("kk", "members", "routes", "fktp", "contact", "confirm", "done")


def case_by_id(session: Session, case_id: int) -> Case:
    """The case a screen works on. One that is gone (another database, a purge) is said in
    words, never a crash."""
    case = session.get(Case, case_id)
    if case is None:
        raise fail("case.gone")
    return case


def member_by_id(session: Session, case: Case, member_id: int) -> CaseMember:
    """A member of the case a screen works on; one removed meanwhile (at another kiosk) is
    said in words."""
    member = session.get(CaseMember, member_id)
    if member is None or member.case_id != case.id:
        raise fail("member.gone")
    return member


def kind_of(session: Session, case_id: int) -> str:
    """The kind of a case, to open the screen that shows it."""
    return case_by_id(session, case_id).kind


def case_or_none(session: Session, case_id: int | None) -> Case | None:
    """The draft a step works on, or None while the family has no case yet."""
    return session.get(Case, case_id) if case_id is not None else None


@dataclass(frozen=True)
class OpenCase:
    """A family's open case, as another operator sees it when they look up the same KK."""

    id: int
    code: str
    status: str
    step: str
    operator: str
    created_at: datetime
    # Found by a person rather than the KK: that person's name, and the KK the case is under.
    person: str = ""
    kk_number: str = ""

    @property
    def problem(self) -> Problem:
        params: dict[str, object] = {
            "code": casecode.display(self.code),
            "status": t(f"status.{self.status}"),
            "operator": self.operator or "-",
            "date": self.created_at.strftime("%d-%m-%Y"),
        }
        if self.person:
            params.update(name=self.person, kk=ids.mask_kk(self.kk_number))
            return Problem("case.person_exists", params)
        active = self.status == CaseStatus.ACTIVE
        return Problem("case.exists_active" if active else "case.exists", params)


class CaseExists(WorkflowError):
    """The family, or one of its persons, already has an open case: it is shown and opened,
    never started twice."""

    def __init__(self, existing: OpenCase) -> None:
        super().__init__(existing.problem)
        self.existing = existing


def _open_case(
    session: Session, *extra: Any, where: Any, join_case: bool = False
) -> OpenCase | None:
    """The first open case found by `where`, as another operator is told of it."""
    query = sa_select(
        col(Case.id), col(Case.code), col(Case.status), col(Case.step), col(Operator.name),
        col(Case.created_at), *extra,
    )  # fmt: skip
    if join_case:  # found through its members
        query = query.join(Case, col(Case.id) == col(CaseMember.case_id))
    query = query.join(Operator, col(Operator.id) == col(Case.operator_id), isouter=True)
    row = session.connection().execute(query.where(*where).order_by(col(Case.id))).first()
    return OpenCase(*row) if row is not None else None


def open_case_for(session: Session, kk_number: str, kind: str = REGISTRATION) -> OpenCase | None:
    """The open case (draft up to active) of this kind of the family with this KK number."""
    return _open_case(
        session,
        where=(col(Case.kk_number) == kk_number, col(Case.kind) == kind,
               col(Case.status).in_(lifecycle.OPEN)),
    )  # fmt: skip


def referral_for(session: Session, kk_number: str) -> OpenCase | None:
    """The family's referral still waiting for its outcome (sent to Dukcapil or the BPJS
    office): when it comes back, the walk goes on from it."""
    return _open_case(
        session,
        where=(col(Case.kk_number) == kk_number, col(Case.status) == CaseStatus.REFERRED,
               col(Case.outcome) == "", col(Case.kind) == REGISTRATION),
    )  # fmt: skip


def open_case_holding(
    session: Session, niks: Iterable[str], other_than: int | None = None
) -> OpenCase | None:
    """The open case (other than `other_than`) one of these persons already sits in, under
    whatever KK: a reissued KK or a newer village file never registers a person twice."""
    wanted = [nik for nik in niks if nik]
    if not wanted:
        return None
    where: list[Any] = [col(CaseMember.open_nik).in_(wanted)]
    if other_than is not None:
        where.append(col(Case.id) != other_than)
    return _open_case(
        session, col(CaseMember.name), col(Case.kk_number), where=where, join_case=True
    )


def seat_members(session: Session, case: Case, members: Iterable[CaseMember]) -> None:
    """Add members to an open case, each taking their seat (`open_nik`). Refused with the
    case a person already sits in; the database's unique index decides a race between
    kiosks, and the loser's transaction is rolled back."""
    members = list(members)
    niks = [m.nik for m in members]
    existing = open_case_holding(session, niks, other_than=case.id)
    if existing is not None:
        session.rollback()
        raise CaseExists(existing)
    for member in members:
        member.open_nik = member.nik or None
        session.add(member)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        existing = open_case_holding(session, niks, other_than=case.id)
        if existing is None:
            raise
        raise CaseExists(existing) from None


# How often a lost race (a code collision, or SQLite busy) is tried again before giving up.
_ATTEMPTS = 8


def start_case(
    session: Session, kk_number: str, operator_id: int | None, gateway: str,
    code: str | None = None, holder: Holder | None = None, kind: str = REGISTRATION,
) -> Case:  # fmt: skip
    """A new draft for a family, refused with `CaseExists` if the family has an open case of
    this kind.

    The database's unique index on open cases decides races between kiosks: the loser's
    insert fails, and the case that won is reported. This must be the transaction's first
    write (a lost race rolls the transaction back). The caller commits.
    """
    for _ in range(_ATTEMPTS):
        existing = open_case_for(session, kk_number, kinds.check(kind))
        if existing is not None:
            raise CaseExists(existing)
        now = clock.utcnow()
        case = Case(
            code=code or casecode.new_code(), gateway=gateway, operator_id=operator_id,
            kk_number=kk_number, kind=kind, created_at=now, updated_at=now,
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
        audit.record(
            session,
            "created",
            case_id=case.id,
            operator_id=operator_id,
            detail=CaseStatus.DRAFT.value if kind == REGISTRATION else f"draft {kind}",
        )
        return case
    raise fail("case.busy")


def row_id(row: Case | CaseMember) -> int:
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
            select(CaseMember)
            .where(CaseMember.case_id == case.id)
            .order_by(col(CaseMember.position))
        )
    )


def touch(session: Session, case: Case, step: str | None = None) -> None:
    """Mark the case changed (and how far the walk got); the public step commits once."""
    if step is not None and STEPS.index(step) > STEPS.index(case.step):
        case.step = step
    case.updated_at = clock.utcnow()
    session.add(case)


def set_step(session: Session, case: Case, step: str) -> None:
    """Where the draft resumes. Moving back keeps everything entered."""
    case.step = step
    touch(session, case)
    session.commit()
