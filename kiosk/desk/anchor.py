"""Anchors of the audit chain, kept where a database writer cannot reach them.

The chain (kiosk.desk.audit) shows an edit anywhere, and the kiosks' signatures show a
relinked or forged event; but a trail cut short with its head moved back, or wiped, is still
a chain. So at each day's first event, at every backup and every `audit verify`, this kiosk
writes the chain's head (its place and hash), the first signed event and the keys
registered then, signed with its own key, as one line of `audit-anchors.jsonl` in its data
directory (and the report prints the one it makes). `audit verify` then holds the database
to every anchor since the last restore: each anchored event must still be there with the
same hash, the head no earlier, the keys the same. An anchor made right after a whole
verify (and only such an anchor) also vouches for the signatures up to it, so a later verify
checks only what came after. A day's anchor is made without a verify: it pins hashes, so
a trail cut before it still shows against an earlier anchor, but it vouches for nothing.
A restore writes an anchor of what it restored: the trail lost since the backup is known,
and said, once; anchors before it are not held to any more.

Each database a kiosk uses has its own anchors (keyed by its address, without password).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from kiosk.base import clock, config, system
from kiosk.base.errors import Problem
from kiosk.desk import keyfile
from models import AuditEvent, AuditHead, SigningKey

ANCHOR_FILE = "audit-anchors.jsonl"
GENESIS = "0" * 64  # the "previous hash" of the first event, and a chain's empty head


@dataclass(frozen=True)
class Anchor:
    db: str
    seq: int
    hash: str
    signed_from: int  # the first signed event's place, 0 while none is signed
    keys: dict[str, str] = field(default_factory=dict)  # key id -> public key, hex
    at: str = ""
    why: str = ""  # day, backup, verify, restore
    kid: str = ""  # the anchoring kiosk's key ...
    pub: str = ""  # ... and its public half, which checks `sig`
    sig: str = ""

    def body(self) -> bytes:
        fields = asdict(self)
        fields.pop("sig")
        return b"jkn-audit-anchor:" + json.dumps(fields, sort_keys=True).encode()


def database_key(session: Session) -> str:
    """Which database an anchor is of: its address without the password, hashed."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def path() -> Path:
    return config.data_dir() / ANCHOR_FILE


def prepare(session: Session, why: str, head: tuple[int, str] | None = None) -> Anchor:
    """An anchor of the chain as this transaction sees it (`head` when it is being moved)."""
    if head is None:
        row = session.get(AuditHead, 1)
        head = (row.seq, row.hash) if row is not None else (0, GENESIS)
    first = session.exec(select(func.min(AuditEvent.seq)).where(col(AuditEvent.sig) != "")).one()
    keys = {k.kid: k.public_key for k in session.exec(select(SigningKey))}
    private = keyfile.local_key()
    pub = keyfile.raw_public(private)
    unsigned = Anchor(
        db=database_key(session), seq=head[0], hash=head[1], signed_from=first or 0, keys=keys,
        at=clock.utcnow().isoformat(timespec="seconds"), why=why, kid=keyfile.kid_of(pub),
        pub=pub.hex(),
    )  # fmt: skip
    return Anchor(**{**asdict(unsigned), "sig": private.sign(unsigned.body()).hex()})


_lock = threading.Lock()
# (anchor file, database) -> the local day of the newest anchor written there
_last_day: dict[tuple[Path, str], date] = {}


def append(anchor: Anchor) -> None:
    """One line more, flushed to the disk before the caller goes on."""
    line = json.dumps(asdict(anchor), sort_keys=True) + "\n"
    with _lock:
        fd = os.open(path(), system.binary(os.O_WRONLY | os.O_CREAT | os.O_APPEND), 0o600)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        _last_day[(path(), anchor.db)] = _local_day(anchor)


def write(session: Session, why: str) -> Anchor:
    anchor = prepare(session, why)
    append(anchor)
    return anchor


def _local_day(anchor: Anchor) -> date:
    return clock.to_local(datetime.fromisoformat(anchor.at)).date()


def due(session: Session) -> bool:
    """Whether today has no anchor of this database from this kiosk yet."""
    db = database_key(session)
    where = (path(), db)
    with _lock:
        if where not in _last_day:
            found = _held(db, signatures=False)
            if isinstance(found, list) and found:
                _last_day[where] = _local_day(found[-1])
        last = _last_day.get(where)
    return last != clock.to_local(clock.utcnow()).date()


def _held(db: str, *, signatures: bool = True) -> list[Anchor] | Problem:
    """The anchors of `db` since its last restore, oldest first, or the problem with the
    file: a line that is not an anchor, or whose signature does not hold (it was edited)."""
    try:
        handle = path().open(encoding="utf-8")
    except FileNotFoundError:
        return []
    found: list[Anchor] = []
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                anchor = Anchor(**json.loads(line))
                ok = not signatures or keyfile.signs(
                    keyfile.public_from_hex(anchor.pub), anchor.sig, anchor.body()
                )
            except (ValueError, TypeError):
                ok = False
            if not ok:
                return Problem("anchor.damaged", {"file": ANCHOR_FILE, "line": number})
            if anchor.db == db:
                found = [anchor] if anchor.why == "restore" else [*found, anchor]
    return found


def held(session: Session) -> list[Anchor] | Problem:
    return _held(database_key(session))


def newest(session: Session) -> Anchor | Problem | None:
    found = held(session)
    return found if isinstance(found, Problem) else (found[-1] if found else None)


def vouched(anchors: list[Anchor]) -> int:
    """Up to where the signatures were checked whole: the newest anchor made by a verify
    that found the trail intact (0: none)."""
    return max((a.seq for a in anchors if a.why == "verify"), default=0)


def check(anchor: Anchor, head_seq: int, hashes: dict[int, str], keys: dict[str, str],
          signed_from: int) -> Problem | None:  # fmt: skip
    """The database's chain against one anchor: `hashes` holds the hash at each anchored
    place still there, `keys` the keys registered now."""
    where = {"seq": anchor.seq, "at": anchor.at[:10], "head": head_seq}
    if head_seq < anchor.seq or (anchor.seq not in hashes and anchor.seq > 0):
        return Problem("audit.check.truncated", where)
    if anchor.seq > 0 and hashes[anchor.seq] != anchor.hash:
        return Problem("audit.check.anchor", where)
    if anchor.signed_from and signed_from != anchor.signed_from:
        return Problem("audit.check.unsigned", {"seq": anchor.signed_from})
    for kid, pub in anchor.keys.items():
        if keys.get(kid) != pub:
            return Problem("audit.check.key_changed", {"kid": kid})
    return None
