"""A desk's PostgreSQL role, granted as docs/desk-role.sql says: a whole registration works,
and the audit trail can be added to but never edited or emptied."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from kiosk.base.database import make_engine
from kiosk.base.database import session as make_session
from kiosk.cases import household, submission
from kiosk.cases.gateway import TrainingGateway
from kiosk.desk import audit
from models import AuditEvent
from tests.helpers.paths import ROOT
from tests.helpers.race_workers import walk_to_submit
from tests.helpers.screens import registrable_kks


@pytest.fixture
def desk_url(demo_engine: Engine, demo_url: str):  # type: ignore[no-untyped-def]
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"desk_{uuid.uuid4().hex[:8]}"
    grants = (ROOT / "docs" / "desk-role.sql").read_text(encoding="utf-8")
    with demo_engine.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        for statement in grants.replace("desk_cikembulan", role).split(";"):
            body = "\n".join(
                line for line in statement.splitlines() if not line.strip().startswith("--")
            ).strip()
            if body:
                conn.execute(text(body))
    yield make_url(demo_url).set(username=role, password=None).render_as_string(hide_password=False)
    with demo_engine.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {role}"))
        conn.execute(text(f"DROP ROLE {role}"))


def test_a_desk_role_registers_a_family_but_cannot_edit_or_empty_the_trail(
    desk_url: str, demo_engine: Engine
) -> None:
    desk = make_engine(desk_url)
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    with make_session(desk) as s:
        begun = household.begin(s, kk, None, "training")
        assert begun.case is not None
        walk_to_submit(s, begun.case)
        submission.submit(s, begun.case, TrainingGateway(), None)
        assert begun.case.status == "va_issued"
        assert audit.verify(s).ok
    with desk.connect() as conn:
        for statement in (
            "UPDATE auditevent SET detail = 'forged'",
            "DELETE FROM auditevent",
            "TRUNCATE auditevent",
            "DELETE FROM audithead",
            "CREATE TABLE forged (id int)",
        ):
            with pytest.raises(DBAPIError) as refused:
                conn.execute(text(statement))
            assert "permission denied" in str(refused.value.orig), statement
            conn.rollback()
    desk.dispose()
    with make_session(demo_engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.detail == "forged")).first() is None
        assert audit.verify(s).ok


def test_a_desk_role_cannot_make_a_supervisor_even_directly(
    desk_url: str, demo_engine: Engine
) -> None:
    """The kiosk asks a supervisor to approve a supervisor; the database itself refuses a
    desk's credentials that skip the kiosk: a supervisor row inserted, an operator raised to
    supervisor, a disabled supervisor enabled. The owner still can; a supervisor still logs
    in and changes their own PIN at a desk."""
    from kiosk.base.db_problems import said
    from kiosk.desk import operators
    from models import Operator

    with make_session(demo_engine) as s:
        admin = s.exec(select(Operator).where(Operator.name == "admin")).one()
        operators.add(s, "wakil", "531864", "supervisor", by=admin.id)
        operators.set_active(s, "wakil", False, by=admin.id)
    desk = make_engine(desk_url)
    with desk.connect() as conn:
        for statement in (
            "INSERT INTO operator (name, pin_hash, role, failed_attempts, locks, active)"
            " VALUES ('palsu', 'x', 'supervisor', 0, 0, true)",
            "UPDATE operator SET role = 'supervisor' WHERE name = 'demo'",
            "UPDATE operator SET active = true WHERE name = 'wakil'",
        ):
            with pytest.raises(DBAPIError) as refused:
                conn.execute(text(statement))
            assert refused.value.orig.sqlstate == "JK001", statement  # type: ignore[union-attr]
            conn.rollback()
    with make_session(desk) as s:
        admin_id = s.exec(select(Operator.id).where(Operator.name == "admin")).one()
        with pytest.raises(DBAPIError) as through_the_kiosk:
            operators.add(s, "baru", "531864", "supervisor", by=admin_id)
        shown = said(through_the_kiosk.value, desk_url, "app.db_error")
        assert "pengelola basis data" in shown and "--role supervisor" in shown
        s.rollback()
        assert operators.login(s, "admin", "246810").operator is not None
        operators.change_pin(s, admin_id, "246810", "975310")
        operators.add(s, "kasir2", "531864")  # an operator: a desk's own business
    desk.dispose()
    with make_session(demo_engine) as s:  # the owner
        operators.set_active(s, "wakil", True, by=admin.id)
        names = {o.name for o in s.exec(select(Operator).where(Operator.role == "supervisor"))}
        assert names == {"admin", "wakil"}
