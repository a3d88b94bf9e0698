"""FKTP search: time to answer each keystroke over 25,000 facilities (goal: under 5 ms).

Builds 25,000 facilities spread over real kecamatan codes, loads the in-memory index as
the FKTP screen does, then types queries one letter at a time and times every answer.

    uv run python bench/fktp_search.py [--facilities 25000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

QUERIES = [
    "puskesmas kadungora",
    "klinik pratama",
    "dr. rina",
    "0403p001",
    "jl. raya leles",
    "drg",
    "rs pratama garut",
    "zzz",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=25_000)
    args = parser.parse_args()
    from kiosk.importing.rows import facility_search_text
    from kiosk.registry.facilities import FacilityIndex, FacilityRow
    from kiosk.rules import regions
    from kiosk.rules.reference import FKTP_KINDS

    rng = random.Random(3)
    kecamatan = [c for c, _ in regions.iter_rows() if len(c) == 6]
    rows = []
    for n in range(args.facilities):
        region = rng.choice(kecamatan)
        place = regions.name(region) or region
        kind = rng.choice(FKTP_KINDS)
        name = (
            f"{kind} {place} {n}"
            if kind in ("Puskesmas", "Klinik Pratama")
            else f"dr. {rng.choice(['Rina', 'Asep', 'Dewi', 'Budi'])} {place}"
        )
        code = f"{rng.randint(0, 9999):04d}{rng.choice('PKDGTRS')}{n % 1000:03d}"
        address = f"Jl. Raya {place} No. {rng.randint(1, 300)}"
        rows.append(
            FacilityRow(code, name, kind, region, facility_search_text(name, kind, address, code))
        )
    t0 = time.perf_counter()
    index = FacilityIndex(rows, "320510")
    print(f"index of {len(rows):,} facilities built in {(time.perf_counter() - t0) * 1000:.0f} ms")
    times = []
    for query in QUERIES:
        for i in range(1, len(query) + 1):
            t0 = time.perf_counter()
            index.search(query[:i], limit=40)
            times.append(time.perf_counter() - t0)
        for i in range(len(query) - 1, 0, -1):  # backspacing: the list widens again
            t0 = time.perf_counter()
            index.search(query[:i], limit=40)
            times.append(time.perf_counter() - t0)
    times.sort()
    print(f"keystrokes: {len(times)}  p50 {statistics.median(times) * 1000:.2f} ms  "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms  max {times[-1] * 1000:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
