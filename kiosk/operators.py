"""Operators: PIN hashing (argon2id) and login with a lockout after repeated wrong PINs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

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
        session.exec(select(Operator.id).where(Operator.active.is_(True)).limit(1)).first()
        is not None
    )


@dataclass
class LoginResult:
    operator: Operator | None = None
    problem: Problem | None = None


def login(session: Session, name: str, pin: str) -> LoginResult:
    from argon2.exceptions import VerificationError

    now = clock.utcnow()
    operator = session.exec(select(Operator).where(Operator.name == name.strip())).first()
    if operator is None or not operator.active:
        return LoginResult(problem=Problem("login.unknown", {"name": name.strip()}))
    if operator.locked_until is not None and operator.locked_until > now:
        minutes = max(1, round((operator.locked_until - now).total_seconds() / 60))
        return LoginResult(problem=Problem("login.locked", {"minutes": minutes}))
    try:
        _hasher().verify(operator.pin_hash, pin)
    except VerificationError:
        operator.failed_attempts += 1
        if operator.failed_attempts >= MAX_ATTEMPTS:
            operator.failed_attempts = 0
            operator.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            audit.record(session, "login_locked", operator_id=operator.id)
            session.commit()
            return LoginResult(problem=Problem("login.locked", {"minutes": LOCK_MINUTES}))
        left = MAX_ATTEMPTS - operator.failed_attempts
        session.commit()
        return LoginResult(problem=Problem("login.wrong_pin", {"left": left}))
    operator.failed_attempts = 0
    operator.locked_until = None
    audit.record(session, "login", operator_id=operator.id)
    session.commit()
    return LoginResult(operator=operator)
