"""Text kept as typed and the step's own save reach the database in the order they were
asked, however slow the PC: a step saved is never followed by its own stale typed text,
which the confirmation would point out as "typed and not saved"."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.cases import choices, drafts, typed
from models import Case, TypedField
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    screen_name,
    settle,
    text_of,
    wait_until,
    walk_to_contact,
)  # fmt: skip

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def kept_steps(engine: Engine, kk: str) -> list[str]:
    with make_session(engine) as s:
        case_id = s.exec(select(Case.id).where(Case.kk_number == kk)).one()
        return sorted(
            {row.step for row in s.exec(select(TypedField).where(TypedField.case_id == case_id))}
        )


async def at_contact(keys: KeyCounter, engine: Engine, kk: str) -> None:
    """On the contact step, every field answered, and the typed text kept once."""
    await login(keys)
    await walk_to_contact(keys, kk)
    await keys.fill_contact("0812 3456 7890")
    await wait_until(keys.pilot, lambda: "contact" in kept_steps(engine, kk))
    await settle(keys.pilot)


async def retype_phone(app: KioskApp, keys: KeyCounter) -> None:
    """The phone's last digit typed again: the same number, typed just now."""
    phone = app.screen.query_one("#phone", Input)
    phone.focus()
    before = phone.value
    await keys.pilot.press("end", "backspace", before[-1])
    assert phone.value == before


def slowed(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, before: float = 0.0,
           after: float = 0.0, times: int = 1000) -> None:  # fmt: skip
    """`owner.name` made slow in its worker thread, as on a busy one-core PC (its first
    `times` calls)."""
    original = getattr(owner, name)
    calls = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) > times:
            return original(*args, **kwargs)
        time.sleep(before)
        result = original(*args, **kwargs)
        time.sleep(after)
        return result

    monkeypatch.setattr(owner, name, slow)


async def test_text_typed_does_not_come_back_after_a_slow_save(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The save takes longer than the pause after which typed text is kept: the text must
    # not be kept again once the step has saved it.
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await at_contact(keys, demo_engine, kk)
        slowed(monkeypatch, choices, "set_contact", after=1.5)  # saved, then slow to answer
        # The step's typed text forgotten late: the confirmation reads before it goes.
        slowed(monkeypatch, typed, "forget", before=0.5)
        await retype_phone(app, keys)  # a key, then F10 at once
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await settle(pilot)
        assert "belum disimpan" not in text_of(app, "#confirm-message")
    assert kept_steps(demo_engine, kk) == []


async def test_text_kept_just_before_the_save_is_forgotten_by_it(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The typed text's own save starts first and is slow: the step's save must come after
    # it, not before (else the kept text outlives the step, stale).
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await at_contact(keys, demo_engine, kk)
        # The text's save is slow to start (its thread waits for the one core): the step's
        # save, asked later, would otherwise get to the database first.
        slowed(monkeypatch, drafts, "guard", before=0.8, times=1)
        await retype_phone(app, keys)
        await pilot.pause(1.2)  # the pause after the last key: the text is being kept
        await keys.press("f10")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmScreen")
        await settle(pilot)
        await pilot.pause(1.0)  # whatever was still running has ended
        await settle(pilot)
        assert "belum disimpan" not in text_of(app, "#confirm-message")
    assert kept_steps(demo_engine, kk) == []


async def test_jobs_run_in_the_order_asked_and_still_run_as_the_kiosk_quits(
    demo_url: str,
) -> None:
    ran: list[str] = []

    def slow(_session: Any, name: str) -> None:
        time.sleep(0.3)
        ran.append(name)

    def quick(_session: Any, name: str) -> None:
        ran.append(name)

    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.db(slow, "first")
        app.db(quick, "second")  # asked later: runs later, though it is quicker
        await settle(pilot)
        assert ran == ["first", "second"]
        app.db(slow, "asked")
        app.db(quick, "as the kiosk quits")
        await pilot.pause()  # both waited for, the second still queued behind the first
        app.exit()  # e.g. Ctrl+Q a moment after a key: the typed text's keeping still lands
    deadline = time.monotonic() + 10
    while len(ran) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ran == ["first", "second", "asked", "as the kiosk quits"]
