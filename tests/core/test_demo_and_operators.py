"""The demo village and operator login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from kiosk.base.clock import utcnow
from kiosk.base.errors import WorkflowError
from kiosk.demo import names, village
from kiosk.desk import audit, operators, settings
from kiosk.registry.lookup import lookup_kk
from kiosk.rules import regions
from kiosk.rules.ids import check_kk, check_nik
from models import AuditEvent, Case, Coverage, Facility, Family, Operator, Person
from tests.helpers.stores import register_own_key


def _snapshot(session: Session) -> dict[str, list]:
    conn = session.connection()
    return {
        # As text, so a PostgreSQL run compares equal to the SQLite one.
        t: [tuple(map(str, row)) for row in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
        for t in ("family", "person", "coverage", "facility")
    }


def test_demo_is_deterministic(session: Session, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    village.load(session, families=40)
    first = _snapshot(session)
    from kiosk.base.database import open_database
    from kiosk.base.database import session as make_session

    other = open_database(f"sqlite:///{tmp_path / 'again.db'}")
    with make_session(other) as s2:
        village.load(s2, families=40)
        assert _snapshot(s2) == first


def test_demo_village_is_plausible(demo_session: Session) -> None:
    s = demo_session
    families = s.exec(select(Family).where(Family.replaced_by.is_(None))).all()  # type: ignore[union-attr]
    persons = s.exec(select(Person)).all()
    assert len(families) == 300
    assert 900 <= len(persons) <= 1400
    assert {f.region_code for f in families} == {names.VILLAGE}
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


def test_a_demo_outside_the_home_kecamatan_loads_its_sample_cases(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regency-wide demo puts families in other kecamatan: a sample case at a doctor's
    practice there, with no dentist of its own kecamatan, still finds one to confirm."""
    elsewhere = next(c for c, _ in regions.villages_of(names.KABUPATEN)
                     if not c.startswith(names.KECAMATAN))  # fmt: skip
    monkeypatch.setattr(village, "_villages", lambda families: [elsewhere])
    made = village.load(session, families=40)
    assert made.cases == 16
    assert {f.region_code for f in session.exec(select(Family))} == {elsewhere}


def test_demo_refuses_a_database_with_families(demo_session: Session) -> None:
    with pytest.raises(village.DemoRefused):
        village.load(demo_session)


def test_demo_operators_log_in(demo_session: Session) -> None:
    result = operators.login(demo_session, "demo", "246810")
    assert result.operator is not None and result.operator.role == "operator"
    assert operators.login(demo_session, "admin", "246810").operator.role == "supervisor"  # type: ignore[union-attr]


def test_wrong_pins_lock_the_operator_longer_each_time(demo_session: Session) -> None:
    s = demo_session
    for _ in range(operators.MAX_ATTEMPTS - 1):
        result = operators.login(s, "demo", "000000")
        assert result.operator is None and result.problem.key == "login.failed"  # type: ignore[union-attr]
    locked = operators.login(s, "demo", "000000")
    assert locked.problem.key == "login.locked" and locked.problem.params["minutes"] == 5  # type: ignore[union-attr]
    # Even the right PIN is refused while locked...
    assert operators.login(s, "demo", "246810").problem.key == "login.locked"  # type: ignore[union-attr]
    op = s.exec(select(Operator).where(Operator.name == "demo")).one()
    # ...and waiting does not start the count again: the next lock lasts twice as long.
    for lock, minutes in ((1, 10), (2, 20), (3, 40)):
        op.locked_until = utcnow() - timedelta(seconds=1)
        s.add(op)
        s.commit()
        for _ in range(operators.MAX_ATTEMPTS):
            last = operators.login(s, "demo", "000000")
        assert last.problem.params["minutes"] == minutes, lock  # type: ignore[union-attr]
        s.refresh(op)
    assert operators.lock_minutes(20) == operators.LOCK_MAX_MINUTES
    # A right PIN once the lock has passed starts the count again.
    op.locked_until = utcnow() - timedelta(seconds=1)
    s.add(op)
    s.commit()
    assert operators.login(s, "demo", "246810").operator is not None
    s.refresh(op)
    assert (op.failed_attempts, op.locks, op.locked_until) == (0, 0, None)
    events = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.operator_id == op.id))]
    assert events.count("login_failed") >= 20 and events.count("login_locked") == 4


