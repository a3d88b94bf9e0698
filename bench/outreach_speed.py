"""The village's map and target list at a village's and a kecamatan's scale.

Builds (or reuses) demo databases of about 5,000 residents (one village, 1,300 families) and
60,000 residents (a kecamatan: 15,800 families over its 20 villages), then times what the
outreach screen and `kiosk outreach` do: the map with every resident judged (`outreach.build`),
the target list and a filtered one, the door-to-door sheets of one RT, the coverage report,
and the memory they take.

    uv run python bench/outreach_speed.py [--families 1300 15800] [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from demo_database import demo_database


def timed(fn, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def measure(families: int, runs: int) -> None:
    import tracemalloc

    from kiosk.base.database import open_database, session
    from kiosk.followup import coverage_report, outreach, outreach_sheet

    path = demo_database(families)
    engine = open_database(f"sqlite:///{path}")
    with session(engine) as s:
        tracemalloc.start()
        held = outreach.build(s)
        size, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del held
        build_ms, village = timed(lambda: outreach.build(s), runs)
        assert isinstance(village, outreach.VillageMap)
        targets_ms, targets = timed(village.targets, runs)
        assert isinstance(targets, list)
        key = village.level("rt")[0][0]
        wanted = outreach.Filter(dusun=key[1], rw=key[2], rt=key[3])
        filtered_ms, rt = timed(lambda: village.targets(wanted), runs)
        assert isinstance(rt, list)
        sheet_ms, pdf = timed(lambda: outreach_sheet.render(village, rt, "Bench", village.today), 3)
        assert isinstance(pdf, bytes)
        report_ms, _ = timed(lambda: coverage_report.build(s), 3)
    engine.dispose()
    total = village.total
    print(
        f"{families} families: {total.residents} residents in {len(village.households)} "
        f"families, {len(village.level('region'))} villages, {len(village.level('rt'))} RTs"
    )
    print(
        f"  map (every resident judged)   {build_ms:8.1f} ms  (median of {runs}); "
        f"holds {size / 2**20:.1f} MiB, {top / 2**20:.1f} MiB at its peak"
    )
    print(
        f"  map + target list             {build_ms + targets_ms:8.1f} ms  "
        f"({len(targets)} families lacking cover)"
    )
    print(f"  one RT's targets              {filtered_ms:8.2f} ms  ({len(rt)} families)")
    print(f"  its door-to-door sheets (PDF) {sheet_ms:8.1f} ms  ({len(pdf) // 1024} KB)")
    print(f"  coverage report (map included){report_ms:8.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory so far            {peak:8.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, nargs="+", default=[1300, 15800])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from kiosk.papers import page

    page.warm_up()  # fpdf2 and qrcode loaded, as the kiosk has them by the time F7 is pressed
    for families in args.families:
        measure(families, args.runs)


if __name__ == "__main__":
    main()
