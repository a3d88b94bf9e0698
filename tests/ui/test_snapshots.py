"""How every screen looks at 80x24 (SVG snapshots). Time and new case codes are frozen.

Update after an intended change with: uv run pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base import clock, i18n
from models import Case
from screens.key_bar import KeyBar
from tests.helpers.screens import KeyCounter, assert_keys_fit, demo_family, login, settle

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 30)


@pytest.fixture(scope="module")
def frozen_demo(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo village as it stands on a fixed day, so every snapshot is the same each run."""
    from kiosk.base.database import open_database, session
    from kiosk.demo import village

    if not template_db.startswith("/"):
        pytest.skip("snapshots run on SQLite")
    path = tmp_path_factory.mktemp("snap") / "demo.db"
    shutil.copyfile(template_db, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "_wall", lambda: NOW)  # the demo's clock.shifted still moves it
        engine = open_database(f"sqlite:///{path}")
        with session(engine) as s:
            village.load(s, today=TODAY)
        engine.dispose()
    return str(path)


@pytest.fixture
def snap_app(frozen_demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KioskApp:
    target = tmp_path / "kiosk.db"
    shutil.copyfile(frozen_demo, target)
    monkeypatch.setattr(clock, "_wall", lambda: NOW)
    monkeypatch.setattr("kiosk.rules.casecode.new_code", lambda: "7KQM3X9T")
    # This desk's settings file where a Linux desk keeps it, shown the same on every run.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / ".config" / "jkn-kiosk"))
    return KioskApp(f"sqlite:///{target}")


def family(app: KioskApp, **kw: int | str) -> str:
    with app.session() as s:
        return demo_family(s, **kw)


Step = Callable[[Pilot], Awaitable[None]]


def steps(*actions: Callable[[KeyCounter], Awaitable[None]]) -> Step:
    async def run(pilot: Pilot) -> None:
        keys = KeyCounter(pilot)
        for action in actions:
            await action(keys)
        await settle(pilot)
        for bar in pilot.app.screen.query(KeyBar):  # every key of the screen is on its line
            for words in ("en", "id"):  # in either language (the snapshot is the last)
                i18n.set_language(words)
                bar.update_keys()
                assert_keys_fit(bar)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run


def press(*k: str) -> Callable[[KeyCounter], Awaitable[None]]:
    async def run(keys: KeyCounter) -> None:
        await keys.press(*k)

    return run


def typed(
    selector: str, text: str | Callable[[KeyCounter], str]
) -> Callable[[KeyCounter], Awaitable[None]]:
    async def run(keys: KeyCounter) -> None:
        await keys.type(selector, text(keys) if callable(text) else text)

    return run


def tick(selector: str) -> Callable[[KeyCounter], Awaitable[None]]:
    async def run(keys: KeyCounter) -> None:
        from textual.widgets import Checkbox

        keys.pilot.app.screen.query_one(selector, Checkbox).value = True

    return run


async def logged_in(keys: KeyCounter) -> None:
    await login(keys)


async def admin(keys: KeyCounter) -> None:
    await login(keys, name="admin")


def replaced_kk(keys: KeyCounter) -> str:
    from models import Family

    with keys.pilot.app.session() as s:  # type: ignore[attr-defined]
        return s.exec(select(Family.kk_number).where(Family.replaced_by.is_not(None))).first()  # type: ignore[union-attr]


def kk_with_case(keys: KeyCounter) -> str:
    from models import Case

    with keys.pilot.app.session() as s:  # type: ignore[attr-defined]
        return s.exec(select(Case.kk_number).where(Case.status == "va_issued")).first()  # type: ignore[return-value]


NEW_KK = "3205100511260003"


def new_kk_from_dukcapil(keys: KeyCounter) -> str:
    """A family whose KK the civil registry replaced by a number the data does not hold yet."""
    from models import Family

    kk = family(keys.pilot.app, covered=0, size=3)  # type: ignore[arg-type]
    with keys.pilot.app.session() as s:  # type: ignore[attr-defined]
        old = s.exec(select(Family).where(Family.kk_number == kk)).one()
        old.replaced_by = NEW_KK
        s.add(old)
        s.commit()
    return NEW_KK


def kk4(keys: KeyCounter) -> str:
    return family(keys.pilot.app, covered=1, size=4)  # type: ignore[arg-type]


def kk_inactive(keys: KeyCounter) -> str:
    """A family with a PBI member found inactive since the 2026 reshuffle."""
    for size in range(2, 7):
        try:
            return family(keys.pilot.app, covered=1, size=size, standing="inactive")  # type: ignore[arg-type]
        except AssertionError:
            continue
    raise AssertionError("no demo family with an inactive member")


UNKNOWN_KK = "3205 1001 0199 9999"
TO_MEMBERS = (logged_in, press("f2"), typed("#kk", kk4), press("enter"))
TO_FKTP = (
    *TO_MEMBERS,
    press("f10", "3", "tab"),
    typed("#search", "puskesmas kadungora"),
    press("enter", "f6"),
)


TO_ARREARS = (
    logged_in, press("ctrl+l", "down", "down", "enter"), typed("#kk", kk4), press("enter"),
    typed("#months", "10"),
)  # fmt: skip


TO_UPDATE = (
    logged_in, press("ctrl+l", "down", "down", "down", "enter"), typed("#kk", kk4), press("enter"),
    typed("#phone", "0812 7777 8888"), typed("#email", "keluarga@contoh.id"),
)  # fmt: skip


async def contact_filled(keys: KeyCounter) -> None:
    await keys.fill_contact("0812 3456 7890")


TO_CONTACT = (*TO_FKTP, press("f10"), contact_filled)
TO_CONFIRM = (*TO_CONTACT, press("f10", "f6"))


def open_first(status: str) -> Callable[[KeyCounter], Awaitable[None]]:
    """Open, by typing its code, the first demo case in `status`."""

    async def run(keys: KeyCounter) -> None:

        with keys.pilot.app.session() as s:  # type: ignore[attr-defined]
            code = s.exec(select(Case.code).where(Case.status == status)).first()
        await keys.type("#open", code)
        await keys.press("enter")

    return run


async def open_mismatch(keys: KeyCounter) -> None:
    """Open the first demo case whose card came back with another FKTP."""
    from kiosk.cases.answers import card_differs
    from models import CaseMember

    with keys.pilot.app.session() as s:  # type: ignore[attr-defined]
        member = next(m for m in s.exec(select(CaseMember)) if card_differs(m))
        code = s.get(Case, member.case_id).code  # type: ignore[union-attr]
    await keys.type("#open", code)
    await keys.press("enter")


async def whole_history_with_training(keys: KeyCounter) -> None:
    """Reports: every date, the training cases (the demo's are all training)."""
    from textual.widgets import Select

    from screens.widgets.toggles import Checkbox

    keys.pilot.app.screen.query_one("#report-preset", Select).value = "all"
    await keys.press()
    keys.pilot.app.screen.query_one("#report-training", Checkbox).value = True
    await keys.press()


async def wait_ready(keys: KeyCounter) -> None:
    await settle(keys.pilot)


SCREENS: dict[str, tuple] = {
    "login": (wait_ready,),
    "home": (logged_in,),
    "kk_lookup": (logged_in, press("f2"), typed("#kk", "3205 1001 02")),
    "kk_replaced": (logged_in, press("f2"), typed("#kk", replaced_kk), press("enter")),
    "not_found": (logged_in, press("f2"), typed("#kk", UNKNOWN_KK), press("enter")),
    "manual_family": (logged_in, press("f2"), typed("#kk", UNKNOWN_KK), press("enter", "f2")),
    "search": (logged_in, typed("#open", "permana"), press("enter")),
    "refer": (
        logged_in,
        press("f2"),
        typed("#kk", UNKNOWN_KK),
        press("enter", "f8"),
        typed("#head", "Ujang Suryana"),
    ),
    "kk_has_case": (logged_in, press("f2"), typed("#kk", kk_with_case), press("enter")),
    "carry_over": (
        logged_in,
        press("f2"),
        typed("#kk", new_kk_from_dukcapil),
        press("enter", "space"),
    ),
    "cancel_form": (logged_in, press("down", "f8")),
    "services_menu": (logged_in, press("ctrl+l", "down")),
    "service_form": (logged_in, press("ctrl+l", "enter", "tab", "right", "tab", "right")),
    "arrears": TO_ARREARS,
    "arrears_plan": (*TO_ARREARS, press("f10", "down")),
    "arrears_case": (*TO_ARREARS, press("f10", "down", "f10")),
    "instalment_form": (*TO_ARREARS, press("f10", "down", "f10", "f4")),
    "data_update": TO_UPDATE,
    "request_case_update": (*TO_UPDATE, press("f10")),
    "newborn": (
        logged_in,
        press("ctrl+l", "down", "enter"),
        typed("#kk", kk4),
        press("enter"),
        typed("#name", "Putri Aminah"),
        typed("#birth", "20-10-2026"),
    ),
    "request_case_newborn": (
        logged_in,
        press("ctrl+l", "down", "enter"),
        typed("#kk", kk4),
        press("enter"),
        typed("#name", "Putri Aminah"),
        typed("#birth", "10-11-2026"),
        press("f10"),
    ),
    "fktp_move": (
        logged_in,
        press("ctrl+l", "down", "down", "down", "down", "enter"),
        typed("#kk", kk4),
        press("enter"),
        typed("#fktp-to", "0403P001"),
        typed("#since", "20-09-2026"),
        tick("#active"),
        press("f10"),
    ),
    "class_move": (
        logged_in,
        press("ctrl+l", "down", "down", "down", "down", "down", "enter"),
        typed("#kk", kk4),
        press("enter"),
        typed("#since", "20-11-2025"),
        tick("#active"),
    ),
    "members": TO_MEMBERS,
    "member_form": (*TO_MEMBERS, press("f2"), typed("#nik", "320510411126099")),
    "covered_form": (*TO_MEMBERS, press("f6")),
    "routes": (logged_in, press("f2"), typed("#kk", kk_inactive), press("enter", "f10")),
    "fktp": TO_FKTP,
    "contact": (*TO_CONTACT, typed("#email", "bukan-email"), press("f10")),
    "confirm": TO_CONFIRM,
    "done": (*TO_CONFIRM, press("f10")),
    "case": (logged_in, open_first("active")),
    "bpjs_answer": (logged_in, open_first("submitted"), press("f4")),
    "handoff": (logged_in, open_first("submitted"), press("f9", "enter")),
    "card_form": (logged_in, open_first("paid"), press("f4")),
    "correct_form": (admin, open_first("paid"), press("f8"), typed("#correct-reason", "Salah")),
    "payment_form": (logged_in, open_first("va_issued"), press("f4")),
    "fktp_change_form": (logged_in, open_mismatch, press("f6")),
    "reports": (logged_in, press("ctrl+r"), whole_history_with_training),
    "reports_fktp": (logged_in, press("ctrl+r"), whole_history_with_training, press("f6", "f6")),
    "reports_days": (
        logged_in,
        press("ctrl+r"),
        whole_history_with_training,
        press("f6", "f6", "f6"),
    ),
    "outreach": (logged_in, press("ctrl+t")),
    "outreach_dusun": (logged_in, press("ctrl+t", "down", "enter")),
    "coverage": (logged_in, press("ctrl+t", "ctrl+r")),
    "visit_form": (logged_in, press("ctrl+t", "tab", "f4", "right", "right", "tab", "right")),
    "settings": (admin, press("ctrl+o")),
    "operators": (admin, press("ctrl+o", "f4")),
    "pin_form": (logged_in, press("ctrl+p")),
    "audit_view": (admin, press("ctrl+o", "f5")),
    "home_ascii_look": (admin, press("ctrl+o"), tick("#ascii_look"), press("f10", "f3")),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_at_80x24(name: str, snap_app: KioskApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steps(*SCREENS[name]))
