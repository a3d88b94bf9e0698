"""The audit trail held to signatures and to this kiosk's anchors: every way a database
writer could rewrite history is found (the 18 tamperings of the review), and slip keys can
be revoked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.desk import anchor, audit, keyfile, qrtoken, signing
from models import AuditEvent, AuditHead, Case, SigningKey
from tests.helpers.keys import plant_key
from tests.helpers.stores import register_own_key

GENESIS = audit.GENESIS


def _run(engine: Engine, sql: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(sql), params)


def _anchored(engine: Engine) -> int:
    """Events of this kiosk, an anchor, then three events more; the anchored place."""
    with make_session(engine) as s:
        register_own_key(s)
        for n in range(3):
            audit.record(s, "login", detail=f"before {n}")
            s.commit()
        seq = anchor.write(s, "verify").seq
        for n in range(3):
            audit.record(s, "login", detail=f"after {n}")
            s.commit()
        assert audit.verify(s).ok
    return seq


def _relink(engine: Engine, start: int) -> None:
    """What a forger with the database does after a change: recompute every hash from
    `start` on (the algorithm is public) and move the head."""
    with make_session(engine) as s:
        before = s.exec(select(AuditEvent).where(AuditEvent.seq == start - 1)).first()
        prev = before.hash if before is not None else GENESIS
        rows = s.exec(
            select(AuditEvent).where(col(AuditEvent.seq) >= start).order_by(col(AuditEvent.seq))
        ).all()
        for e in rows:
            e.prev_hash = prev
            e.hash = prev = audit.link_hash(
                e.seq or 0, e.at, e.action, e.case_id, e.operator_id, e.detail, prev
            )
            s.add(e)
        head = s.get(AuditHead, 1)
        assert head is not None
        head.seq, head.hash = (rows[-1].seq or 0, prev) if rows else (start - 1, prev)
        s.add(head)
        s.commit()


def _head(engine: Engine) -> int:
    with make_session(engine) as s:
        head = s.get(AuditHead, 1)
        assert head is not None
        return head.seq


def _swap(engine: Engine, a: int) -> None:
    _run(engine, "UPDATE auditevent SET seq = -1 WHERE seq = :a", a=a)
    _run(engine, "UPDATE auditevent SET seq = :a WHERE seq = :b", a=a, b=a + 1)
    _run(engine, "UPDATE auditevent SET seq = :b WHERE seq = -1", b=a + 1)


def _forged_append(engine: Engine) -> None:
    with make_session(engine) as s:
        head = s.get(AuditHead, 1)
        last = s.exec(select(AuditEvent).where(AuditEvent.seq == head.seq)).one()  # type: ignore[union-attr]
        seq, at = last.seq + 1, clock.utcnow()  # type: ignore[operator]
        link = audit.link_hash(seq, at, "cancel", None, None, "forged", last.hash)
        s.add(AuditEvent(at=at, action="cancel", detail="forged", seq=seq, prev_hash=last.hash,
                         hash=link, kid=last.kid, sig=last.sig))  # fmt: skip
        head.seq, head.hash = seq, link  # type: ignore[union-attr]
        s.add(head)
        s.commit()


def _delete_renumber_relink(engine: Engine, seq: int) -> None:
    _run(engine, "DELETE FROM auditevent WHERE seq = :s", s=seq)
    top = _head(engine)
    for n in range(seq + 1, top + 1):
        _run(engine, "UPDATE auditevent SET seq = :m WHERE seq = :n", m=n - 1, n=n)
    _relink(engine, seq)


def _truncate_and_move_head(engine: Engine, keep: int) -> None:
    _run(engine, "DELETE FROM auditevent WHERE seq > :k", k=keep)
    _run(
        engine,
        "UPDATE audithead SET seq = :k, hash = (SELECT hash FROM auditevent WHERE seq = :k)",
        k=keep,
    )


def _wipe(engine: Engine) -> None:
    _run(engine, "UPDATE fktpchange SET case_id = case_id")  # (nothing points to events)
    _run(engine, "DELETE FROM auditevent")
    _run(engine, "UPDATE audithead SET seq = 0, hash = :g", g=GENESIS)


TAMPERINGS: dict[str, Callable[[Engine, int], None]] = {
    "edit time": lambda e, a: _run(
        e, "UPDATE auditevent SET at = :t WHERE seq = :s", t="2026-01-01 00:00:00", s=a - 1
    ),
    "edit action": lambda e, a: _run(
        e, "UPDATE auditevent SET action = 'cancel' WHERE seq = :s", s=a - 1
    ),
    "edit case": lambda e, a: _run(
        e, 'UPDATE auditevent SET case_id = (SELECT min(id) FROM "case") WHERE seq = :s', s=a - 1
    ),
    "edit operator": lambda e, a: _run(
        e,
        "UPDATE auditevent SET operator_id = (SELECT min(id) FROM operator) WHERE seq = :s",
        s=a - 1,
    ),
    "edit detail": lambda e, a: _run(
        e, "UPDATE auditevent SET detail = 'x' WHERE seq = :s", s=a - 1
    ),
    "hash only": lambda e, a: _run(
        e, "UPDATE auditevent SET hash = :h WHERE seq = :s", h="f" * 64, s=a - 1
    ),
    "prev only": lambda e, a: _run(
        e, "UPDATE auditevent SET prev_hash = :h WHERE seq = :s", h="e" * 64, s=a - 1
    ),
    "swap": lambda e, a: _swap(e, a - 2),
    "delete middle": lambda e, a: _run(e, "DELETE FROM auditevent WHERE seq = :s", s=a - 1),
    "delete last": lambda e, a: _run(e, "DELETE FROM auditevent WHERE seq = :s", s=_head(e)),
    "insert outside": lambda e, a: _run(
        e,
        "INSERT INTO auditevent (at, action, detail, prev_hash, hash, kid, sig) "
        "VALUES ('2026-01-01 00:00:00', 'login', '', '', '', '', '')",
    ),
    "truncate and move head": lambda e, a: _truncate_and_move_head(e, a - 1),
    "forged append": lambda e, a: _forged_append(e),
    "edit and relink": lambda e, a: (
        _run(e, "UPDATE auditevent SET detail = 'x' WHERE seq = :s", s=a - 1),
        _relink(e, a - 1),
    ),
    "delete, renumber and relink": lambda e, a: _delete_renumber_relink(e, a - 1),
    "wipe": lambda e, a: _wipe(e),
    "delete head": lambda e, a: _run(e, "DELETE FROM audithead"),
    "edit after the anchor and relink": lambda e, a: (
        _run(e, "UPDATE auditevent SET detail = 'x' WHERE seq = :s", s=a + 2),
        _relink(e, a + 2),
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_every_way_of_rewriting_the_trail_is_found(demo_engine: Engine, tampering: str) -> None:
    anchored = _anchored(demo_engine)
    TAMPERINGS[tampering](demo_engine, anchored)
    with make_session(demo_engine) as s:
        check = audit.verify(s)
    assert check.problem is not None, tampering
    assert check.problem.message  # said in words


def test_the_trail_is_held_to_the_anchor_and_a_restore_re_anchors_it(demo_engine: Engine) -> None:
    anchored = _anchored(demo_engine)
    with make_session(demo_engine) as s:
        check = audit.verify(s)
        assert check.ok and check.anchor is not None and check.anchor.seq == anchored
    _truncate_and_move_head(demo_engine, anchored - 1)
    with make_session(demo_engine) as s:
        problem = audit.verify(s).problem
        assert problem is not None and problem.key == "audit.check.truncated"
        anchor.write(s, "restore")  # what `kiosk restore` does once it has said so
        assert audit.verify(s).ok


def test_the_day_s_first_event_anchors_the_chain(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = demo_session
    monkeypatch.setenv("KIOSK_DATA_DIR", str(plant_key(tmp_path / "fresh")))  # no anchor yet
    assert anchor.newest(s) is None
    audit.record(s, "login", detail="the day's first")
    s.commit()
    newest = anchor.newest(s)
    assert newest is not None and not isinstance(newest, anchor.Problem)
    assert newest.why == "day" and newest.seq == s.get(AuditHead, 1).seq  # type: ignore[union-attr]
    audit.record(s, "login", detail="later the same day")
    s.commit()
    assert anchor.newest(s) == newest  # once a day
    assert audit.verify(s).ok


def test_an_edited_anchor_file_is_said(demo_session: Session) -> None:
    s = demo_session
    register_own_key(s)
    anchor.write(s, "verify")
    lines = anchor.path().read_text().splitlines()
    anchor.path().write_text("\n".join([*lines[:-1], lines[-1].replace('"seq": ', '"seq": 1')]))
    problem = audit.verify(s).problem
    assert problem is not None and problem.key == "anchor.damaged"


def test_a_key_added_to_the_database_by_hand_is_found(demo_session: Session) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    s = demo_session
    raw = keyfile.raw_public(Ed25519PrivateKey.generate())
    s.add(SigningKey(kid=keyfile.kid_of(raw), public_key=raw.hex(), created_at=clock.utcnow()))
    s.commit()
    problem = audit.verify(s).problem
    assert problem is not None and problem.key == "audit.check.unaudited_key"


def test_a_revoked_key_stops_slips_and_events_from_its_day_on(demo_session: Session) -> None:
    s = demo_session
    old_case, new_case = s.exec(select(Case).where(Case.status == "va_issued")).all()[:2]
    old_case.va_issued_at = clock.utcnow() - timedelta(days=10)
    new_case.va_issued_at = clock.utcnow()
    s.add_all([old_case, new_case])
    s.commit()
    old_token, new_token = qrtoken.make(s, old_case.code), qrtoken.make(s, new_case.code)
    kid = old_token.split(".")[2]
    assert qrtoken.verify(s, new_token) == new_case.code
    replaced = signing.revoke(s, kid, clock.today() - timedelta(days=2))
    assert replaced is not None and replaced != kid  # this kiosk's own key: a new one made
    assert qrtoken.verify(s, old_token) == old_case.code  # made before the theft
    assert qrtoken.verify(s, new_token) is None  # could be the thief's
    assert qrtoken.verify(s, qrtoken.make(s, new_case.code)) == new_case.code  # reprinted
    problem = audit.verify(s).problem
    assert problem is not None and problem.key == "audit.check.revoked"  # it signed since


def test_a_day_s_anchor_made_after_a_cut_does_not_hide_it(demo_engine: Engine) -> None:
    """Cut overnight, then the next morning's first event anchors what is left: the earlier
    anchor still shows the cut, and a day's anchor vouches for no signature."""
    anchored = _anchored(demo_engine)
    _truncate_and_move_head(demo_engine, anchored - 1)
    _forged_append(demo_engine)  # a signature copied from another event
    with make_session(demo_engine) as s:
        anchor.append(anchor.prepare(s, "day"))  # the morning's anchor, made without a verify
        problem = audit.verify(s).problem
    # The earlier anchor's event is not the one there now.
    assert problem is not None and problem.key == "audit.check.anchor"


