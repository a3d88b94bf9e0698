"""Slip generation: warm time per format and file size, QR included (goal: 80 mm in 10 ms, 5 KB).

uv run python bench/slip_speed.py [--n 100]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    from sqlmodel import select

    from kiosk.base.database import open_database, session
    from kiosk.demo import village
    from kiosk.papers import page, slip
    from models import Case

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{tmp}/slip.db")
        with session(engine) as s:
            village.load(s, families=60)
            case = s.exec(select(Case).where(Case.status == "va_issued")).first()
            t0 = time.perf_counter()
            data = slip.gather(s, case)
            gather_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        slip.render(data, "80mm")
        print(
            f"first slip in a process (imports fpdf2 and qrcode): {(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        print(f"gathering the case from the database: {gather_ms:.1f} ms")
        for fmt in page.FORMATS:
            times = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                pdf = slip.render(data, fmt)
                times.append(time.perf_counter() - t0)
            print(f"{fmt:>5}: median {statistics.median(times) * 1000:.1f} ms, {len(pdf):,} bytes")
        t0 = time.perf_counter()
        for _ in range(args.n):
            page.qr_matrix(data.payload)
        print(f"QR matrix (fixed mask): {(time.perf_counter() - t0) / args.n * 1000:.2f} ms")


if __name__ == "__main__":
    main()
