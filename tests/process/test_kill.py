"""A kiosk killed with kill -9 in the middle of its work loses nothing committed and leaves nothing half-done."""

from __future__ import annotations

from pathlib import Path

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
        await keys.fill_contact("0857 1111 2222")
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


def test_kill_9_during_backups_leaves_no_clear_copy_and_no_half_file(
    sqlite_demo: str, tmp_path: Path
) -> None:
    """Backups killed at random moments: under the name given there is a whole backup or
    nothing, no byte of the database is in clear anywhere, and the next backup clears the
    sealed partials the killed ones left."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    from kiosk.base.database import open_database
    from kiosk.desk import backup
    from tests.helpers.paths import ROOT as root

    folder = tmp_path / "usb"
    folder.mkdir()
    script = f"""
import sys
from pathlib import Path
from kiosk.base.database import make_engine
from kiosk.desk import backup
engine = make_engine({sqlite_demo!r})
print("go", flush=True)
backup.backup(engine, Path(sys.argv[1]), b"padi menguning di sawah")
print("done", flush=True)
"""
    rounds, killed = 10, 0
    random.seed(20261206)
    for n in range(rounds):
        child = subprocess.Popen(
            [sys.executable, "-c", script, str(folder / f"desa-{n}.bak")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)}, text=True,
        )  # fmt: skip
        assert child.stdout is not None and child.stdout.readline().strip() == "go"
        time.sleep(random.uniform(0.0, 0.12))  # a backup of the demo village takes ~0.2 s
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait(timeout=60)
    assert killed >= rounds // 2
    scratch = tmp_path / "check.db"
    for path in folder.iterdir():
        data = path.read_bytes()
        assert b"SQLite format 3" not in data, path.name
        if not path.name.startswith("."):  # a published backup is whole
            backup.decrypt(path, b"padi menguning di sawah", scratch)
            scratch.unlink()
    old = time.time() - backup.STALE_SECONDS - 5
    for path in folder.glob(".*.partial"):
        os.utime(path, (old, old))
    engine = open_database(sqlite_demo)
    for n in range(rounds):  # each name's next backup clears that name's partials
        if not (folder / f"desa-{n}.bak").exists():
            backup.backup(engine, folder / f"desa-{n}.bak", b"padi menguning di sawah")
    engine.dispose()
    assert not list(folder.glob(".*"))
