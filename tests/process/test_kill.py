"""A kiosk killed with kill -9 in the middle of its work loses nothing committed and leaves nothing half-done."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from kiosk.base.database import session as make_session
from tests.helpers import race_workers
from tests.helpers.drafts import draft_at_contact
from tests.helpers.screens import registrable_kks


def test_kill_9_at_random_moments_leaves_every_case_whole(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kks = registrable_kks(s, 3 * 8)
    kills, submitted = race_workers.kill_rounds(demo_url, demo_engine, kks, kills_wanted=12)
    assert kills >= 12  # bench/crash_kills.py does 100 and more
    assert submitted > 0  # the kills landed after some submissions, not only before


def test_kill_9_a_few_seconds_after_typing_keeps_the_text(
    demo_url: str, demo_engine: Engine
) -> None:
    """A real kiosk process, killed with SIGKILL after the operator typed on Contact."""
    import os
    import signal
    import subprocess
    import sys

    from kiosk.cases import typed

    case = draft_at_contact(demo_engine)
    from tests.helpers.paths import ROOT as root

    script = f"""
import asyncio, sys
from kiosk.app import KioskApp
from tests.helpers.screens import KeyCounter, login
async def main():
    app = KioskApp({demo_url!r})
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.type("#open", {case.code!r})
        await keys.press("enter")
        await keys.type("#phone", "0857 1111 2222")
        await keys.type("#account", "99887766")
        await pilot.pause(2.5)
        print("typed", flush=True)
        await asyncio.sleep(60)
asyncio.run(main())
"""
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "typed"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    with make_session(demo_engine) as s:
        kept = typed.recall(s, case.id, "contact")
    assert kept["phone"] == "0857 1111 2222" and kept["account"] == "99887766"
