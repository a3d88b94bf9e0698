"""Code run in separate processes by the race and crash tests: each is a kiosk of its own.

Kept free of pytest so `multiprocessing` (spawn) and a plain `python -c` can import it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import AuditEvent, Case, CaseMember

CONTACT = {
    "phone": "0812 3456 7890", "email": "pelayanan@cikembulan.desa.id",
    "bank": "BRI", "account": "1234567890", "bank_required": False,
    "occupation": "Petani/Pekebun", "income": "1to3", "postcode": "44153", "holder": "",
}  # fmt: skip


def race(fn: Any, args_for: list[tuple]) -> list:  # type: ignore[type-arg]
    """Run `fn(*args, barrier)` for each args in separate processes, as separate kiosks are,
    all released at once; forked from a server that has imported the kiosk once, so each
    costs milliseconds rather than a second of imports."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.helpers.race_workers"])
    with ctx.Manager() as manager:
        barrier = manager.Barrier(len(args_for))
        with ProcessPoolExecutor(len(args_for), mp_context=ctx) as pool:
            futures = [pool.submit(fn, *args, barrier) for args in args_for]
            return [f.result(timeout=120) for f in futures]


def record_payment(url: str, case_id: int, barrier: Any) -> str:
    """Record today's payment on a case; "" or the refusal's catalogue key."""
    from kiosk.base import clock
    from kiosk.base.database import make_engine, session
    from kiosk.base.errors import WorkflowError
    from kiosk.cases import payment

    engine = make_engine(url)
    with session(engine) as s:
        case = s.get(Case, case_id)
        barrier.wait(timeout=60)
        try:
            payment.record(s, case, clock.today(), None)  # type: ignore[arg-type]
        except WorkflowError as exc:
            return exc.problem.key
        return ""


def ask_fktp_change(url: str, case_id: int, barrier: Any) -> str:
    """Record the family's FKTP change request; "" or the refusal's catalogue key."""
    from kiosk.base import clock
    from kiosk.base.database import make_engine, session
    from kiosk.base.errors import WorkflowError
    from kiosk.cases import fktp_remedy

    engine = make_engine(url)
    with session(engine) as s:
        case = s.get(Case, case_id)
        s.connection()
        barrier.wait(timeout=60)
        try:
            fktp_remedy.request_change(s, case, clock.today().isoformat(), "bpjs_office", None)  # type: ignore[arg-type]
        except WorkflowError as exc:
            return exc.problem.key
        return ""


def walk_to_submit(
    session: Session, case: Any, fktp: str = "0403P001", *, consent: bool = True
) -> None:
    """Every step of the walk up to submission, each committed as the kiosk would; the
    consent too, unless it is to come with the submission."""
    from kiosk.cases import choices, membership

    membership.finish_members(session, case)
    choices.set_class(session, case, 3)
    choices.choose_fktp(session, case, fktp)
    choices.confirm_fktp(session, case, None)
    choices.set_contact(session, case, **CONTACT)  # type: ignore[arg-type]
    if consent:
        choices.give_consent(session, case, None)


def register(url: str, kk: str, kiosk: str, barrier: Any) -> tuple[str, str]:
    """Look up `kk` and register the family, starting when every racer is ready.

    Returns (outcome, case code): "submitted" with the new case's code, or "has_case" with
    the code of the case that won.
    """
    from kiosk.base.database import make_engine, session
    from kiosk.cases import household, submission
    from kiosk.cases.drafts import Holder
    from kiosk.cases.gateway import TrainingGateway

    engine = make_engine(url)
    with session(engine) as s:
        s.connection()  # connected before the start, so the race is on the statements
        barrier.wait(timeout=60)
        begun = household.begin(s, kk, None, "training", holder=Holder(None, kiosk))
        if begun.outcome != "started":
            assert begun.existing is not None
            return begun.outcome, begun.existing.code
        case = begun.case
        walk_to_submit(s, case)
        submission.submit(s, case, TrainingGateway(), None)
        return "submitted", case.code