def test_the_lockout_answer_is_the_same_for_an_unknown_name(demo_session: Session) -> None:
    """Five wrong PINs for a real name and for a name nobody has: word for word the same
    answers, the lockout included, so the lockout tells no one which names exist."""
    from kiosk.base.i18n import t

    def answers(name: str) -> list[str]:
        said = []
        for _ in range(operators.MAX_ATTEMPTS + 1):
            problem = operators.login(demo_session, name, "000000").problem
            assert problem is not None
            said.append(t(problem.key, **problem.params))
        return said

    real, unknown = answers("demo"), answers("bukan-siapa-siapa")
    assert real == unknown
    assert "dikunci" in real[-2] and "dikunci" in real[-1]


def test_an_unknown_name_and_a_wrong_pin_say_the_same_and_do_the_same_work(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = demo_session
    verified: list[str] = []
    real = operators._hasher

    class Counting:
        """The real hasher, counting what it is asked to compare."""

        def __init__(self) -> None:
            self.real = real()

        def verify(self, stored: str, pin: str) -> bool:
            verified.append(stored)
            return self.real.verify(stored, pin)

        def hash(self, pin: str) -> str:
            return self.real.hash(pin)

        def check_needs_rehash(self, stored: str) -> bool:
            return self.real.check_needs_rehash(stored)

    def counting() -> Counting:
        return Counting()

    monkeypatch.setattr(operators, "_hasher", counting)
    register_own_key(s)
    before = len(s.exec(select(AuditEvent)).all())
    unknown = operators.login(s, "tidakada", "246810")
    wrong = operators.login(s, "demo", "135790")
    assert unknown.problem.message == wrong.problem.message == "Nama atau PIN salah."  # type: ignore[union-attr]
    assert "tidakada" not in unknown.problem.message  # type: ignore[union-attr]
    assert len(verified) == 2 and all(h.startswith("$argon2id$") for h in verified)
    events = s.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(2)).all()
    assert len(s.exec(select(AuditEvent)).all()) == before + 2
    assert {e.action for e in events} == {"login_failed"}
    assert all("tidakada" not in e.detail and "246810" not in e.detail for e in events)


def test_operator_rules(session: Session) -> None:
    with pytest.raises(WorkflowError) as bad:
        operators.add(session, "sari", "12a4")
    assert bad.value.message == "PIN harus 6 sampai 12 angka."
    for weak in ("123456", "000000", "987654", "121212"):
        with pytest.raises(WorkflowError) as refused:
            operators.add(session, "sari", weak)
        assert refused.value.problem.key == "operator.pin_weak"
    op = operators.add(session, "sari", "975310", "supervisor")
    assert op.pin_hash.startswith("$argon2id$") and "975310" not in op.pin_hash
    assert f"t={operators.TIME_COST}" in op.pin_hash
    with pytest.raises(WorkflowError) as twice:
        operators.add(session, "sari", "864209")
    assert "sudah ada" in twice.value.message


def test_supervisors_manage_operators_and_one_always_stays(session: Session) -> None:
    s = session
    boss = operators.add(s, "kepala", "975310", "supervisor")
    clerk = operators.add(s, "kasir", "864209")
    with pytest.raises(WorkflowError) as last:
        operators.set_active(s, "kepala", False, by=boss.id)
    assert last.value.problem.key == "operator.last_supervisor"
    operators.set_active(s, "kasir", False, by=boss.id)
    assert operators.login(s, "kasir", "864209").problem.key == "login.failed"  # type: ignore[union-attr]
    operators.set_active(s, "kasir", True, by=boss.id)
    for _ in range(operators.MAX_ATTEMPTS):
        operators.login(s, "kasir", "000000")
    assert operators.login(s, "kasir", "864209").problem.key == "login.locked"  # type: ignore[union-attr]
    operators.unlock(s, "kasir", by=boss.id)
    assert operators.login(s, "kasir", "864209").operator is not None
    operators.reset_pin(s, "kasir", "531864", by=boss.id)
    assert operators.login(s, "kasir", "864209").operator is None
    assert operators.login(s, "kasir", "531864").operator is not None
    with pytest.raises(WorkflowError) as wrong_old:
        operators.change_pin(s, clerk.id, "864209", "246813")  # type: ignore[arg-type]
    assert wrong_old.value.problem.key == "operator.old_pin"
    with pytest.raises(WorkflowError):
        operators.change_pin(s, clerk.id, "531864", "531864")  # type: ignore[arg-type]
    operators.change_pin(s, clerk.id, "531864", "246813")  # type: ignore[arg-type]
    assert operators.login(s, "kasir", "246813").operator is not None
    actions = [e.action for e in s.exec(select(AuditEvent))]
    for action in ("operator_added", "operator_disabled", "operator_enabled", "operator_unlocked",
                   "pin_reset", "pin_change_refused", "pin_changed", "login", "login_failed"):  # fmt: skip
        assert action in actions, action
    assert audit.verify(s).ok


