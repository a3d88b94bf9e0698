"""The demo village and operator login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from kiosk import demo, operators, settings
from kiosk.clock import utcnow
from kiosk.ids import check_kk, check_nik
from kiosk.lookup import lookup_kk
from models import Case, Coverage, Facility, Family, Operator, Person


def _snapshot(session: Session) -> dict[str, list]:
    conn = session.connection()
    return {
        # As text, so a PostgreSQL run compares equal to the SQLite one.
        t: [tuple(map(str, row)) for row in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
        for t in ("family", "person", "coverage", "facility")
    }


def test_demo_is_deterministic(session: Session, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    demo.load(session, families=40)
    first = _snapshot(session)
    from kiosk.database import open_database
    from kiosk.database import session as make_session

    other = open_database(f"sqlite:///{tmp_path / 'again.db'}")
    with make_session(other) as s2:
        demo.load(s2, families=40)
        assert _snapshot(s2) == first


def test_demo_village_is_plausible(demo_session: Session) -> None:
    s = demo_session
    families = s.exec(select(Family).where(Family.replaced_by.is_(None))).all()  # type: ignore[union-attr]
    persons = s.exec(select(Person)).all()
    assert len(families) == 300
    assert 900 <= len(persons) <= 1400
    assert {f.region_code for f in families} == {demo.VILLAGE}
    assert all(check_kk(f.kk_number).ok for f in families)
    for p in persons:
        nik = check_nik(p.nik, sex=p.sex, birth_date=p.birth_date)
        assert nik.ok and not nik.warnings, p
    covered = s.exec(select(Coverage)).all()
    assert 0.10 <= len(covered) / len(persons) <= 0.20
    assert sum(c.segment.startswith("PBI") for c in covered) > len(covered) / 2
    replaced = s.exec(select(Family).where(Family.replaced_by.is_not(None))).all()  # type: ignore[union-attr]
    assert replaced and all(lookup_kk(s, f.replaced_by).outcome == "found" for f in replaced)
    kinds = {f.kind for f in s.exec(select(Facility))}
    assert len(kinds) == 7
    assert 20 <= len(s.exec(select(Facility)).all()) <= 30
    statuses = {c.status for c in s.exec(select(Case))}
    assert statuses == {
        "draft",
        "submitted",
        "va_issued",
        "paid",
        "active",
        "referred",
        "cancelled",
    }
    assert settings.is_training(s)
    heads = [p for p in persons if p.relation == 1]
    assert len(heads) == 300


def test_demo_refuses_a_database_with_families(demo_session: Session) -> None:
    with pytest.raises(demo.DemoRefused):
        demo.load(demo_session)


def test_demo_operators_log_in(demo_session: Session) -> None:
    result = operators.login(demo_session, "demo", "1234")
    assert result.operator is not None and result.operator.role == "operator"
    assert operators.login(demo_session, "admin", "1234").operator.role == "supervisor"  # type: ignore[union-attr]


def test_wrong_pins_lock_the_operator(demo_session: Session) -> None:
    s = demo_session
    for left in (4, 3, 2, 1):
        result = operators.login(s, "demo", "0000")
        assert (
            result.operator is None
            and result.problem.message == f"PIN salah. Sisa percobaan: {left}."
        )  # type: ignore[union-attr]
    locked = operators.login(s, "demo", "0000")
    assert locked.problem.key == "login.locked"  # type: ignore[union-attr]
    # Even the right PIN is refused while locked...
    assert operators.login(s, "demo", "1234").problem.key == "login.locked"  # type: ignore[union-attr]
    # ...and accepted once the lock has passed.
    op = s.exec(select(Operator).where(Operator.name == "demo")).one()
    op.locked_until = utcnow() - timedelta(seconds=1)
    s.commit()
    assert operators.login(s, "demo", "1234").operator is not None


def test_operator_rules(session: Session) -> None:
    with pytest.raises(ValueError, match="PIN harus 4 sampai 8 angka"):
        operators.add(session, "sari", "12a4")
    op = operators.add(session, "sari", "98765", "supervisor")
    assert op.pin_hash.startswith("$argon2id$") and "98765" not in op.pin_hash
    with pytest.raises(ValueError, match="sudah ada"):
        operators.add(session, "sari", "11111")
    assert operators.login(session, "tidakada", "1234").problem.key == "login.unknown"  # type: ignore[union-attr]


def test_signing_secret_is_made_once(session: Session) -> None:
    first = settings.signing_secret(session)
    assert len(first) == 32
    assert settings.signing_secret(session) == first
