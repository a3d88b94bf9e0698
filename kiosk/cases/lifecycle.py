"""The case lifecycle: which status may follow which, what each status lets the operator record,
and the one way a case moves (one audited change that two kiosks cannot both make); cancelling
with a reason; which mistaken moves a supervisor may take back (kiosk.cases.correction).

Screens compare statuses with `CaseStatus` from here: they never import the tables' module.
"""

from __future__ import annotations

from itertools import pairwise

from sqlalchemy import inspect, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import typed
from kiosk.desk import audit
from models import Case, CaseMember, CaseStatus, Operator
from models.cases import OPEN_STATUSES

S = CaseStatus

# The lifecycle table: each status and the statuses that may follow it. Everything else about
# statuses (open, closed, cancellable, what the case screen offers) is derived from it.
TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    S.DRAFT: (S.SUBMITTED, S.VA_ISSUED, S.REFERRED, S.ROUTED, S.CANCELLED),
    S.SUBMITTED: (S.VA_ISSUED, S.REFERRED, S.CANCELLED),
    S.VA_ISSUED: (S.PAID, S.CANCELLED),
    S.PAID: (S.ACTIVE,),
    S.ACTIVE: (),
    # Another office's answer: covered or refused (closed), or self-paying after all (the
    # walk goes on from what was entered).
    S.ROUTED: (S.CLOSED, S.DRAFT, S.CANCELLED),
    # The family came back (a new KK from Dukcapil: the walk goes on), or the referral was
    # answered elsewhere (registered at the BPJS office).
    S.REFERRED: (S.DRAFT, S.CLOSED, S.CANCELLED),
    S.CANCELLED: (),
    S.CLOSED: (),
}
# A kind of case that takes another way than a registration's (kiosk.cases.kinds): a change
# asked of BPJS is submitted, then done (closed) or given up (cancelled).
_ASKED_OF_BPJS = {
    S.DRAFT: (S.SUBMITTED, S.CANCELLED), S.SUBMITTED: (S.CLOSED, S.CANCELLED),
    S.CLOSED: (), S.CANCELLED: (),
}  # fmt: skip
KIND_TRANSITIONS: dict[str, dict[CaseStatus, tuple[CaseStatus, ...]]] = {
    "data_update": _ASKED_OF_BPJS, "fktp_change": _ASKED_OF_BPJS, "class_change": _ASKED_OF_BPJS,
    # A new member: asked of BPJS; or a PBI mother's baby sent to Dinsos (routed); or a baby
    # past 3 months sent to Dukcapil for its NIK first (referred, and back as a draft).
    "add_member": {
        **_ASKED_OF_BPJS, S.DRAFT: (S.SUBMITTED, S.ROUTED, S.REFERRED, S.CANCELLED),
        S.ROUTED: (S.CLOSED, S.CANCELLED), S.REFERRED: (S.DRAFT, S.CLOSED, S.CANCELLED),
    },
}  # fmt: skip


def transitions_of(kind: str) -> dict[CaseStatus, tuple[CaseStatus, ...]]:
    return KIND_TRANSITIONS.get(kind, TRANSITIONS)


# When a case reached a status, kept on the case.
STAMPS = {
    S.SUBMITTED: "submitted_at", S.VA_ISSUED: "va_issued_at", S.PAID: "paid_at",
    S.ACTIVE: "activated_at",
}  # fmt: skip

# A family has at most one open case: the database's own index says which statuses are open
# (models.cases), so the rule and its enforcement cannot drift apart.
OPEN = tuple(CaseStatus(s) for s in OPEN_STATUSES)
CLOSED = tuple(s for s in TRANSITIONS if s not in OPEN)
# Open and handed to BPJS: what the reports count as registered.
REGISTERED = tuple(s for s in OPEN if s not in (S.DRAFT, S.ROUTED))
# Open and still on its way to an active card, or to another office's answer.
IN_PROGRESS = tuple(s for s in OPEN if s is not S.ACTIVE)
# Statuses an operator may cancel; past a draft it takes a supervisor.
CANCELLABLE = tuple(s for s, nexts in TRANSITIONS.items() if S.CANCELLED in nexts)
# A payment or a cancellation recorded by mistake is taken back by a supervisor: the case
# returns to where it was by a correcting event of its own, never by erasing the first.
CORRECTIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    S.PAID: (S.VA_ISSUED,),
    S.CANCELLED: CANCELLABLE,  # the status it was cancelled from
}
# Why a case is cancelled: the operator picks one and may add a note ("other" needs one).
CANCEL_REASONS = ("family_withdrew", "duplicate", "wrong_kk", "registered_elsewhere", "other")
REFERRAL_REASONS = ("kk_not_found_dukcapil", "kk_not_found_bpjs")
FAILURE_REASONS = ("kk_not_found", "already_registered")