def test_an_old_weaker_hash_is_upgraded_at_login(session: Session) -> None:
    from argon2 import PasswordHasher

    op = operators.add(session, "lama", "975310")
    op.pin_hash = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash("975310")
    session.add(op)
    session.commit()
    assert operators.login(session, "lama", "975310").operator is not None
    session.refresh(op)
    assert f"t={operators.TIME_COST}" in op.pin_hash


def test_a_lockout_is_stored_so_every_kiosk_on_the_database_keeps_it(demo_engine: Engine) -> None:
    from kiosk.base.database import session as make_session

    with make_session(demo_engine) as s:
        for _ in range(operators.MAX_ATTEMPTS):
            operators.login(s, "demo", "000000")
    with make_session(demo_engine) as other:  # another kiosk, its own connection
        op = other.exec(select(Operator).where(Operator.name == "demo")).one()
        assert op.locked_until is not None
        assert op.locked_until > utcnow() + timedelta(minutes=4)
        assert (
            operators.login(other, "demo", village.DEMO_PIN).operator is None
        )  # the right PIN waits


def test_training_cannot_end_while_anyone_logs_in_with_the_first_pin(
    demo_session: Session,
) -> None:
    s = demo_session
    assert operators.with_first_pin(s) == ["admin", "demo"]
    refused = settings.save_all(s, {"gateway": "manual"})
    assert refused["gateway"].key == "settings.first_pins"
    assert "admin, demo" in refused["gateway"].message
    assert settings.get(s, "gateway") == "training"  # nothing stored
    for name, pin in (("admin", "975310"), ("demo", "864200")):
        operators.change_pin(s, operators.named(s, name).id, operators.FIRST_PIN, pin)  # type: ignore[arg-type]
    assert operators.with_first_pin(s) == []
    assert settings.save_all(s, {"gateway": "manual"}) == {}
    assert settings.get(s, "gateway") == "manual"


def test_a_supervisor_is_made_enabled_or_given_a_pin_only_by_a_supervisor(
    session: Session,
) -> None:
    """The first supervisor needs no one; after that, only an active supervisor may make
    another, enable one again or set one's PIN (a desk's credentials alone never make one)."""
    s = session
    first = operators.add(s, "kepala", "975310", "supervisor")
    clerk = operators.add(s, "kasir", "864209")

    def refused(call) -> str:  # type: ignore[no-untyped-def]
        with pytest.raises(WorkflowError) as said:
            call()
        return said.value.problem.key

    for by in (None, clerk.id):
        assert (
            refused(
                lambda by=by: operators.add(s, "wakil", "531864", "supervisor", by=by)  # type: ignore[misc]
            )
            == "operator.supervisor_needed"
        )
    deputy = operators.add(s, "wakil", "531864", "supervisor", by=first.id)
    operators.set_active(s, "wakil", False, by=first.id)
    assert refused(lambda: operators.set_active(s, "wakil", True, by=clerk.id)) == (
        "operator.supervisor_needed"
    )
    operators.set_active(s, "wakil", True, by=first.id)
    assert refused(lambda: operators.reset_pin(s, "wakil", "246813", by=None)) == (
        "operator.supervisor_needed"
    )
    operators.reset_pin(s, "wakil", "246813", by=first.id)
    operators.reset_pin(s, "kasir", "246813")  # an operator's PIN: the terminal is enough
    assert operators.login(s, "wakil", "246813").operator is not None
    made = (AuditEvent.action == "operator_added", AuditEvent.detail == "wakil supervisor")
    added = s.exec(select(AuditEvent).where(*made)).one()
    assert added.operator_id == first.id and deputy.role == "supervisor"
    assert refused(lambda: operators.approver(s, "kasir", "246813")) == (
        "operator.approver_not_supervisor"
    )
    assert refused(lambda: operators.approver(s, "kepala", "000000")) == "login.failed"
