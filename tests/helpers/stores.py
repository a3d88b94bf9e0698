"""What the database holds, read as a test checks it (the audit chain's state, the case
codes, a family's open cases), and case rows as an early schema held them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, bindparam, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, select

from kiosk.base.database import open_database
from kiosk.base.database import session as make_session
from kiosk.desk import audit
from models import Case
from models.cases import OPEN_STATUSES


def chain_check(engine: Engine) -> audit.ChainCheck:
    with make_session(engine) as s:
        return audit.verify(s)


def case_codes(url: str) -> set[str]:
    engine = open_database(url)
    with make_session(engine) as s:
        codes = set(s.exec(select(Case.code)).all())
    engine.dispose()
    return codes


def open_cases(session: Session, kk: str) -> list[Case]:
    session.expire_all()
    return list(
        session.exec(
            select(Case).where(Case.kk_number == kk, Case.status.in_(OPEN_STATUSES))  # type: ignore[attr-defined]
        )
    )


def register_own_key(session: Session) -> None:
    """This test's kiosk key in the database now, so the event its registration adds does
    not land in the middle of what a test counts."""
    from kiosk.desk import audit

    audit.local_signer(session)
    session.commit()


def supervisor(session: Session, name: str = "kepala", pin: str = "246810") -> int:
    """A second supervisor on the demo database, approved by its `admin` as the rule asks."""
    from kiosk.desk import operators
    from models import Operator

    admin = session.exec(select(Operator).where(Operator.name == "admin")).one()
    return operators.add(session, name, pin, "supervisor", by=admin.id).id  # type: ignore[return-value]


def insert_early_case(
    conn: Connection,
    code: str,
    status: str,
    step: str,
    kk: str,
    at: datetime,
    *,
    fktp_confirmed: bool = False,
) -> None:
    """A case row as the first schema held it (before the migrations a test upgrades
    through). The time is bound as its column's type: sqlite3's own datetime adapter is
    deprecated from Python 3.12, and the suite makes it an error."""
    conn.execute(
        text(
            'INSERT INTO "case" (code, status, step, kk_number, head_name, region_code,'
            " phone, email, bank, bank_account, fktp_confirmed, gateway, va_number,"
            " monthly_amount, reason, reason_note, created_at, updated_at) VALUES"
            " (:code, :status, :step, :kk, '', '', '', '', '', '', :confirmed, 'training', '',"
            " 0, '', '', :at, :at)"
        ).bindparams(bindparam("at", type_=DateTime())),
        {"code": code, "status": status, "step": step, "kk": kk, "at": at,
         "confirmed": fktp_confirmed},
    )  # fmt: skip
