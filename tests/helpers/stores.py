"""What the database holds, read as a test checks it: the audit chain's state, the case codes, a family's open cases."""

from __future__ import annotations

from sqlalchemy.engine import Engine
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