# How a referral ends: the family came back (the walk goes on) or was served elsewhere.
REFERRAL_OUTCOMES = ("came_back", "served_elsewhere")

# What the operator can record on a case, by the status it leads to.
CASE_ACTIONS = {
    "bpjs_answer": S.VA_ISSUED, "paid": S.PAID, "cards": S.ACTIVE, "cancel": S.CANCELLED,
    "outcome": S.CLOSED,
}  # fmt: skip


def allowed_actions(status: str) -> set[str]:
    """The case-screen actions a status allows, derived from the lifecycle table."""
    nexts = TRANSITIONS.get(CaseStatus(status), ())
    return {action for action, target in CASE_ACTIONS.items() if target in nexts}


def transition(
    session: Session, case: Case, status: CaseStatus, operator_id: int | None, detail: str = "",
    *, via: tuple[CaseStatus, ...] = (), correction: bool = False,
) -> None:  # fmt: skip
    """Move the case to `status` inside the caller's transaction (the caller commits once).

    The UPDATE names the status it expects, so two kiosks moving one case at the same moment
    cannot both succeed: the second is told the case changed elsewhere. It also carries what
    the caller changed on the case and has not flushed: one statement writes the case.
    `via`: statuses passed on the way (a submission answered at once is submitted, then has
    its VA), each checked against the table, stamped and audited as its own change. A
    `correction` moves back by the CORRECTIONS table: the status taken back loses its date,
    and the event is a correction, not a status change.
    """
    old = CaseStatus(case.status)
    path = [CaseStatus(s) for s in (*via, status)]
    table = CORRECTIONS if correction else transitions_of(case.kind)
    hops = list(pairwise([old, *path]))
    for before, after in hops:
        if after not in table.get(before, ()):
            raise fail("case.bad_transition", old=before.value, new=after.value)
    final = path[-1]
    now = clock.utcnow()
    if inspect(case).pending:  # made in this transaction: inserted first, as it was made
        session.flush()
    values = _unflushed(case)
    values.update(status=final.value, updated_at=now)
    for before, after in hops:
        if correction and before in STAMPS:
            values[STAMPS[before]] = None
        elif not correction and after in STAMPS:
            values[STAMPS[after]] = now
    if final is not S.DRAFT:
        values.update(held_by=None, held_kiosk="", held_until=None)
        typed.forget(session, case.id)  # type: ignore[arg-type]  # no step is open any more
    # Marked as written before the flush, so the flush leaves the case to the UPDATE below;
    # a refused UPDATE rolls back, which expires them again.
    for key, value in values.items():
        set_committed_value(case, key, value)
    session.flush()
    moved = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.status == old.value)  # type: ignore[arg-type]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise fail("case.changed_elsewhere")
    if final not in OPEN:  # a closed case holds no one: they may register elsewhere
        session.execute(
            update(CaseMember)
            .where(CaseMember.case_id == case.id)  # type: ignore[arg-type]
            .values(open_nik=None)
            .execution_options(synchronize_session="fetch")
        )
    for before, after in hops:
        audit.record(
            session, "correction" if correction else "status", case_id=case.id,
            operator_id=operator_id, detail=f"{before}->{after}" + (f" {detail}" if detail else ""),
        )  # fmt: skip


def _unflushed(case: Case) -> dict[str, object]:
    """The case's column values set since it was last written."""
    state = inspect(case)
    changed: dict[str, object] = {}
    for column in state.mapper.column_attrs:
        added = state.attrs[column.key].history.added
        if added:
            changed[column.key] = added[0]
    return changed


def cancel_refused(status: str, role: str) -> Problem | None:
    """Why this operator may not cancel a case in this status, or None: past a draft (money
    or BPJS involved) only a supervisor may. Asked before the form is filled, and again when
    it is saved."""
    if status != S.DRAFT and role != "supervisor":
        return Problem("cancel.supervisor_only")
    return None


def cancel(session: Session, case: Case, reason: str, note: str, operator_id: int | None) -> None:
    """Close a case with its reason; past a draft (money or BPJS involved) only a supervisor."""
    if reason not in CANCEL_REASONS:
        raise fail("cancel.reason")
    if reason == "other" and not note.strip():
        raise fail("cancel.note_needed")
    if (control := text.control_problem(note)) is not None:
        raise WorkflowError(control)
    if case.status not in CANCELLABLE:
        raise fail("case.bad_transition", old=case.status, new=S.CANCELLED.value)
    operator = session.get(Operator, operator_id) if operator_id is not None else None
    refused = cancel_refused(case.status, operator.role if operator else "")
    if refused is not None:
        raise WorkflowError(refused)
    case.reason, case.reason_note = reason, note.strip()[:300]
    transition(session, case, S.CANCELLED, operator_id, reason)
    session.commit()
