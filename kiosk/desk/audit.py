"""Audit trail: who did what to which case, and when. Details never hold personal numbers.

Every event is a link of one hash chain: its hash covers its own fields and the previous
event's hash, so an edit, a deletion or an insertion anywhere breaks the chain at that point
(`verify`, `kiosk audit verify`). Events are sealed into the chain as the last step of the
transaction that wrote them, after the head row is locked: kiosks sharing a database append
one at a time, and a transaction that rolls back leaves no link behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.errors import Problem
from kiosk.desk import anchor
from models import AuditEvent, AuditHead

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

GENESIS = anchor.GENESIS
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


def local_signer(session: Session) -> tuple[str, Ed25519PrivateKey]:
    """This kiosk's key (kiosk.desk.keyfile) and its id. A key new to this database is
    registered in the caller's transaction: its public half, and a `signing_key_added`
    event that the key itself signs (the proof that the one who registered it holds it)."""
    from kiosk.base import config
    from kiosk.desk import keyfile
    from models import SigningKey

    private = keyfile.local_key()
    raw = keyfile.raw_public(private)
    kid = keyfile.kid_of(raw)
    # Looked up at every seal (a primary-key read): a key row lost with a restore or a
    # truncated table is registered again, never assumed.
    if session.get(SigningKey, kid) is None:
        from kiosk.base.database import insert_for

        name = config.kiosk_name()[:40]
        # Two processes of one kiosk may register its key at the same moment: one row.
        added = session.execute(
            insert_for(session.connection(), SigningKey.__table__)  # type: ignore[attr-defined]
            .values(kid=kid, public_key=raw.hex(), kiosk=name, created_at=clock.utcnow())
            .on_conflict_do_nothing()
        )
        if added.rowcount:  # type: ignore[attr-defined]  # (else another process just did)
            pending = session.info.setdefault(_PENDING, [])
            pending.insert(0, AuditEvent(at=clock.utcnow(), action="signing_key_added",
                                         detail=f"{kid} {name}"[:300]))  # fmt: skip
    return kid, private


def registering(session: Session) -> bool:
    """Whether this transaction registers this kiosk's key (it must then be committed)."""
    return any(e.action == "signing_key_added" for e in session.info.get(_PENDING, ()))


def signed_message(link: str) -> bytes:
    """What a kiosk signs for an event: its hash, in a form no slip token can take."""
    return f"jkn-audit-event:{link}".encode()


@event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    if not session.info.get(_PENDING):
        return
    kid, key = local_signer(session)  # may add its own registration to the events
    pending = session.info.pop(_PENDING)
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
        entry.kid, entry.sig = kid, key.sign(signed_message(entry.hash)).hex()
        session.add(entry)
    if head is None:  # a database made before the chain's migration ran (tests' own tables)
        session.add(AuditHead(id=1, seq=seq, hash=prev))
    else:
        session.execute(
            text("UPDATE audithead SET seq = :seq, hash = :hash WHERE id = 1"),
            {"seq": seq, "hash": prev},
        )
    session.flush()
    if anchor.due(session):  # the day's first event: its anchor is written once committed
        session.info[_ANCHOR] = anchor.prepare(session, "day", head=(seq, prev))


_ANCHOR = "audit_anchor"


@event.listens_for(Session, "after_commit")
def _anchor_day(session: Session) -> None:
    prepared = session.info.pop(_ANCHOR, None)
    if prepared is not None:
        # The data folder unwritable: the next event tries again, and verify says so.
        with contextlib.suppress(OSError):
            anchor.append(prepared)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_ANCHOR, None)


@dataclass(frozen=True)
class ChainCheck:
    checked: int  # events read
    head_seq: int
    head_hash: str
    problem: Problem | None = None  # the first break, in words
    anchor: anchor.Anchor | None = None  # the newest of the anchors the chain was held to

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


class _Keys:
    """The registered keys, and what the chain proves of them."""

    def __init__(self, session: Session) -> None:
        from models import SigningKey

        rows = list(session.exec(select(SigningKey)))
        self.public = {k.kid: k.public_key for k in rows}
        self._parsed: dict[str, Any] = {}  # key id -> its key, parsed once per verify
        self.revoked = {k.kid: k.revoked_from for k in rows if k.revoked_from is not None}
        self.proven: set[str] = set()  # registered by an event the key itself signed
        self.revocations: dict[str, str] = {}  # key id -> the day, as the trail records it

    def problem(self, e: Any, pinned: bool, legacy: bool) -> Problem | None:
        """What is wrong with event `e`'s signature: `pinned` events are vouched for by an
        anchor's hash already; `legacy` ones come before the kiosks signed."""
        where = {"seq": e.seq, "id": e.id}
        if e.action == "signing_key_added":
            kid = e.detail.partition(" ")[0]
            if e.kid == kid or (legacy and not e.sig):
                self.proven.add(kid)
        elif e.action == "signing_key_revoked":
            kid, _, day = e.detail.partition(" ")
            self.revocations[kid] = day
        if not e.sig:
            return None if legacy else Problem("audit.check.unsigned", {"seq": e.seq})
        revoked = self.revoked.get(e.kid)
        if revoked is not None and e.at.date() >= revoked:
            return Problem("audit.check.revoked", {**where, "kid": e.kid})
        if pinned:
            return None
        from kiosk.desk import keyfile

        if e.kid not in self._parsed:
            public = self.public.get(e.kid)
            self._parsed[e.kid] = keyfile.public_from_hex(public) if public else None
        if not keyfile.signs(self._parsed[e.kid], e.sig, signed_message(e.hash)):
            return Problem("audit.check.signature", where)
        return None


