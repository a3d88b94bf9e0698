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
