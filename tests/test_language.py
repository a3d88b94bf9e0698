"""The kiosk speaks Bahasa Indonesia by default and English with KIOSK_LANG=en."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import asyncio
from kiosk.app import KioskApp
async def main():
    app = KioskApp({url!r})
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):  # the database opens after the first frame
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if app.ready:
                break
        await pilot.pause()
        screen = app.screen
        print(screen.query_one("#training-hint").render())
        print([b.description for b in screen.BINDINGS])
asyncio.run(main())
"""


def run_login(url: str, lang: str | None) -> str:
    env = {**os.environ}
    env.pop("KIOSK_LANG", None)
    if lang:
        env["KIOSK_LANG"] = lang
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(url=url)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_login_in_indonesian_by_default_and_english_on_request(demo_url: str) -> None:
    indonesian = run_login(demo_url, None)
    assert "LATIHAN: data desa demo" in indonesian and "Masuk" in indonesian
    english = run_login(demo_url, "en")
    assert "TRAINING: demo village data" in english and "Log in" in english
