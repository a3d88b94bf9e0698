"""KK lookup at kabupaten scale: p50/p99 of the walk's lookup (family + members + cover).

Builds (once) a database with `kiosk demo --families 300000` (about 1.15 million persons)
unless --db points at one, then times random lookups through kiosk.registry.lookup.lookup_kk.

    uv run python bench/kk_lookup.py [--db sqlite:///path.db] [--families 300000] [--n 20000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from demo_database import demo_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--families", type=int, default=300_000)
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args()
    url = args.db
    if url is None:
        url = f"sqlite:///{demo_database(args.families)}"

    from sqlalchemy import select

    from kiosk.base.database import open_database, session
    from kiosk.registry.lookup import lookup_kk
    from models import Family, Person

    engine = open_database(url)
    with session(engine) as s:
        kks = list(s.scalars(select(Family.kk_number)))
        persons = (
            s.connection().execute(select(Person.id).order_by(Person.id.desc()).limit(1)).scalar()
        )
        rng = random.Random(1)
        sample = [rng.choice(kks) for _ in range(args.n)]
        for kk in sample[:500]:  # warm the page cache and the statement cache
            lookup_kk(s, kk)
        times = []
        members = 0
        for kk in sample:
            t0 = time.perf_counter()
            found = lookup_kk(s, kk)
            times.append(time.perf_counter() - t0)
            members += len(found.members)
        missing = [f"{kk[:-4]}9999" for kk in sample[:2000]]
        miss_times = []
        for kk in missing:
            t0 = time.perf_counter()
            lookup_kk(s, kk)
            miss_times.append(time.perf_counter() - t0)
    times.sort()
    miss_times.sort()

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(len(values) * p))] * 1000

    print(f"database: {len(kks):,} KK numbers, {persons:,} persons ({engine.dialect.name})")
    print(f"lookups: {args.n:,}, {members / args.n:.1f} members each")
    print(
        f"KK lookup (found)     p50 {pct(times, 0.5):.3f} ms  p99 {pct(times, 0.99):.3f} ms  mean {statistics.mean(times) * 1000:.3f} ms"
    )
    print(
        f"KK lookup (not found) p50 {pct(miss_times, 0.5):.3f} ms  p99 {pct(miss_times, 0.99):.3f} ms"
    )


if __name__ == "__main__":
    main()
