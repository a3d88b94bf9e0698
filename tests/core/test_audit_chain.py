"""The audit trail as a hash chain: any edit, deletion or insertion is found and named."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from kiosk.base.database import session as make_session
from kiosk.desk import audit
from models import AuditEvent, AuditHead
from tests.helpers.stores import chain_check, register_own_key


def _run(engine: Engine, sql: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(sql), params)


def test_the_demo_s_trail_is_one_intact_chain(demo_engine: Engine) -> None:
    check = chain_check(demo_engine)
    assert check.ok, check.problem
    with make_session(demo_engine) as s:
        count = len(s.exec(select(AuditEvent.id)).all())
        head = s.get(AuditHead, 1)
    assert check.checked == count == head.seq > 20  # type: ignore[union-attr]


def test_an_edited_event_is_named(demo_engine: Engine) -> None:
    _run(demo_engine, "UPDATE auditevent SET detail = 'draft->paid' WHERE seq = 7")
    check = chain_check(demo_engine)
    assert check.problem is not None and check.problem.key == "audit.check.altered"
    assert check.problem.params["seq"] == 7


def test_an_edited_time_or_operator_is_named_too(demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        seq = s.exec(select(AuditEvent.seq).where(col(AuditEvent.operator_id).is_not(None))).first()
    _run(demo_engine, "UPDATE auditevent SET operator_id = NULL WHERE seq = :seq", seq=seq)
    assert chain_check(demo_engine).problem.params["seq"] == seq  # type: ignore[union-attr]


def test_a_deleted_event_is_named(demo_engine: Engine) -> None:
    _run(demo_engine, "DELETE FROM auditevent WHERE seq = 12")
    check = chain_check(demo_engine)
    assert check.problem is not None and check.problem.key == "audit.check.missing"
    assert check.problem.params["seq"] == 12


def test_a_deleted_last_event_is_found_by_the_head(demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        last = s.get(AuditHead, 1).seq  # type: ignore[union-attr]
    _run(demo_engine, "DELETE FROM auditevent WHERE seq = :seq", seq=last)
    check = chain_check(demo_engine)
    assert check.problem is not None and check.problem.key == "audit.check.head"


def test_an_event_inserted_outside_the_kiosk_is_named(demo_engine: Engine) -> None:
    _run(
        demo_engine,
        "INSERT INTO auditevent (at, action, detail, prev_hash, hash) "
        "VALUES ('2026-01-01 00:00:00', 'login', '', '', '')",
    )
    check = chain_check(demo_engine)
    assert check.problem is not None and check.problem.key == "audit.check.outside"


def test_an_event_inserted_in_the_middle_with_renumbering_breaks_the_chain(
    demo_engine: Engine,
) -> None:
    """The forger shifts later events up and inserts a well-formed link at position 5."""
    with make_session(demo_engine) as s:
        fourth = s.exec(select(AuditEvent).where(AuditEvent.seq == 4)).one()
        rows = s.exec(select(AuditEvent).where(col(AuditEvent.seq) >= 5)).all()
        for row in sorted(rows, key=lambda r: -(r.seq or 0)):
            row.seq = (row.seq or 0) + 1
            s.add(row)
            s.flush()
        forged = AuditEvent(at=fourth.at, action="login", detail="", seq=5, prev_hash=fourth.hash)
        forged.hash = audit.link_hash(5, forged.at, "login", None, None, "", fourth.hash)
        s.add(forged)
        s.commit()
    check = chain_check(demo_engine)
    # The forged link itself is named: it carries no kiosk's signature.
    assert check.problem is not None and check.problem.key == "audit.check.unsigned"
    assert check.problem.params["seq"] == 5


def test_a_rolled_back_change_leaves_no_link(demo_session: Session) -> None:
    s = demo_session
    register_own_key(s)
    before = s.get(AuditHead, 1).seq  # type: ignore[union-attr]
    audit.record(s, "login", detail="rolled back")
    s.flush()
    s.rollback()
    audit.record(s, "login", detail="kept")
    s.commit()
    s.expire_all()
    assert s.get(AuditHead, 1).seq == before + 1  # type: ignore[union-attr]
    assert audit.verify(s).ok


def test_security_events_are_in_the_trail(demo_session: Session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from kiosk.base import config
    from kiosk.desk import settings
    from kiosk.importing import run

    s = demo_session
    assert settings.save_all(s, {"desk_name": "Desa Baru", "printer": ""}, operator_id=None) == {}
    facilities = Path(tmp_path) / "faskes.csv"
    facilities.write_text(
        "kode,nama,jenis,alamat,kode_wilayah,telepon\n"
        "0403P099,Puskesmas Uji,Puskesmas,Jl. Uji 1,320510,\n"
    )
    run.import_file(s, "facilities", facilities)
    audit.exported(s, "backup", "/tmp/salinan.db")
    events = {e.action: e.detail for e in s.exec(select(AuditEvent))}
    # The desk's own setting names the desk that changed it.
    desk = config.desk_identity()
    assert events["setting"] == f"{desk}/desk_name: 'Kantor Desa Cikembulan' -> 'Desa Baru'"
    assert events["import"] == "facilities faskes.csv: +1 ~0 =0 -0"
    assert events["export"] == "backup salinan.db"
    assert audit.verify(s).ok


async def test_locking_the_kiosk_is_in_the_trail(demo_url: str, demo_engine: Engine) -> None:
    from kiosk.app import KioskApp
    from tests.helpers.screens import KeyCounter, login, screen_name

    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f12")
        assert screen_name(app) == "LoginScreen"
    with make_session(demo_engine) as s:
        last = s.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
        assert last is not None and (last.action, last.detail) == ("lock", "key")
        assert audit.verify(s).ok
