"""Audit trail: who did what to which case, and when. Details never hold personal numbers.

Every event is a link of one hash chain: its hash covers its own fields and the previous
event's hash, so an edit, a deletion or an insertion anywhere breaks the chain at that point
(`verify`, `kiosk audit verify`). Events are sealed into the chain as the last step of the
transaction that wrote them, after the head row is locked: kiosks sharing a database append
one at a time, and a transaction that rolls back leaves no link behind.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.errors import Problem
from models import AuditEvent, AuditHead

GENESIS = "0" * 64  # the "previous hash" of the first event
_PENDING = "audit_pending"  # session.info: events added in this transaction, to be sealed


def record(
    session: Session,
    action: str,
    *,
    case_id: int | None = None,
    operator_id: int | None = None,
    detail: str = "",
) -> None:
    """Add an event to the caller's transaction; it joins the chain when that commits.

    The row is written only then, sealed (its place and hashes set): an event is inserted
    once and never updated, so desk roles need no right to change the trail."""
    entry = AuditEvent(
        case_id=case_id, operator_id=operator_id, at=clock.utcnow(), action=action, detail=detail
    )
    session.info.setdefault(_PENDING, []).append(entry)


def link_hash(
    seq: int, at: datetime, action: str, case_id: int | None, operator_id: int | None,
    detail: str, prev: str,
) -> str:  # fmt: skip
    """The hash of one event: a canonical encoding of its fields and the previous hash."""
    body = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), action, case_id, operator_id, detail, prev],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# A KK, NIK or card number in a file name (`data-3205100102150007.json`): the trail can never
# be erased without breaking its chain, so it never holds one. Dates are left alone.
_PERSONAL_NUMBER = re.compile(r"\d(?:[ .]?\d){11,}")


def _masked(found: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", found.group())
    return "*" * (len(digits) - 4) + digits[-4:]


def file_name(path: object) -> str:
    """A file's name as the trail may hold it: any personal number in it masked."""
    from pathlib import Path

    return _PERSONAL_NUMBER.sub(_masked, Path(str(path)).name)


def exported(session: Session, what: str, path: object, operator_id: int | None = None) -> None:
    """A file left the kiosk (a slip, a report, a backup): what, and its name, in the trail."""
    record(session, "export", operator_id=operator_id, detail=f"{what} {file_name(path)}"[:300])
    session.commit()


@event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()
    # Lock the head first (PostgreSQL: this row; SQLite: the writer's lock is already held).
    # Nothing else is locked after it, so kiosks waiting here can never deadlock.
    head = session.execute(
        text("UPDATE audithead SET seq = seq WHERE id = 1 RETURNING seq, hash")
    ).first()
    seq, prev = (head[0], head[1]) if head is not None else (0, GENESIS)
    for entry in pending:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = link_hash(
            seq, entry.at, entry.action, entry.case_id, entry.operator_id, entry.detail, prev
        )
        session.add(entry)
    if head is None:  # a database made before the chain's migration ran (tests' own tables)
        session.add(AuditHead(id=1, seq=seq, hash=prev))
    else:
        session.execute(
            text("UPDATE audithead SET seq = :seq, hash = :hash WHERE id = 1"),
            {"seq": seq, "hash": prev},
        )
    session.flush()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class ChainCheck:
    checked: int  # events read
    head_seq: int
    head_hash: str
    problem: Problem | None = None  # the first break, in words

    @property
    def ok(self) -> bool:
        return self.problem is None


