"""Operators: PIN hashing (argon2id), login with a growing lockout, and their management.

A login says the same for an unknown name and a wrong PIN, and does the same work for both
(a hash comparison, an audit event), so neither the words nor the time tell a stranger which
names exist. Wrong PINs lock the name for 5 minutes, then 10, 20, ... up to a day: the count
starts again only after a right PIN or a supervisor's unlock, never by waiting.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.desk import audit
from kiosk.rules.pin import MAX_PIN, MIN_PIN
from models import Operator

MAX_ATTEMPTS = 5  # wrong PINs before the name is locked
LOCK_MINUTES = 5  # the first lock; each lock after it lasts twice as long
LOCK_MAX_MINUTES = 24 * 60
ROLES = ("operator", "supervisor")

# argon2id at 19 MiB (OWASP's floor, so a 2 GB PC hashes without strain) and 20 passes:
# ~0.2 s a login here, and a copy of the database costs more than a day of one core's work
# to search all 6-digit PINs (bench/pin_hash.py). Hashes made with lower settings are
# upgraded at the operator's next login.
TIME_COST = 20
MEMORY_KIB = 19456


# The PIN a first start gives its two operators (printed on the login screen in training):
# a desk cannot leave training while anyone still has it (kiosk.desk.settings).
FIRST_PIN = "246810"


def with_first_pin(session: Session) -> list[str]:
    """The active operators whose PIN is still the one a first start gave them."""
    from argon2.exceptions import VerificationError

    found = []
    for operator in session.exec(select(Operator).where(col(Operator.active))):
        try:
            _hasher().verify(operator.pin_hash, FIRST_PIN)
        except VerificationError:
            continue
        found.append(operator.name)
    return sorted(found)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=1)


@cache
def _decoy_hash() -> str:
    """A hash of nothing anyone knows: an unknown name is checked against it, so it takes
    as long as a wrong PIN does."""
    return _hasher().hash(secrets.token_hex(16))


def check_pin(pin: str) -> Problem | None:
    """A new PIN: 6 to 12 digits, and not one a stranger would try first."""
    if not pin.isdigit() or not MIN_PIN <= len(pin) <= MAX_PIN:
        return Problem("operator.pin_format", {"min": MIN_PIN, "max": MAX_PIN})
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}) or pin in ("123123", "121212", "112233"):
        return Problem("operator.pin_weak")
    return None


def check_name(name: str) -> Problem | None:
    if not name.strip() or len(name.strip()) > 40:
        return Problem("operator.name_format")
    return text.control_problem(name)


def named(session: Session, name: str) -> Operator:
    """The operator called `name`, or a refusal that says there is none."""
    operator = session.exec(select(Operator).where(Operator.name == name.strip())).first()
    if operator is None:
        raise fail("operator.unknown", name=name.strip())
    return operator


def _active_supervisors(session: Session) -> int:
    return len(
        session.exec(
            select(Operator.id).where(Operator.role == "supervisor", col(Operator.active).is_(True))
        ).all()
    )


def _approved(session: Session, by: int | None) -> None:
    """A supervisor is made, enabled again or given a new PIN only by an active supervisor
    (at a screen, the one logged in; at the command line, one named with --by who typed
    their PIN), unless there is none yet: the installation's first."""
    if _active_supervisors(session) == 0:
        return
    approver = session.get(Operator, by) if by is not None else None
    if approver is None or approver.role != "supervisor" or not approver.active:
        raise fail("operator.supervisor_needed")


def approver(session: Session, name: str, pin: str) -> Operator:
    """The supervisor who approves a change at the command line, by their name and PIN:
    checked as a login is (the same lockout, the same trail)."""
    result = login(session, name, pin)
    if result.operator is None:
        raise WorkflowError(result.problem or Problem("login.failed"))
    if result.operator.role != "supervisor":
        raise fail("operator.approver_not_supervisor", name=result.operator.name)
    return result.operator


