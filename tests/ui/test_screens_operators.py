"""Operators and the audit trail on screen: a supervisor manages, everyone changes their PIN."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import DataTable

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.desk import operators
from models import AuditEvent, Case, Operator
from tests.helpers.screens import KeyCounter, login, screen_name, text_of


def _rows(app: KioskApp) -> dict[str, tuple[str, ...]]:
    table = app.screen.query_one("#operators", DataTable)
    return {
        str(table.get_row_at(r)[0]): tuple(map(str, table.get_row_at(r)))
        for r in range(table.row_count)
    }


async def _to_row(keys: KeyCounter, app: KioskApp, name: str) -> None:
    table = app.screen.query_one("#operators", DataTable)
    table.move_cursor(row=list(_rows(app)).index(name))
    await keys.press()


async def test_a_supervisor_adds_disables_unlocks_and_resets_an_operator(
    demo_url: str, demo_engine: Engine
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o", "f4")
        assert screen_name(app) == "OperatorsScreen"
        assert set(_rows(app)) == {"admin", "demo"}
        await keys.press("f2")
        assert screen_name(app) == "OperatorForm"
        await keys.type("#op-name", "sari")
        await keys.type("#op-pin", "975310")
        await keys.type("#op-pin2", "975311")
        await keys.press("f10")
        assert "tidak sama" in text_of(app, "#operator-message")
        await keys.type("#op-pin", "111111")
        await keys.type("#op-pin2", "111111")
        await keys.press("f10")
        assert "mudah ditebak" in text_of(app, "#operator-message")
        await keys.type("#op-pin", "975310")
        await keys.type("#op-pin2", "975310")
        await keys.press("f10")
        assert screen_name(app) == "OperatorsScreen" and "sari" in _rows(app)
        await _to_row(keys, app, "sari")
        await keys.press("f8")  # disable
        assert "nonaktif" in _rows(app)["sari"][2]
        with make_session(demo_engine) as s:
            assert operators.login(s, "sari", "975310").operator is None
        await keys.press("f8")  # enable again
        assert _rows(app)["sari"][2] == "aktif"
        with make_session(demo_engine) as s:
            for _ in range(operators.MAX_ATTEMPTS):
                operators.login(s, "sari", "000000")
        await keys.press("f5")  # look again: locked at another kiosk meanwhile
        await _to_row(keys, app, "sari")
        assert "terkunci" in _rows(app)["sari"][2]
        await keys.press("f6")  # unlock
        assert "terkunci" not in _rows(app)["sari"][2]
        await keys.press("f4")  # a new PIN for her
        assert screen_name(app) == "PinForm"
        await keys.type("#pin-new", "864209")
        await keys.type("#pin-again", "864209")
        await keys.press("f10")
        assert screen_name(app) == "OperatorsScreen"
        await _to_row(keys, app, "admin")
        await keys.press("f8")  # the last supervisor stays
        assert "supervisor aktif terakhir" in text_of(app, "#operators-message")
    with make_session(demo_engine) as s:
        assert operators.login(s, "sari", "864209").operator is not None
        admin = s.exec(select(Operator).where(Operator.name == "admin")).one()
        assert admin.active
        actions = [
            e.action for e in s.exec(select(AuditEvent).where(AuditEvent.operator_id == admin.id))
        ]
        for action in ("operator_added", "operator_disabled", "operator_enabled",
                       "operator_unlocked", "pin_reset"):  # fmt: skip
            assert action in actions, action


async def test_an_operator_changes_their_own_pin(demo_url: str, demo_engine: Engine) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+p")
        assert screen_name(app) == "PinForm"
        await keys.type("#pin-old", "000000")
        await keys.type("#pin-new", "531864")
        await keys.type("#pin-again", "531864")
        await keys.press("f10")
        assert "PIN lama salah" in text_of(app, "#pin-message")
        await keys.type("#pin-old", "246810")
        await keys.press("f10")
        assert screen_name(app) == "HomeScreen"
        assert "sudah diganti" in text_of(app, "#home-message")
    with make_session(demo_engine) as s:
        assert operators.login(s, "demo", "246810").operator is None
        assert operators.login(s, "demo", "531864").operator is not None


async def test_the_audit_trail_is_read_filtered_and_its_chain_checked(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.status == "active")).first()
        assert case is not None
        expected = len(s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)).all())
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o", "f5")
        assert screen_name(app) == "AuditScreen"
        assert "Rantai utuh" in text_of(app, "#audit-chain")
        await keys.type("#audit-case", case.code)
        await keys.press("enter")
        table = app.screen.query_one("#audit-events", DataTable)
        assert table.row_count == expected
        assert {str(table.get_row_at(r)[2]) for r in range(table.row_count)} == {
            f"{case.code[:4]}-{case.code[4:]}"
        }
        await keys.type("#audit-day", "31-31-2026")
        await keys.press("enter")
        assert "tidak terbaca" in text_of(app, "#audit-message")
        await keys.type("#audit-day", "")
        await keys.type("#audit-case", "")
        await keys.type("#audit-action", "login")
        await keys.press("enter")
        assert table.row_count >= 1
        with demo_engine.begin() as conn:
            conn.execute(text("UPDATE auditevent SET detail = 'x' WHERE seq = 3"))
        await keys.press("f5")
        assert "RANTAI RUSAK" in text_of(app, "#audit-chain") and "ke-3" in text_of(
            app, "#audit-chain"
        )


async def test_a_long_name_and_a_lockout_are_shown_whole(
    demo_url: str, demo_engine: Engine
) -> None:
    """A name longer than its column, and a locked state longer than its own, are cut with a
    mark and shown in full on the line below when the row is highlighted."""
    from datetime import timedelta

    from kiosk.base import clock

    long_name = "Siti Nurhaliza Rahmawati Kusumadewi"  # 35 letters
    with make_session(demo_engine) as s:
        op = operators.add(s, long_name, "864209", "operator")
        op.locked_until = clock.utcnow() + timedelta(minutes=10)
        s.add(op)
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o", "f4")
        table = app.screen.query_one("#operators", DataTable)
        names = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
        row = next(r for r, n in enumerate(names) if n.startswith("Siti"))
        assert names[row] != long_name  # cut to its column, with a mark
        table.move_cursor(row=row)
        await keys.press()
        full = text_of(app, "#operators-full")
        assert long_name in full and "terkunci" in full