def register_many(url: str, kks: list[str], barrier: Any) -> list[str]:
    """Register each family in turn, as a busy desk does; returns the codes committed."""
    from kiosk.base.database import make_engine, session
    from kiosk.cases import household, submission
    from kiosk.cases.gateway import TrainingGateway

    engine = make_engine(url)
    barrier.wait(timeout=60)
    codes = []
    with session(engine) as s:
        for kk in kks:
            case = household.begin(s, kk, None, "training").case
            assert case is not None
            walk_to_submit(s, case)
            submission.submit(s, case, TrainingGateway(), None)
            codes.append(case.code)
    return codes


def guess_pin(url: str, name: str, barrier: Any) -> bool:
    """One wrong PIN at the same moment as the other kiosks; True if it was checked."""
    from kiosk.base.database import make_engine, session
    from kiosk.desk import operators

    engine = make_engine(url)
    with session(engine) as s:
        s.connection()
        barrier.wait(timeout=60)
        return operators.login(s, name, "9999").checked


def first_start(url: str, barrier: Any) -> str:
    """A kiosk starting on a new, empty database: migrations, settings, its signing key (each
    kiosk its own: KIOSK_DATA_DIR per process). Returns the key's id."""
    import tempfile

    from kiosk.base.database import make_engine, migrate, session
    from kiosk.desk import settings, signing

    os.environ["KIOSK_DATA_DIR"] = tempfile.mkdtemp()
    engine = make_engine(url)
    barrier.wait(timeout=60)
    migrate(engine)
    with session(engine) as s:
        settings.put(s, "desk_name", "Meja Bantuan")
        s.commit()
        return signing.signer(s)[0]


def crash_child(url: str, kks: list[str]) -> None:
    """Register families one after another, printing each committed step, until killed."""
    from kiosk.base.database import make_engine, session
    from kiosk.cases import household, submission
    from kiosk.cases.gateway import TrainingGateway

    engine = make_engine(url)
    print("ready", flush=True)
    with session(engine) as s:
        for kk in kks:
            begun = household.begin(s, kk, None, "training")
            if begun.case is None:
                continue
            case = begun.case
            print(f"step {case.code} draft", flush=True)
            walk_to_submit(s, case)
            print(f"step {case.code} draft", flush=True)
            submission.submit(s, case, TrainingGateway(), None)
            print(f"step {case.code} {case.status}", flush=True)
    print("finished", flush=True)


# --- the crash test, shared with bench/crash_kills.py ------------------------------------------


def check_invariants(session: Session, kks: list[str], steps: list[tuple[str, str]]) -> None:
    """Each case either as it was before a step or fully moved on; each committed step kept."""
    session.expire_all()
    by_code = {
        c.code: c
        for c in session.exec(select(Case).where(Case.kk_number.in_(kks)))  # type: ignore[attr-defined]
    }
    for code, status in steps:
        case = by_code.get(code)
        assert case is not None, f"a committed case is gone: {code}"
        order = ("draft", "va_issued")
        assert order.index(case.status) >= order.index(status), (code, case.status, status)
    for case in by_code.values():
        members = session.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
        new = [m for m in members if m.is_new]
        moves = [
            e.detail
            for e in session.exec(
                select(AuditEvent).where(
                    AuditEvent.case_id == case.id, AuditEvent.action == "status"
                )
            )
        ]
        if case.status == "draft":
            assert case.va_number == "" and not any(m.card_number for m in new), case.code
            assert moves == [], case.code
        else:
            assert case.status == "va_issued", (case.code, case.status)  # never stuck halfway
            assert len(case.va_number) == 16 and all(len(m.card_number) == 13 for m in new)
            assert sorted(moves) == ["draft->submitted training", "submitted->va_issued training"]
        open_for_kk = [
            c for c in by_code.values() if c.kk_number == case.kk_number and c.status != "cancelled"
        ]
        assert len(open_for_kk) == 1


def forget(engine: Engine, kks: list[str]) -> None:
    """Set a round's cases aside (another KK, closed), so the next round can register the
    same families; their audit trail stays, whole, as a desk's would."""
    table = Case.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(
            table.update()
            .where(table.c.kk_number.in_(kks))
            .values(kk_number="", status="cancelled")
        )