def add(
    session: Session, name: str, pin: str, role: str = "operator", by: int | None = None
) -> Operator:
    problem = check_name(name) or check_pin(pin)
    if problem is not None:
        raise fail(problem.key, **problem.params)
    if role not in ROLES:
        raise fail("operator.role", roles=", ".join(ROLES))
    if role == "supervisor":
        _approved(session, by)
    name = name.strip()
    if session.exec(select(Operator).where(Operator.name == name)).first() is not None:
        raise fail("operator.exists", name=name)
    operator = Operator(name=name, pin_hash=_hasher().hash(pin), role=role)
    session.add(operator)
    session.flush()
    audit.record(session, "operator_added", operator_id=by, detail=f"{name} {role}")
    session.commit()
    return operator


def list_all(session: Session) -> list[Operator]:
    return list(session.exec(select(Operator).order_by(col(Operator.name))))


def set_active(session: Session, name: str, active: bool, by: int | None = None) -> Operator:
    """Disable or enable a name; the last active supervisor cannot be disabled."""
    operator = named(session, name)
    last = operator.active and operator.role == "supervisor" and _active_supervisors(session) <= 1
    if not active and last:
        raise fail("operator.last_supervisor")
    if active and not operator.active and operator.role == "supervisor":
        _approved(session, by)
    operator.active = active
    session.add(operator)
    audit.record(
        session, "operator_enabled" if active else "operator_disabled", operator_id=by,
        detail=operator.name,
    )  # fmt: skip
    session.commit()
    return operator


def reset_pin(session: Session, name: str, pin: str, by: int | None = None) -> Operator:
    """A supervisor sets a new PIN for someone who forgot theirs; the lock is lifted."""
    problem = check_pin(pin)
    if problem is not None:
        raise fail(problem.key, **problem.params)
    operator = named(session, name)
    if operator.role == "supervisor":
        _approved(session, by)
    operator.pin_hash = _hasher().hash(pin)
    operator.failed_attempts, operator.locks, operator.locked_until = 0, 0, None
    session.add(operator)
    audit.record(session, "pin_reset", operator_id=by, detail=operator.name)
    session.commit()
    return operator


def change_pin(session: Session, operator_id: int, old: str, new: str) -> None:
    """An operator changes their own PIN, proving the old one first."""
    from argon2.exceptions import VerificationError

    operator = session.get(Operator, operator_id)
    if operator is None or not operator.active:
        raise fail("operator.unknown", name="?")
    try:
        _hasher().verify(operator.pin_hash, old)
    except VerificationError:
        audit.record(session, "pin_change_refused", operator_id=operator_id)
        session.commit()
        raise fail("operator.old_pin") from None
    problem = check_pin(new)
    if problem is not None:
        raise fail(problem.key, **problem.params)
    if new == old:
        raise fail("operator.same_pin")
    operator.pin_hash = _hasher().hash(new)
    session.add(operator)
    audit.record(session, "pin_changed", operator_id=operator_id)
    session.commit()


def unlock(session: Session, name: str, by: int | None = None) -> Operator:
    operator = named(session, name)
    operator.failed_attempts, operator.locks, operator.locked_until = 0, 0, None
    session.add(operator)
    audit.record(session, "operator_unlocked", operator_id=by, detail=operator.name)
    session.commit()
    return operator


def any_active(session: Session) -> bool:
    return (
        session.exec(select(Operator.id).where(col(Operator.active).is_(True)).limit(1)).first()
        is not None
    )


@dataclass
class LoginResult:
    operator: Operator | None = None
    problem: Problem | None = None
    checked: bool = False  # a PIN was compared with a hash (counts toward the lockout)


_OP = Operator.__table__  # type: ignore[attr-defined]


def lock_minutes(locks: int) -> int:
    """How long the n-th lock in a row lasts (1: 5 minutes, 2: 10, 3: 20, ... a day at most)."""
    return min(LOCK_MINUTES * 2 ** max(locks - 1, 0), LOCK_MAX_MINUTES)


# Names no operator has, counted in this process like real ones: the fifth wrong PIN gets
# the same lockout answer whether the name exists or not (a prober learns no names).
_PHANTOMS_MAX = 1000
_phantoms: dict[str, tuple[int, int, datetime | None]] = {}  # failed, locks, locked until


