"""Driving the kiosk as an operator would, for Pilot and snapshot tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from sqlmodel import Session, select
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from kiosk.cases.gateway import TrainingGateway
from kiosk.registry.lookup import lookup_kk
from models import Case, Family

if TYPE_CHECKING:
    from screens.key_bar import KeyBar


async def settle(pilot: Pilot) -> None:
    """Let database workers finish and their results reach the screen."""
    # The database opens only after the first frame; on a loaded machine (a PostgreSQL
    # server and other test workers on one core) that can take many seconds.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if getattr(pilot.app, "ready", True) or getattr(pilot.app, "load_error", ""):
            break
        await pilot.pause(0.05)
    # A key can start a chain (login -> home -> its refresh): wait until nothing is running
    # for two rounds in a row, however loaded the machine is.
    idle = 0
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(w.is_running for w in pilot.app.workers)
        idle = 0 if busy else idle + 1
        if idle == 2:
            break


async def wait_until(pilot: Pilot, ready: Callable[[], object], seconds: float = 60) -> None:
    """Until `ready()` holds, for work `settle` cannot see (a paper made and printed in a
    thread, a screen pushed later): at most `seconds`, however loaded the machine is."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        await pilot.pause(0.05)


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys sent at once, as a keyboard faster than any hand (a USB scanner, keys queued on a
    busy PC), with no pause between them for the screen to catch up (a Pilot key press waits
    ~40 ms after each). A single character is typed as itself; a longer name is a key
    ("home", "escape", "enter")."""
    from textual import events
    from textual.keys import _character_to_key

    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1:
            driver.send_message(events.Key(key if key.isalnum() else _character_to_key(key), key))
        else:
            driver.send_message(events.Key(key, "\r" if key == "enter" else None))
    await settle(pilot)


async def scan(pilot: Pilot, text: str) -> None:
    """What a USB scanner does with a QR code: every character, then Enter, in one burst."""
    await burst(pilot, *text, "enter")


class KeyCounter:
    """Counts the keys an operator presses beyond the data typed into fields."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        """Each key once the last one's work has reached the screen, as an operator looks
        before the next key: a key pressed while a step's database work is still running
        would land on the screen being left (on a loaded machine, a snapshot recorded the
        default plan because its arrow key came before the plan screen)."""
        self.count += len(keys)
        for n, key in enumerate(keys, 1):
            await self.pilot.press(key)
            # Waiting costs a few redraws: only after a key that started work (most keys
            # start none), and after the last.
            if n == len(keys) or any(w.is_running for w in self.pilot.app.workers):
                await settle(self.pilot)
        if not keys:  # "let what was set arrive"
            await settle(self.pilot)

    async def type(self, selector: str, text: str) -> None:
        """Typed data: set the field at once (each real key press costs ~100 ms in tests)."""
        field = self.pilot.app.screen.query_one(selector, Input)
        field.focus()
        field.value = text
        await settle(self.pilot)

    async def choose(self, selector: str, value: str) -> None:
        """A choice from a list, as the list shows it once chosen (its keys are tested where
        the choice itself is the point)."""
        from textual.widgets import Select

        field = self.pilot.app.screen.query_one(selector, Select)
        field.focus()
        field.value = value
        await settle(self.pilot)

    async def fill_contact(self, phone: str = "0812 3456 7890") -> None:
        """The contact step as a family of the demo village answers it: its postcode and the
        account holder are offered, the occupation and income are asked."""
        await self.type("#phone", phone)
        await self.type("#occupation", "Petani/Pekebun")
        await self.choose("#income", "1to3")


def text_of(app: App, selector: str) -> str:
    """What a message or summary line on the screen shown says."""
    return str(app.screen.query_one(selector, Static).render())


def footer_words(app: App) -> str:
    """The line of keys at the bottom of the screen shown, as the operator reads it."""
    from screens.key_bar import KeyBar

    return " ".join(f"{key} {words}" for _, key, words, _ in app.screen.query_one(KeyBar).shown)


def assert_keys_fit(bar: KeyBar) -> None:
    """Every key of the line is on screen: none cut off at the right edge."""
    line = bar.render().plain.rstrip()
    assert cell_len(line) <= bar.size.width, line


def screen_name(app: App) -> str:
    return type(app.screen).__name__


async def open_by_code(keys: KeyCounter, code: str) -> None:
    """Home: type a case's code in the open-case field, as from a slip, and Enter."""
    await keys.type("#open", code)
    await keys.press("enter")


