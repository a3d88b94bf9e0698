"""CSV import speed with full validation: rows per second for a families file.

Writes a CSV of N persons (from the demo generator, so every row is realistic and valid),
imports it into an empty database, then imports it again (all rows unchanged).

    uv run python bench/import_speed.py [--rows 200000]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from datetime import date
from pathlib import Path


def write_csv(path: Path, rows: int) -> int:
    from kiosk import demo

    rng = random.Random(7)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["no_kk", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
                      "hubungan", "alamat", "rt", "rw", "kode_wilayah"])  # fmt: skip
        families = demo._family_rows(rng, rows // 3 + 1, date(2026, 11, 20), ["0403P001"], 1)
        for family, persons, _ in families:
            for p in persons:
                out.writerow([family["kk_number"], p["nik"], p["name"], p["sex"], p["birth_place"],
                              p["birth_date"].strftime("%d-%m-%Y"), p["relation"], family["address"],
                              family["rt"], family["rw"], family["region_code"]])  # fmt: skip
                written += 1
                if written == rows:
                    return written
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    from kiosk import importers
    from kiosk.database import open_database, session

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "families.csv"
        rows = write_csv(csv_path, args.rows)
        engine = open_database(f"sqlite:///{tmp}/import.db")
        for label in ("first import (all new)", "second import (all unchanged)"):
            with session(engine) as s:
                t0 = time.perf_counter()
                report = importers.import_file(s, "families", csv_path)
                elapsed = time.perf_counter() - t0
            assert report.rejected == 0, report.lines[:5]
            print(f"{label}: {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s "
                  f"({report.inserted} new, {report.unchanged} unchanged)")  # fmt: skip
        with session(engine) as s:
            t0 = time.perf_counter()
            importers.import_file(s, "families", csv_path, dry_run=True)
            print(
                f"validation only (--dry-run on known rows): {rows / (time.perf_counter() - t0):,.0f} rows/s"
            )


if __name__ == "__main__":
    main()