def _locked_answer(until: datetime | None, now: datetime) -> Problem:
    """The lockout answer, with the minutes left (a whole lock's when it is not known)."""
    minutes = LOCK_MINUTES
    if until is not None and until > now:
        minutes = max(1, round((until - now).total_seconds() / 60))
    return Problem("login.locked", {"minutes": minutes})


def _phantom_locked(name: str, now: datetime) -> Problem | None:
    _, _, until = _phantoms.get(name, (0, 0, None))
    return _locked_answer(until, now) if until is not None and until > now else None


def _phantom_failed(name: str, now: datetime) -> Problem:
    failed, locks, until = _phantoms.get(name, (0, 0, None))
    if len(_phantoms) >= _PHANTOMS_MAX and name not in _phantoms:
        _phantoms.clear()  # a flood of names: start again rather than grow
    failed += 1
    if failed >= MAX_ATTEMPTS:
        locks += 1
        minutes = lock_minutes(locks)
        _phantoms[name] = (0, locks, now + timedelta(minutes=minutes))
        return Problem("login.locked", {"minutes": minutes})
    _phantoms[name] = (failed, locks, until)
    return Problem("login.failed")


def login(session: Session, name: str, pin: str) -> LoginResult:
    """Check an operator's PIN.

    Each check is reserved with one atomic UPDATE before the (slow) hash comparison, so
    kiosks guessing at the same moment can never get more than the limit checked.
    """
    from argon2.exceptions import VerificationError

    now = clock.utcnow()
    operator = session.exec(select(Operator).where(Operator.name == name.strip())).first()
    known = operator is not None and operator.active
    conn = session.connection()
    reserved = conn.execute(
        update(_OP)
        .where(
            _OP.c.id == (operator.id if operator is not None and known else -1),
            _OP.c.failed_attempts < MAX_ATTEMPTS,
            or_(_OP.c.locked_until.is_(None), _OP.c.locked_until <= now),
        )
        .values(failed_attempts=_OP.c.failed_attempts + 1)
        .returning(_OP.c.failed_attempts)
    ).scalar()
    session.commit()
    if not known and (locked := _phantom_locked(name.strip(), now)) is not None:
        return LoginResult(problem=locked)
    if known and reserved is None:
        assert operator is not None
        session.refresh(operator)
        return LoginResult(problem=_locked_answer(operator.locked_until, now))
    try:
        _hasher().verify(
            operator.pin_hash if operator is not None and known else _decoy_hash(), pin
        )
        if not known:  # pragma: no cover - nobody knows the decoy's PIN
            raise VerificationError()
    except VerificationError:
        failed = Problem("login.failed")
        if not known:
            # The same work as a wrong PIN: a hash compared above, an event written here.
            audit.record(session, "login_failed", detail="unknown")
            session.commit()
            return LoginResult(problem=_phantom_failed(name.strip(), now), checked=True)
        assert operator is not None
        audit.record(session, "login_failed", operator_id=operator.id, detail="pin")
        if reserved is not None and reserved >= MAX_ATTEMPTS:
            session.refresh(operator)
            locks = operator.locks + 1
            minutes = lock_minutes(locks)
            session.connection().execute(
                update(_OP)
                .where(_OP.c.id == operator.id)
                .values(
                    failed_attempts=0, locks=locks, locked_until=now + timedelta(minutes=minutes)
                )
            )
            audit.record(session, "login_locked", operator_id=operator.id, detail=f"{minutes}m")
            session.commit()
            return LoginResult(problem=Problem("login.locked", {"minutes": minutes}), checked=True)
        session.commit()
        return LoginResult(problem=failed, checked=True)
    assert operator is not None
    values: dict[str, object] = {"failed_attempts": 0, "locks": 0, "locked_until": None}
    if _hasher().check_needs_rehash(operator.pin_hash):
        values["pin_hash"] = _hasher().hash(pin)  # stronger settings since it was set
    session.connection().execute(update(_OP).where(_OP.c.id == operator.id).values(**values))
    audit.record(session, "login", operator_id=operator.id)
    session.commit()
    session.refresh(operator)
    return LoginResult(operator=operator, checked=True)