def test_a_verify_s_anchor_vouches_for_what_it_checked(demo_engine: Engine) -> None:
    _anchored(demo_engine)
    with make_session(demo_engine) as s:
        anchor.write(s, "verify")
        # An edit of an old event's signature changes nothing the chain depends on...
        _run(demo_engine, "UPDATE auditevent SET sig = :x WHERE seq = 2", x="ab" * 64)
        assert audit.verify(s).ok  # ...and the anchor vouches for the signatures before it


def test_a_revocation_lifted_in_the_database_is_found_and_still_holds(
    demo_session: Session,
) -> None:
    s = demo_session
    case = s.exec(select(Case).where(Case.status == "va_issued")).first()
    assert case is not None
    case.va_issued_at = clock.utcnow()
    s.add(case)
    s.commit()
    token = qrtoken.make(s, case.code)
    kid = token.split(".")[2]
    signing.revoke(s, kid, clock.today() - timedelta(days=1))
    row = s.get(SigningKey, kid)
    row.revoked_from = None  # type: ignore[union-attr]  # lifted by hand
    s.add(row)
    s.commit()
    assert qrtoken.verify(s, token) is None  # the trail still records it
    problem = audit.verify(s).problem
    assert problem is not None and problem.key in ("audit.check.revocation", "audit.check.revoked")
