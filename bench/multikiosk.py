"""Several kiosks on one PostgreSQL: registrations per second, lookup and submit latency.

Each simulated kiosk is a separate process with its own connection, driving the core
workflow as the TUI does (look up the KK, walk every step, each committed, submit). A share
of the KK numbers is given to two kiosks at once, so lookups collide on the same family:
exactly one of them may get a case, the other must be shown that case.

    uv run python bench/multikiosk.py --db postgresql+psycopg://kiosk@127.0.0.1/kiosk_bench \\
        --kiosks 10 25 50

The database should hold the kabupaten demo: `kiosk --db URL demo --families 300000`.
Cases made by a run are deleted at its end, so runs can be repeated on one database.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def kiosk(url: str, name: str, kks: list[str], think: float, barrier: Any) -> dict[str, Any]:
    from kiosk.base.database import make_engine, session
    from kiosk.cases import choices, drafts, household, membership, store, submission
    from kiosk.cases.drafts import Holder
    from kiosk.cases.gateway import TrainingGateway
    from kiosk.registry.lookup import lookup_kk
    from tests.helpers.race_workers import CONTACT

    rng = random.Random(name)

    def pause() -> None:
        # An operator reads and types between steps; each kiosk is its own PC in life.
        time.sleep(rng.uniform(0, 2 * think))

    engine = make_engine(url)
    gateway = TrainingGateway()
    lookups: list[float] = []
    submits: list[float] = []
    cold: list[float] = []
    outcome = {"submitted": 0, "has_case": 0, "errors": 0, "error_kinds": set()}
    with session(engine) as s:
        # Warm up as a kiosk that has served its first family today: statements compiled.
        store.open_case_for(s, kks[0])
        lookup_kk(s, kks[0])
        s.rollback()
        barrier.wait(timeout=120)
        for kk in kks:
            try:
                pause()
                t0 = time.perf_counter()
                holder = Holder(None, name)
                begun = household.begin(s, kk, None, "training", holder=holder)
                (lookups if cold else cold).append(time.perf_counter() - t0)
                if begun.case is None:
                    outcome["has_case"] += 1
                    continue
                case = begun.case
                steps: list[tuple[Any, tuple, dict]] = [  # type: ignore[type-arg]
                    (membership.finish_members, (s, case), {}),
                    (choices.set_class, (s, case, 3), {}),
                    (choices.choose_fktp, (s, case, "0403P001"), {}),
                    (choices.confirm_fktp, (s, case, None), {}),
                    (choices.set_contact, (s, case), CONTACT),
                ]
                for step, args, kwargs in steps:
                    pause()
                    step(*args, **kwargs)
                pause()
                t0 = time.perf_counter()
                # F10 on the confirmation as the kiosk does it: the hold renewed, the consent
                # and the submission, one commit.
                drafts.guard(s, case.id, holder)
                submission.consent_and_submit(s, case, gateway, None, case.head_name)
                submits.append(time.perf_counter() - t0)
                outcome["submitted"] += 1
            except Exception as exc:  # counted, never hidden
                s.rollback()
                outcome["errors"] += 1
                outcome["error_kinds"].add(type(exc).__name__)
    engine.dispose()
    return {"lookups": lookups, "submits": submits, "cold": cold, **outcome}


def registrable(url: str, count: int) -> list[str]:
    from sqlmodel import select

    from kiosk.base.database import make_engine, session
    from kiosk.cases.gateway import TrainingGateway
    from kiosk.registry.lookup import lookup_kk
    from models import Case, Family

    training = TrainingGateway()
    engine = make_engine(url)
    found: list[str] = []
    with session(engine) as s:
        taken = set(s.exec(select(Case.kk_number)))
        offset = 0
        while len(found) < count:
            batch = s.exec(
                select(Family.kk_number)
                .where(Family.replaced_by.is_(None))  # type: ignore[union-attr]
                .order_by(Family.id.desc())  # type: ignore[union-attr]
                .offset(offset)
                .limit(2000)
            ).all()
            if not batch:
                raise SystemExit(f"only {len(found)} registrable families; load a bigger demo")
            offset += len(batch)
            for kk in batch:
                if kk in taken or training.kk_unknown_to_registry(kk):
                    continue
                members = lookup_kk(s, kk).members
                # Straight to a slip: nobody listed (no claim to check, no route to choose).
                if any(m.listed for m in members) or any(
                    training.secretly_registered(m.nik) for m in members
                ):
                    continue
                found.append(kk)
    engine.dispose()
    return found[:count]


def forget(url: str, kks: list[str]) -> None:
    from sqlmodel import select

    from kiosk.base.database import make_engine
    from models import AuditEvent, Case, CaseMember

    engine = make_engine(url)
    with engine.begin() as conn:
        for start in range(0, len(kks), 1000):
            part = kks[start : start + 1000]
            ids = [r[0] for r in conn.execute(select(Case.id).where(Case.kk_number.in_(part)))]  # type: ignore[attr-defined]
            if ids:
                for table in (AuditEvent.__table__, CaseMember.__table__):  # type: ignore[attr-defined]
                    conn.execute(table.delete().where(table.c.case_id.in_(ids)))
                conn.execute(Case.__table__.delete().where(Case.__table__.c.id.in_(ids)))  # type: ignore[attr-defined]
    engine.dispose()


def duplicates(url: str, kks: list[str]) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from kiosk.base.database import make_engine
    from models import Case
    from models.cases import OPEN_STATUSES

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Case.kk_number, func.count())
            .where(Case.kk_number.in_(kks), Case.status.in_(OPEN_STATUSES))  # type: ignore[attr-defined]
            .group_by(Case.kk_number)
            .having(func.count() > 1)
        ).all()
    engine.dispose()
    return len(rows)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def run(
    url: str, kiosks: int, each: int, collide: float, think: float, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    fresh = registrable(url, kiosks * each)
    plans = [fresh[n * each : (n + 1) * each] for n in range(kiosks)]
    # A share of each kiosk's list is another kiosk's KK at the same position: a collision.
    shared = 0
    for n in range(kiosks):
        for i in range(each):
            if rng.random() < collide:
                plans[n][i] = plans[(n + 1) % kiosks][i]
                shared += 1
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(kiosks + 1)
        with ProcessPoolExecutor(kiosks, mp_context=ctx) as pool:
            futures = [
                pool.submit(kiosk, url, f"bench-{n}", plans[n], think, barrier)
                for n in range(kiosks)
            ]
            barrier.wait(timeout=300)
            start = time.perf_counter()
            results = [f.result() for f in futures]
            wall = time.perf_counter() - start
    lookups = [x for r in results for x in r["lookups"]]
    submits = [x for r in results for x in r["submits"]]
    submitted = sum(r["submitted"] for r in results)
    report = {
        "kiosks": kiosks, "registrations": submitted, "collided": shared,
        "shown_existing": sum(r["has_case"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "error_kinds": sorted(set().union(*(r["error_kinds"] for r in results))),
        "duplicates": duplicates(url, fresh), "wall_s": wall, "per_s": submitted / wall,
        "lookup_p50": pct(lookups, 0.5), "lookup_p99": pct(lookups, 0.99),
        "submit_p50": pct(submits, 0.5), "submit_p99": pct(submits, 0.99),
        "submit_mean": statistics.fmean(submits) * 1000 if submits else float("nan"),
        "cold_max": max((x for r in results for x in r["cold"]), default=0) * 1000,
    }  # fmt: skip
    forget(url, fresh)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL holding the kabupaten demo")
    parser.add_argument("--kiosks", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--each", type=int, default=20, help="registrations per kiosk")
    parser.add_argument("--collide", type=float, default=0.1, help="share of KKs given twice")
    parser.add_argument(
        "--think", type=float, default=0.1, help="mean seconds an operator takes between steps"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        "kiosks  regs  collided  shown  errors  dup  wall s  regs/s"
        "  lookup p50/p99 ms  submit p50/p99 ms  first lookup max ms"
    )
    for n in args.kiosks:
        r = run(args.db, n, args.each, args.collide, args.think, args.seed)
        print(
            f"{r['kiosks']:>6}  {r['registrations']:>4}  {r['collided']:>8}  "
            f"{r['shown_existing']:>5}  {r['errors']:>6}  {r['duplicates']:>3}  "
            f"{r['wall_s']:>6.1f}  {r['per_s']:>6.1f}  "
            f"{r['lookup_p50']:>7.1f} / {r['lookup_p99']:<7.1f}  "
            f"{r['submit_p50']:>6.1f} / {r['submit_p99']:<6.1f}  {r['cold_max']:>7.0f}"
            + (f"  errors: {', '.join(r['error_kinds'])}" if r["error_kinds"] else "")
        )


if __name__ == "__main__":
    main()
