"""Kill -9 kiosks at random moments of their registrations, 100 times, and check every case.

Each round starts three kiosk processes registering demo families on one database, kills
them at a random moment (0.01-0.3 s after they are ready), then checks that every case is
either as it was before a step or fully moved on (never `submitted` without its VA), and
that every step a kiosk reported committed is still there.

    uv run python bench/crash_kills.py                      # SQLite
    uv run python bench/crash_kills.py --db postgresql+psycopg://...   # an empty database
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--kills", type=int, default=100)
    args = parser.parse_args()

    from kiosk.base.database import open_database, session
    from kiosk.demo import village
    from tests.helpers.race_workers import kill_rounds
    from tests.helpers.screens import registrable_kks

    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'crash.db'}"
    engine = open_database(url)
    with session(engine) as s:
        village.load(s)
        kks = registrable_kks(s, 36)
    start = time.perf_counter()
    kills, submitted = kill_rounds(url, engine, kks, kills_wanted=args.kills)
    print(
        f"{kills} kills in {time.perf_counter() - start:.0f} s; {submitted} registrations "
        "completed between them; every case whole, every committed step kept"
    )


if __name__ == "__main__":
    main()
