"""Encrypted backup and restore of a village-to-kabupaten database: time and peak memory.

uv run python bench/backup_speed.py [--families 30000]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from demo_database import demo_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=30_000)
    args = parser.parse_args()
    source = demo_database(args.families)
    from kiosk.base.database import make_engine
    from kiosk.desk import backup

    secret = b"padi menguning di sawah"
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{source}")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    backup.backup(engine, folder / "b.bak", secret)
    made = time.perf_counter() - start
    start = time.perf_counter()
    backup.restore(folder / "b.bak", secret, folder / "restored.db")
    restored = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = source.stat().st_size / 2**20
    print(f"database {size:.0f} MiB ({args.families} families)")
    print(
        f"backup  {made:.2f} s ({size / made:.0f} MiB/s), file {(folder / 'b.bak').stat().st_size / 2**20:.0f} MiB"
    )
    print(f"restore {restored:.2f} s (decrypt, integrity check, swap)")
    print(f"peak RSS {peak / 1024:.0f} MiB (+{(peak - before) / 1024:.0f} MiB during both)")


if __name__ == "__main__":
    main()