def _sealed(session: Session, batch: int = 5000) -> Iterator[Any]:
    """The chain in order, as plain rows read in batches: a long trail is never held whole."""
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    after = 0
    while True:
        rows = session.execute(
            sa_select(table).where(table.c.seq > after).order_by(table.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify(session: Session) -> ChainCheck:
    """Walk the chain from the first event: the first event that is missing, altered, out of
    place or outside the chain is named; the head must name the last event."""
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, GENESIS)
    outside = session.exec(
        select(AuditEvent.id).where(col(AuditEvent.seq).is_(None)).order_by(col(AuditEvent.id))
    ).first()
    if outside is not None:
        return ChainCheck(0, head_seq, head_hash, Problem("audit.check.outside", {"id": outside}))
    expected, prev, count = 1, GENESIS, 0
    for e in _sealed(session):
        count += 1
        where: dict[str, object] = {"seq": e.seq, "id": e.id}
        if e.seq != expected:
            return ChainCheck(
                count, head_seq, head_hash, Problem("audit.check.missing", {"seq": expected})
            )
        if e.prev_hash != prev:
            return ChainCheck(count, head_seq, head_hash, Problem("audit.check.link", where))
        if (
            link_hash(e.seq, e.at, e.action, e.case_id, e.operator_id, e.detail, e.prev_hash)
            != e.hash
        ):
            return ChainCheck(count, head_seq, head_hash, Problem("audit.check.altered", where))
        expected, prev = expected + 1, e.hash
    if head_seq != expected - 1 or head_hash != prev:
        problem = Problem("audit.check.head", {"seq": head_seq, "last": expected - 1})
        return ChainCheck(count, head_seq, head_hash, problem)
    return ChainCheck(count, head_seq, head_hash)


def search(
    session: Session, *, case: str = "", operator: str = "", action: str = "", day: str = "",
    limit: int = 200,
) -> list[tuple[AuditEvent, str, str]] | Problem:  # fmt: skip
    """The newest events matching every filter given (case code, operator name, action,
    a day typed as HH-BB-TTTT), each with its operator's name and its case's code."""
    from datetime import timedelta

    from kiosk.rules import casecode
    from models import Case, Operator

    stmt = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    if case.strip():
        code = casecode.normalise(case)
        found = session.exec(select(Case.id).where(Case.code == code)).first() if code else None
        if found is None:
            return Problem("auditview.no_case")
        stmt = stmt.where(AuditEvent.case_id == found)
    if operator.strip():
        who = session.exec(select(Operator.id).where(Operator.name == operator.strip())).first()
        if who is None:
            return Problem("operator.unknown", {"name": operator.strip()})
        stmt = stmt.where(AuditEvent.operator_id == who)
    if action.strip():
        stmt = stmt.where(col(AuditEvent.action).startswith(action.strip().lower()))
    if day.strip():
        on = clock.parse_date(day)
        if on is None:
            return Problem("auditview.bad_day")
        start = clock.day_start_utc(on)
        stmt = stmt.where(
            col(AuditEvent.at) >= start, col(AuditEvent.at) < start + timedelta(days=1)
        )
    events = session.exec(stmt.limit(limit)).all()
    names = {o.id: o.name for o in session.exec(select(Operator)).all()}
    case_ids = {e.case_id for e in events if e.case_id is not None}
    codes = (
        {c.id: c.code for c in session.exec(select(Case).where(col(Case.id).in_(case_ids)))}
        if case_ids else {}
    )  # fmt: skip
    return [(e, names.get(e.operator_id, ""), codes.get(e.case_id, "")) for e in events]


def history(session: Session, case_id: int) -> list[tuple[AuditEvent, str]]:
    """A case's events, newest first, each with the name of the operator who did it."""
    from sqlmodel import col, select

    from models import Operator

    events = session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(col(AuditEvent.at).desc())
    ).all()
    names = {o.id: o.name for o in session.exec(select(Operator)).all()}
    return [(e, names.get(e.operator_id, "")) for e in events]


def describe(action: str, detail: str) -> str:
    """An audit event in the operator's words ("Status: Draf -> VA terbit (latihan)"),
    not its stored codes. Details never hold personal numbers in clear, so neither does this."""
    from kiosk.base.i18n import t

    if action == "status" and "->" in detail:
        move, _, extra = detail.partition(" ")
        old, _, new = move.partition("->")
        text = t("audit.status", old=_label("status", old), new=_label("status", new))
        if extra.startswith("fktp_mismatch x"):
            text += f" ({t('audit.card_differs', count=extra.rpartition('x')[2])})"
        elif extra:
            text += (
                f" ({_label('reason', extra) if extra not in _GATEWAYS else t(_GATEWAYS[extra])})"
            )
        return text
    if action in _DATED:
        day, _, extra = detail.partition(" ")
        shown = _dmy(day)
        if action == "paid_on":
            words = t("audit.outside_window") if extra else ""
        else:
            words = _label("channel", extra)
        return t(f"audit.{action}", date=shown, extra=words)
    if action == "gateway_refused":
        reason = detail.partition(" ")[0]
        return t("audit.gateway_refused", reason=_label("reason", reason))
    key = f"audit.{action}"
    text = t(key, detail=detail)
    return f"{action} {detail}".strip() if text == key else text


# Events whose detail is an ISO date and one more word (shown as DD-MM-YYYY and in words).
_DATED = ("paid_on", "fktp_change", "fktp_change_again")


def _dmy(iso: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso


_GATEWAYS = {"training": "audit.gateway_training", "manual": "audit.gateway_manual"}


def _label(kind: str, code: str) -> str:
    from kiosk.base.i18n import t

    key = f"{kind}.{code}"
    text = t(key)
    return code if text == key else text