def verify(session: Session) -> ChainCheck:
    """Walk the chain from the first event: the first event that is missing, altered, out of
    place, outside the chain, unsigned or signed by no registered key is named; the head must
    name the last event; every registered key must have been registered through the kiosk
    (an event it signed itself), and its revocation be the one the trail records; and the
    chain must still hold every anchor this kiosk made since the last restore."""
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, GENESIS)
    anchors = anchor.held(session)
    if isinstance(anchors, Problem):
        return ChainCheck(0, head_seq, head_hash, anchors)
    anchored = anchors[-1] if anchors else None

    def done(count: int, problem: Problem | None) -> ChainCheck:
        return ChainCheck(count, head_seq, head_hash, problem, anchored)

    outside = session.exec(
        select(AuditEvent.id).where(col(AuditEvent.seq).is_(None)).order_by(col(AuditEvent.id))
    ).first()
    if outside is not None:
        return done(0, Problem("audit.check.outside", {"id": outside}))
    keys = _Keys(session)
    pinned_to = anchor.vouched(anchors)
    anchored_at = {a.seq for a in anchors}
    first_signed = 0
    at_anchor: dict[int, str] = {}
    expected, prev, count = 1, GENESIS, 0
    for e in _sealed(session):
        count += 1
        where: dict[str, object] = {"seq": e.seq, "id": e.id}
        if e.seq != expected:
            return done(count, Problem("audit.check.missing", {"seq": expected}))
        if e.prev_hash != prev:
            return done(count, Problem("audit.check.link", where))
        if (
            link_hash(e.seq, e.at, e.action, e.case_id, e.operator_id, e.detail, e.prev_hash)
            != e.hash
        ):
            return done(count, Problem("audit.check.altered", where))
        if e.sig and not first_signed:
            first_signed = e.seq
        signature = keys.problem(e, pinned=e.seq <= pinned_to, legacy=not first_signed)
        if signature is not None:
            return done(count, signature)
        if e.seq in anchored_at:
            at_anchor[e.seq] = e.hash
        expected, prev = expected + 1, e.hash
    if head_seq != expected - 1 or head_hash != prev:
        return done(count, Problem("audit.check.head", {"seq": head_seq, "last": expected - 1}))
    for held in anchors:
        problem = anchor.check(held, head_seq, at_anchor, keys.public, first_signed)
        if problem is not None:
            return done(count, problem)
    unproven = sorted(set(keys.public) - keys.proven)
    if unproven:
        return done(count, Problem("audit.check.unaudited_key", {"kid": unproven[0]}))
    stored = {kid: day.isoformat() for kid, day in keys.revoked.items()}
    for kid in sorted(set(stored) | set(keys.revocations)):
        if stored.get(kid) != keys.revocations.get(kid):  # a revocation lifted or forged
            return done(count, Problem("audit.check.revocation", {"kid": kid}))
    return done(count, None)


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

    newest = (col(AuditEvent.at).desc(), col(AuditEvent.seq).desc())  # one commit: one `at`
    events = session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(*newest)
    ).all()
    names = {o.id: o.name for o in session.exec(select(Operator)).all()}
    return [(e, names.get(e.operator_id, "")) for e in events]


def move(detail: str) -> tuple[str, str, str]:
    """A status or correction event's detail ("paid->va_issued reason"), read: the old
    status, the new one, and what follows (a reason, a gateway, a supervisor's words)."""
    moved, _, extra = detail.partition(" ")
    old, _, new = moved.partition("->")
    return old, new, extra


def describe(action: str, detail: str) -> str:
    """An audit event in the operator's words ("Status: Draf -> VA terbit (latihan)"),
    not its stored codes. Details never hold personal numbers in clear, so neither does this."""
    from kiosk.base.i18n import t

    if action == "status" and "->" in detail:
        old, new, extra = move(detail)
        text = t("audit.status", old=_label("status", old), new=_label("status", new))
        if extra.startswith("fktp_mismatch x"):
            text += f" ({t('audit.card_differs', count=extra.rpartition('x')[2])})"
        elif extra in _GATEWAYS:
            text += f" ({t(_GATEWAYS[extra])})"
        elif extra:  # a reason, else the channel a change was asked through
            said = _label("reason", extra)
            text += f" ({_label('channel', extra) if said == extra else said})"
        return text
    if action == "correction":  # a supervisor took a payment or a cancellation back
        old, new, reason = move(detail)
        return t("audit.correction", old=_label("status", old), new=_label("status", new),
                 reason=reason)  # fmt: skip
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
