"""Operators: PIN hashing (argon2id) and login with a lockout after repeated wrong PINs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from kiosk import audit, clock
from kiosk.ids import Problem
from models import Operator

MAX_ATTEMPTS = 5
LOCK_MINUTES = 5
ROLES = ("operator", "supervisor")


def _hasher():
    from argon2 import PasswordHasher

    # OWASP's argon2id minimum (19 MiB, 2 passes): a login stays quick on one slow core,
    # and the lockout, not the hash, is what stops guessing a short PIN at the desk.
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def check_pin(pin: str) -> Problem | None:
    if not pin.isdigit() or not 4 <= len(pin) <= 8:
        return Problem("operator.pin_format")
    return None


def check_name(name: str) -> Problem | None:
    if not name.strip() or len(name.strip()) > 40:
        return Problem("operator.name_format")
    return None


def add(session: Session, name: str, pin: str, role: str = "operator") -> Operator:
    problem = check_name(name) or check_pin(pin)
    if problem is not None:
        raise ValueError(problem.message)
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    name = name.strip()
    if session.exec(select(Operator).where(Operator.name == name)).first() is not None:
        raise ValueError(Problem("operator.exists", {"name": name}).message)
    operator = Operator(name=name, pin_hash=_hasher().hash(pin), role=role)
    session.add(operator)
    session.flush()
    audit.record(session, "operator_added", operator_id=operator.id, detail=role)
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
    checked: bool = False  # the PIN was compared with its hash (counts toward the lockout)


_OP = Operator.__table__  # type: ignore[attr-defined]


def login(session: Session, name: str, pin: str) -> LoginResult:
    """Check an operator's PIN; 5 wrong PINs lock the name for 5 minutes.

    Each check is reserved with one atomic UPDATE before the (slow) hash comparison, so
    kiosks guessing at the same moment can never get more than the limit checked.
    """
    from argon2.exceptions import VerificationError

    now = clock.utcnow()
    operator = session.exec(select(Operator).where(Operator.name == name.strip())).first()
    if operator is None or not operator.active:
        return LoginResult(problem=Problem("login.unknown", {"name": name.strip()}))
    conn = session.connection()
    reserved = conn.execute(
        update(_OP)
        .where(
            _OP.c.id == operator.id,
            _OP.c.failed_attempts < MAX_ATTEMPTS,
            or_(_OP.c.locked_until.is_(None), _OP.c.locked_until <= now),
        )
        .values(failed_attempts=_OP.c.failed_attempts + 1)
        .returning(_OP.c.failed_attempts)
    ).scalar()
    session.commit()
    if reserved is None:
        locked_until = (
            session.connection()
            .execute(select(_OP.c.locked_until).where(_OP.c.id == operator.id))
            .scalar()
        )
        session.commit()
        minutes = LOCK_MINUTES
        if locked_until is not None and locked_until > now:
            minutes = max(1, round((locked_until - now).total_seconds() / 60))
        return LoginResult(problem=Problem("login.locked", {"minutes": minutes}))
    try:
        _hasher().verify(operator.pin_hash, pin)
    except VerificationError:
        if reserved >= MAX_ATTEMPTS:
            session.connection().execute(
                update(_OP)
                .where(_OP.c.id == operator.id)
                .values(failed_attempts=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
            )
            audit.record(session, "login_locked", operator_id=operator.id)
            session.commit()
            return LoginResult(
                problem=Problem("login.locked", {"minutes": LOCK_MINUTES}), checked=True
            )
        left = MAX_ATTEMPTS - reserved
        return LoginResult(problem=Problem("login.wrong_pin", {"left": left}), checked=True)
    session.connection().execute(
        update(_OP).where(_OP.c.id == operator.id).values(failed_attempts=0, locked_until=None)
    )
    audit.record(session, "login", operator_id=operator.id)
    session.commit()
    session.refresh(operator)
    return LoginResult(operator=operator, checked=True)
