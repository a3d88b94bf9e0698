"""What signing each audit event and holding the trail to its anchor costs.

    uv run python bench/audit_speed.py [--events 20000]

Writes `--events` events one commit each (the kiosk commits a step at a time) into a fresh
SQLite database, then verifies the whole trail: once with no anchor (every signature
checked) and once anchored at the head (signatures up to the anchor are vouched for by its
hash, so only what came after is checked).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="audit-speed-"))
    os.environ["KIOSK_DATA_DIR"] = str(folder / "data")

    from kiosk.base.database import open_database, session
    from kiosk.desk import anchor, audit

    engine = open_database(f"sqlite:///{folder / 'audit.db'}")
    took: list[float] = []
    with session(engine) as s:
        audit.record(s, "login", detail="warm-up")  # the key made and registered
        s.commit()
        for n in range(args.events):
            start = time.perf_counter()
            audit.record(s, "login", detail=f"event {n}")
            s.commit()
            took.append(time.perf_counter() - start)
    took.sort()
    print(f"{args.events} commits of one event each")
    print(
        f"  commit with its event sealed and signed: p50 {statistics.median(took) * 1000:.2f} ms,"
        f" p99 {took[int(len(took) * 0.99)] * 1000:.2f} ms"
    )
    anchor.path().unlink(missing_ok=True)  # the day's anchor: measured without one first
    anchor._last_day.clear()
    with session(engine) as s:
        start = time.perf_counter()
        check = audit.verify(s)
        bare = time.perf_counter() - start
        assert check.ok, check.problem
        anchor.write(s, "verify")
        start = time.perf_counter()
        check = audit.verify(s)
        held = time.perf_counter() - start
        assert check.ok and check.anchor is not None
    print(
        f"  verify, no anchor (every signature):  {bare:.2f} s ({bare / check.checked * 1e6:.0f} µs an event)"
    )
    print(
        f"  verify, anchored at the head:         {held:.2f} s ({held / check.checked * 1e6:.0f} µs an event)"
    )


if __name__ == "__main__":
    main()