def kill_rounds(
    url: str, engine: Any, kks: list[str], kills_wanted: int, per_round: int = 3, seed: int = 8
) -> tuple[int, int]:
    """Start kiosks registering families, kill -9 them at random moments, check every case.

    Returns (kills, submissions that completed before a kill). Raises AssertionError at the
    first case found half-way or a committed step found missing.
    """
    import random
    import signal
    import subprocess
    import time

    from kiosk.base.database import session as make_session
    from tests.helpers.paths import ROOT as root

    each = len(kks) // per_round
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(root)}
    kills = rounds = submitted = 0
    window = 0.3  # seconds after the start in which the kill lands
    while (kills < kills_wanted or not submitted) and rounds < kills_wanted * 3:
        rounds += 1
        children = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.race_workers", url, *kks[c * each : (c + 1) * each]],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root, text=True,
            )
            for c in range(per_round)
        ]  # fmt: skip
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.01, window))
        landed = 0
        for child in children:
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                landed += 1
        kills += landed
        steps: list[tuple[str, str]] = []
        for child in children:
            out, _ = child.communicate(timeout=30)
            for line in out.splitlines():
                if line.startswith("step "):
                    _, code, status = line.split()
                    steps.append((code, status))
        submitted += sum(1 for _, status in steps if status == "va_issued")
        if not submitted:  # a slow or busy machine: give the kiosks longer before the kill
            window = min(window * 2, 5.0)
        elif not landed:  # a fast one: every kiosk was done before the kill, aim earlier
            window = max(window / 2, 0.05)
        with make_session(engine) as s:
            check_invariants(s, kks, steps)
            from kiosk.desk import audit

            chain = audit.verify(s)  # a kill mid-commit leaves no half link
            assert chain.ok, chain.problem
        forget(engine, kks)
    return kills, submitted


if __name__ == "__main__":  # python -m tests.helpers.race_workers URL KK...
    crash_child(sys.argv[1], sys.argv[2:])
    os._exit(0)


def add_newborn(url: str, case_id: int, nik: str, barrier: Any) -> str:
    """Add the same newborn to a family's draft; "" or the refusal's catalogue key."""
    from datetime import date

    from kiosk.base.database import make_engine, session
    from kiosk.base.errors import WorkflowError
    from kiosk.cases import membership

    engine = make_engine(url)
    with session(engine) as s:
        case = s.get(Case, case_id)
        s.connection()
        barrier.wait(timeout=60)
        born = date(2000 + int(nik[10:12]), int(nik[8:10]), int(nik[6:8]) - 40)
        try:
            membership.add_member(s, case, membership.MemberInput(nik, "BAYI", "P", born, 4))  # type: ignore[arg-type]
        except WorkflowError as exc:
            return exc.problem.key
        return ""


def answer_route(url: str, case_id: int, outcome: str, barrier: Any) -> str:
    """Record an office's answer on a routed case; "" or the refusal's catalogue key."""
    from kiosk.base.database import make_engine, session
    from kiosk.base.errors import WorkflowError
    from kiosk.cases import routes

    engine = make_engine(url)
    with session(engine) as s:
        case = s.get(Case, case_id)
        barrier.wait(timeout=60)
        try:
            routes.record_outcome(s, case, outcome, "race", "", None)  # type: ignore[arg-type]
        except WorkflowError as exc:
            return exc.problem.key
        return ""


def begin_family(url: str, kk: str, barrier: Any) -> str:
    """Look the family up to start its registration: the outcome ("started", "has_case")."""
    from kiosk.base.database import make_engine, session
    from kiosk.cases import household

    engine = make_engine(url)
    with session(engine) as s:
        barrier.wait(timeout=60)
        return household.begin(s, kk, None, "training").outcome


def start_kind(url: str, kk: str, kind: str, barrier: Any) -> tuple[str, str]:
    """Start a case of `kind` for the family at the same moment as the others: ("started",
    its code) or ("has_case", the code of the case that won)."""
    from kiosk.base.database import make_engine, session
    from kiosk.cases import store

    engine = make_engine(url)
    with session(engine) as s:
        s.connection()
        barrier.wait(timeout=60)
        try:
            case = store.start_case(s, kk, None, "training", kind=kind)
            s.commit()
        except store.CaseExists as exc:
            return "has_case", exc.existing.code
        return "started", case.code
