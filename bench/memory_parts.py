"""What each part of the kiosk adds to its resident memory, loaded in the kiosk's order.

    uv run python bench/memory_parts.py [--families 30000] [--facilities 25000]

Each part is loaded in one process, with the kiosk's own memory settings (kiosk/base/memory.py),
and the growth of resident memory (VmRSS, and its anonymous and file-backed parts) is
printed, then the peak (VmHWM). Run `bench/key_latency.py` once first: it builds the
database with 25,000 facilities that this reads.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


STATUS_FIELDS = ("VmRSS", "VmHWM", "RssAnon", "RssFile")


def parse_status(text: str) -> dict[str, float]:
    """The memory fields of a /proc/<pid>/status text, in MiB."""
    return {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in text.splitlines()
        if line.startswith(STATUS_FIELDS)
    }


def status() -> dict[str, float]:
    with open("/proc/self/status") as lines:
        return parse_status(lines.read())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=30_000)
    parser.add_argument("--facilities", type=int, default=25_000)
    args = parser.parse_args()
    db = ROOT / "bench" / "out" / f"latency-{args.families}-{args.facilities}.db"
    if not db.exists():
        sys.exit(f"{db} is missing: run bench/key_latency.py first")

    from tests.helpers.bytecode import compile_all

    compile_all()
    from kiosk.base import memory

    memory.leave_out_unused_modules()
    memory.tune_allocator()
    last = status()
    print(f"{'python':<44} {last['VmRSS']:6.1f} MiB")

    def part(name: str) -> None:
        nonlocal last
        now = status()
        grew = {key: now[key] - last[key] for key in ("VmRSS", "RssAnon", "RssFile")}
        print(
            f"{name:<44} +{grew['VmRSS']:5.1f} MiB (anonymous {grew['RssAnon']:+5.1f},"
            f" files {grew['RssFile']:+5.1f})  now {now['VmRSS']:6.1f}"
        )
        last = now

    import textual.app  # noqa: F401

    import screens.desk.login  # noqa: F401

    part("Textual and the login screen")
    import sqlmodel  # noqa: F401

    part("SQLAlchemy, SQLModel, pydantic")
    from kiosk.base import database
    from kiosk.desk import settings

    engine = database.open_database(f"sqlite:///{db}")
    with database.session(engine) as session:
        settings.get(session, "village_code")
    part("the models, the database open, a first query")
    from kiosk.rules import regions

    regions.preload()
    part("region names (kecamatan and above)")
    from kiosk.registry import facilities

    with database.session(engine) as session:
        facilities.index_for(session, "3205102003")
    part(f"facility index ({args.facilities:,} facilities)")
    import importlib

    from screens import router

    for module, _ in router.screens():
        importlib.import_module(module)
    part("the walk's screens and forms")
    from kiosk.desk import operators

    before_peak = status()["VmHWM"]
    operators._hasher().hash("135790")
    part("a PIN check (argon2), after it")
    print(
        f"{'  ... while it hashed, the peak rose by':<44} +{status()['VmHWM'] - before_peak:5.1f}"
    )
    from kiosk.desk import signing

    signing.warm_up()
    part("slip signing (cryptography, Ed25519)")
    from kiosk.papers import page

    page.warm_up()
    part("fpdf2 and qrcode, one page made")
    print(f"{'peak':<44} {status()['VmHWM']:6.1f} MiB")


if __name__ == "__main__":
    main()
