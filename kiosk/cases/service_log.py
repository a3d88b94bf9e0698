"""The desk's log of every person served, registration or not: a walk-in who only asked, a
complaint, a status check. One quick entry each: the kind of service, what it was about, how
it ended (not done: why), and, if asked, how satisfied the person was. Nothing personal is
asked, and a note that holds a personal number is refused, so the log can be kept and counted
without a retention period of its own.

Registrations and the other cases are counted from the case store; the log counts what leaves
no case behind, and may be kept for a case's visit too (the reports count both apart).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from kiosk.base import clock, config, text
from kiosk.base.errors import Problem, WorkflowError
from kiosk.desk import audit, settings
from models import ServiceEntry

SERVICES = ("information", "administration", "complaint")
# What the person came about, in the order the form offers it.
TOPICS = (
    "registration", "status", "member", "arrears", "fktp_class", "data_update", "pbi",
    "payment", "other",
)  # fmt: skip
OUTCOMES = ("done", "not_done")
NOT_DONE = ("documents", "bpjs_system", "needs_office", "left", "other")
SATISFACTION = ("satisfied", "neutral", "unsatisfied")  # "" when not asked
NOTE_MAX = 200


@dataclass(frozen=True)
class Entry:
    """An entry as the form gives it; "" for what was not chosen."""

    service: str
    topic: str
    outcome: str
    reason: str = ""
    satisfaction: str = ""
    note: str = ""


def problems(entry: Entry) -> dict[str, Problem]:
    """What is wrong with an entry, per field ("" for none)."""
    found: dict[str, Problem] = {}
    for name, allowed in (("service", SERVICES), ("topic", TOPICS), ("outcome", OUTCOMES)):
        if getattr(entry, name) not in allowed:
            found[name] = Problem(f"log.{name}_missing")
    if entry.outcome == "not_done" and entry.reason not in NOT_DONE:
        found["reason"] = Problem("log.reason_missing")
    if entry.satisfaction and entry.satisfaction not in SATISFACTION:
        found["satisfaction"] = Problem("log.satisfaction_missing")
    if entry.reason == "other" and not entry.note.strip():
        found["note"] = Problem("log.note_needed")
    elif (wrong := text.note_problem(entry.note, NOTE_MAX)) is not None:
        found["note"] = wrong
    return found


def record(session: Session, entry: Entry, operator_id: int | None) -> ServiceEntry:
    """Keep an entry (refused with the first problem, nothing kept); audited without the note."""
    found = problems(entry)
    if found:
        raise WorkflowError(next(iter(found.values())))
    now = clock.utcnow()
    row = ServiceEntry(
        at=now, day=clock.today(), operator_id=operator_id,
        kiosk=config.kiosk_name()[:40], service=entry.service, topic=entry.topic,
        outcome=entry.outcome, reason=entry.reason if entry.outcome == "not_done" else "",
        satisfaction=entry.satisfaction, note=" ".join(entry.note.split()),
        training=settings.is_training(session),
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, "service_logged", operator_id=operator_id,
                 detail=f"{row.id} {entry.service} {entry.topic} {row.outcome} {row.reason}".strip())  # fmt: skip
    session.commit()
    return row


def served_today(session: Session) -> int:
    """People logged at this desk's database today (training entries apart from real ones)."""
    from sqlmodel import func, select

    training = settings.is_training(session)
    return session.exec(
        select(func.count())
        .select_from(ServiceEntry)
        .where(ServiceEntry.day == clock.today(), ServiceEntry.training == training)
    ).one()