async def login(
    keys: KeyCounter, name: str = "demo", pin: str = "246810", *, expect_home: bool = True
) -> None:
    await settle(keys.pilot)
    await keys.type("#name", name)
    await keys.press("enter")
    await keys.type("#pin", pin)
    await keys.press("enter")
    if not expect_home:
        return
    # The PIN is checked in a thread (argon2, ~0.2 s; far longer on a loaded machine) and the
    # home screen then loads its lists: wait for the screen to change, then say why if not.
    app = keys.pilot.app
    deadline = time.monotonic() + 60
    while screen_name(app) == "LoginScreen" and time.monotonic() < deadline:
        await keys.pilot.pause(0.05)
    await settle(keys.pilot)
    if screen_name(app) == "LoginScreen":
        raise AssertionError(f"not logged in: {text_of(app, '#login-message')!r}")


async def start_registration(keys: KeyCounter, kk: str) -> None:
    """From home: a new registration, the family's KK typed and looked up."""
    await keys.press("f2")
    await keys.type("#kk", kk)
    await keys.press("enter")


async def walk_to_contact(keys: KeyCounter, kk: str) -> None:
    """From home: a family whose members are all new, in class III at the first Puskesmas
    Kadungora match, the family's own choice: ends on the contact step."""
    await start_registration(keys, kk)
    await keys.press("f10")
    await keys.press("3")
    await keys.press("tab")
    await keys.type("#search", "puskesmas kadungora")
    await keys.press("enter")
    await keys.press("f6")
    await keys.press("f10")


async def walk_to_done(keys: KeyCounter, kk: str, phone: str = "0812 3456 7890") -> None:
    """From home: a family whose members are all new registered in class III at the first
    Puskesmas Kadungora match, the family's own choice, consent given: ends on Done."""
    await walk_to_contact(keys, kk)
    await keys.fill_contact(phone)
    await keys.press("f10")
    await keys.press("f6")
    await keys.press("f10")
    # The submission runs in the database worker; on a loaded machine Done comes later.
    app = keys.pilot.app
    await wait_until(keys.pilot, lambda: screen_name(app) == "DoneScreen")
    said = text_of(app, "#confirm-message") if screen_name(app) == "ConfirmScreen" else ""
    assert screen_name(app) == "DoneScreen", (screen_name(app), said)


def _all_listed_covered(session: Session, members: list) -> bool:
    """Every listed member's claim still holds today (no check needed, none inactive)."""
    from kiosk.base import clock
    from kiosk.registry import coverage

    claims = coverage.claims_for(session, [m.nik for m in members if m.listed])
    window = coverage.window_days(session)
    return all(c.standing(clock.today(), window).state == "covered" for c in claims.values())


def demo_family(
    session: Session, *, covered: int, size: int, skip: int = 0, standing: str = "covered"
) -> str:
    """A demo KK with `size` members, `covered` of them listed in JKN, that the simulator
    accepts; with `standing` "covered" every listed claim still holds, "check" or "inactive":
    some listed member's claim is in that state."""
    from kiosk.base import clock
    from kiosk.registry import coverage

    training = TrainingGateway()
    found_any = 0
    for family in session.exec(
        select(Family).where(Family.replaced_by.is_(None)).order_by(Family.id)
    ):  # type: ignore[union-attr]
        found = lookup_kk(session, family.kk_number)
        if training.kk_unknown_to_registry(family.kk_number) or len(found.members) != size:
            continue
        if sum(m.listed for m in found.members) != covered:
            continue
        if standing == "covered" and not _all_listed_covered(session, found.members):
            continue
        if standing != "covered":
            claims = coverage.claims_for(session, [m.nik for m in found.members])
            window = coverage.window_days(session)
            if not any(
                c.standing(clock.today(), window).state == standing for c in claims.values()
            ):
                continue
        if any(training.secretly_registered(m.nik) for m in found.members):
            continue
        if session.exec(select(Case).where(Case.kk_number == family.kk_number)).first():
            continue
        if found_any == skip:
            return family.kk_number
        found_any += 1
    raise AssertionError("no such demo family")


def registrable_kks(session: Session, count: int) -> list[str]:
    """KK numbers of demo families without a case that the training simulator accepts."""
    training = TrainingGateway()
    found: list[str] = []
    taken = set(session.exec(select(Case.kk_number)))
    for family in session.exec(
        select(Family).where(Family.replaced_by.is_(None)).order_by(Family.id)
    ):  # type: ignore[union-attr]
        if family.kk_number in taken or training.kk_unknown_to_registry(family.kk_number):
            continue
        members = lookup_kk(session, family.kk_number).members
        if all(m.listed for m in members) or not _all_listed_covered(session, members):
            continue
        if any(training.secretly_registered(m.nik) for m in members):
            continue
        found.append(family.kk_number)
        if len(found) == count:
            return found
    raise AssertionError("not enough demo families")
