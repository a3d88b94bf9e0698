"""One kiosk key for the whole suite, planted in each test's data folder: the demo
template's trail and a test's own events are signed alike, so a trail's hashes, and the
screens that show them, are the same from run to run. Tests of keys make their own."""

from __future__ import annotations

from pathlib import Path

TEST_KEY = bytes.fromhex("4a4b4e" * 10 + "4b21")


def plant_key(folder: Path) -> Path:
    """`folder` as a kiosk data folder holding the suite's key; returned."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / "slip-signing.key"
    if not key.exists():
        key.write_bytes(TEST_KEY)
        key.chmod(0o600)
    return folder
