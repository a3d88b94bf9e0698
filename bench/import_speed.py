"""CSV import speed with full validation: rows per second for a families file.

Writes a CSV of N persons (from the demo generator, so every row is realistic and valid),
imports it into a database, then imports it again (all rows unchanged), then once more
with --dry-run (validates and writes, then rolls back); then a coverage CSV with a card
for each of those persons, twice. The database is empty, or with
--base-families a copy of `kiosk demo --families N` (built once into bench/out/, as
bench/kk_lookup.py does): a village's file arriving at a kabupaten's database.

    uv run python bench/import_speed.py [--rows 200000] [--base-families 300000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from demo_database import demo_database


def distinct(number: str) -> str:
    """The demo's NIK or KK with serial + 5000: never one `kiosk demo` itself made."""
    return f"{number[:12]}{int(number[12:]) + 5000:04d}"


def write_csv(path: Path, coverage_path: Path, rows: int) -> int:
    """A families file of `rows` persons, and a coverage file with a JKN card for each."""
    from kiosk.demo import village

    rng = random.Random(7)
    written = 0
    with (
        path.open("w", newline="", encoding="utf-8") as handle,
        coverage_path.open("w", newline="", encoding="utf-8") as cover_handle,
    ):
        out, cover = csv.writer(handle), csv.writer(cover_handle)
        out.writerow(["no_kk", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
                      "hubungan", "alamat", "rt", "rw", "kode_wilayah"])  # fmt: skip
        cover.writerow(["nik", "no_kartu", "segmen", "kode_faskes"])
        families = village.family_rows(rng, rows // 3 + 1, date(2026, 11, 20), ["0403P001"], 1)
        for family, persons, _ in families:
            kk = distinct(family["kk_number"])
            for p in persons:
                nik = distinct(p["nik"])
                out.writerow([kk, nik, p["name"], p["sex"], p["birth_place"],
                              p["birth_date"].strftime("%d-%m-%Y"), p["relation"], family["address"],
                              family["rt"], family["rw"], family["region_code"]])  # fmt: skip
                cover.writerow([nik, f"000{3_000_000_000 + written}", "PBI-APBN", "0403P001"])
                written += 1
                if written == rows:
                    return written
    return written


def to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    """The families file as OpenSID hands it over: an .xlsx, dates as date cells."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.reader(handle)):
            if n:
                row[5] = datetime.strptime(row[5], "%d-%m-%Y")  # type: ignore[call-overload]
            sheet.append(row)
    book.save(xlsx_path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--base-families", type=int, default=0)
    parser.add_argument("--xlsx", action="store_true", help="also the same rows as .xlsx")
    args = parser.parse_args()
    from sqlalchemy import func, select

    from kiosk.base.database import open_database, session
    from kiosk.importing import run
    from models import Person

    with tempfile.TemporaryDirectory() as tmp:
        csv_path, coverage_path = Path(tmp) / "families.csv", Path(tmp) / "coverage.csv"
        rows = write_csv(csv_path, coverage_path, args.rows)
        db = Path(tmp) / "import.db"
        if args.base_families:
            shutil.copyfile(demo_database(args.base_families), db)
            with db.open("rb+") as copy:
                os.fsync(copy.fileno())  # else the first commit pays for writing the copy
        engine = open_database(f"sqlite:///{db}")
        with session(engine) as s:
            before = s.scalar(select(func.count()).select_from(Person))
        print(f"{rows:,} rows into a database of {before:,} persons")
        runs = [
            ("families, first import", "families", csv_path, False),
            ("families, again (all unchanged)", "families", csv_path, False),
            ("families, --dry-run", "families", csv_path, True),
            ("coverage, first import", "coverage", coverage_path, False),
            ("coverage, again (all unchanged)", "coverage", coverage_path, False),
        ]
        if args.xlsx:
            xlsx_path = Path(tmp) / "families.xlsx"
            t0 = time.perf_counter()
            to_xlsx(csv_path, xlsx_path)
            print(f"(.xlsx of {rows:,} rows written in {time.perf_counter() - t0:.0f} s)")
            runs.append(("families .xlsx, --dry-run", "families", xlsx_path, True))
        for label, kind, path, dry_run in runs:
            with session(engine) as s:
                t0 = time.perf_counter()
                report = run.import_file(s, kind, path, dry_run=dry_run)
                elapsed = time.perf_counter() - t0
            assert report.rejected == 0, report.lines[:5]
            print(f"{label}: {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s "
                  f"({report.inserted} new, {report.updated} updated, "
                  f"{report.unchanged} unchanged)")  # fmt: skip


if __name__ == "__main__":
    main()
