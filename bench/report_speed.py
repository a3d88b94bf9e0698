"""Reports at a busy desk's scale: how long the Reports screen waits for its numbers.

Makes a database with `--cases` cases (default 20,000: a kecamatan's desks over a few years)
spread over two years, four members each, every status, a third of the cards with another
FKTP and some change requests; then times `reports.build` for this month and for all time,
the screen's rows, the one-page PDF and the follow-up list, and the memory they take.

    uv run python bench/report_speed.py [--cases 20000] [--db sqlite:///path.db]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path


def fill(url: str, cases: int) -> None:
    from sqlalchemy import insert

    from kiosk.base.database import open_database, session
    from models import Case, CaseMember, FktpChange

    rng = random.Random(7)
    engine = open_database(url)
    today = date.today()
    codes = [f"0403P{n:03d}" for n in range(1, 40)]
    statuses = ["active"] * 5 + ["paid", "va_issued", "va_issued", "submitted", "referred",
                                 "cancelled", "draft"]  # fmt: skip
    with session(engine) as s:
        case_rows, member_rows, change_rows = [], [], []
        for n in range(cases):
            created = datetime.combine(
                today - timedelta(days=rng.randint(0, 730)), datetime.min.time()
            )
            status = rng.choice(statuses)
            past_draft = status not in ("draft", "referred", "cancelled")
            case_rows.append(dict(
                id=n + 1, code=f"B{n:07d}", status=status, step="done", kk_number="",
                created_at=created, updated_at=created, gateway=rng.choice(("manual", "training")),
                submitted_at=created if past_draft else None,
                va_issued_at=created if status in ("va_issued", "paid", "active") else None,
                paid_on=(created + timedelta(days=16)).date() if status in ("paid", "active") else None,
                paid_at=created + timedelta(days=16) if status in ("paid", "active") else None,
                reason=rng.choice(("kk_not_found_dukcapil", "kk_not_found_bpjs")) if status == "referred" else "",
                monthly_amount=140_000,
            ))  # fmt: skip
            chosen = rng.choice(codes)
            for p in range(4):
                card = ""
                if status == "active":
                    card = rng.choice(codes) if rng.random() < 0.33 else chosen
                member_rows.append(dict(
                    case_id=n + 1, position=p, nik="3205100101900001", name=f"ANGGOTA {n} {p}",
                    sex="L", birth_date=date(1990, 1, 1), relation=4, is_new=True,
                    chosen_fktp=chosen, card_fktp=card, first_card_fktp=card,
                ))  # fmt: skip
            if status == "active" and rng.random() < 0.2:
                since = created.date()
                change_rows.append(dict(
                    case_id=n + 1, requested_on=since + timedelta(days=100), channel="bpjs_office",
                    allowed_from=since + timedelta(days=90), effective_from=since + timedelta(days=120),
                    done_on=None if rng.random() < 0.5 else since + timedelta(days=130),
                    created_at=created, updated_at=created,
                ))  # fmt: skip
        conn = s.connection()
        conn.execute(insert(Case), case_rows)
        conn.execute(insert(CaseMember), member_rows)
        if change_rows:
            conn.execute(insert(FktpChange), change_rows)
        s.commit()
    engine.dispose()


def timed(label: str, fn, runs: int = 5):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<46} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--db")
    args = parser.parse_args()
    url = args.db
    if url is None:
        folder = Path(tempfile.mkdtemp())
        url = f"sqlite:///{folder / 'reports.db'}"
        start = time.perf_counter()
        fill(url, args.cases)
        print(f"{args.cases} cases written in {time.perf_counter() - start:.1f} s")

    from kiosk.base.database import open_database, session
    from kiosk.followup import followups, report_files, report_pdf, reports

    engine = open_database(url)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with session(engine) as s:
        month = reports.period("month", date.today())
        timed("build: this month, real cases", lambda: reports.build(s, month.start, month.end))
        everything = timed("build: all time, real cases", lambda: reports.build(s))
        timed("build: all time, training cases", lambda: reports.build(s, training=True))
        timed(
            "the screen's rows (summary, per FKTP, per day)",
            lambda: report_files.summary_rows(everything),
        )
        pdf = timed("one-page PDF", lambda: report_pdf.render(everything, "Desa"))
        timed("Home's follow-up list (50 shown)", lambda: followups.waiting(s))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"cases in the all-time report: {len(everything.rows)}; PDF {len(pdf) / 1024:.1f} KB")
    print(f"peak RSS {after / 1024:.0f} MiB (+{(after - before) / 1024:.0f} MiB while reporting)")


if __name__ == "__main__":
    main()
