"""Kiosks doing the same thing at the same moment, each in its own process: one case, one chain, one payment, one request."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from kiosk.base.database import make_engine as make_engine_for
from kiosk.base.database import open_database
from kiosk.base.database import session as make_session
from kiosk.cases import lifecycle, store
from kiosk.desk import audit, backup, operators
from models import AuditEvent, Case, FktpChange
from tests.helpers import race_workers
from tests.helpers.follow_through import active_with_mismatch, issued
from tests.helpers.screens import registrable_kks
from tests.helpers.stores import case_codes, chain_check, open_cases

SECRET = "padi menguning di sawah"


def test_kiosks_appending_at_once_keep_one_chain(demo_engine: Engine, demo_url: str) -> None:
    with make_session(demo_engine) as s:
        kks = registrable_kks(s, 6)
    results = race_workers.race(
        race_workers.register, [(demo_url, kk, f"kiosk-{n}") for n, kk in enumerate(kks)]
    )
    assert [outcome for outcome, _ in results] == ["submitted"] * 6
    check = chain_check(demo_engine)
    assert check.ok, check.problem
    with make_session(demo_engine) as s:
        seqs = sorted(s.exec(select(AuditEvent.seq)).all())  # type: ignore[type-var]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_backup_taken_while_kiosks_register_has_every_case_committed_before_it(
    sqlite_demo: str, demo_engine: Engine, tmp_path: Path
) -> None:
    with make_session(demo_engine) as s:
        kks = registrable_kks(s, 9)
    committed_before: set[str] = set()
    results: list = []

    def register() -> None:
        results.extend(
            race_workers.race(
                race_workers.register_many, [(sqlite_demo, kks[n::3]) for n in range(3)]
            )
        )

    writers = threading.Thread(target=register)
    writers.start()
    import time

    time.sleep(1.0)  # registrations under way
    committed_before = case_codes(sqlite_demo)
    file = tmp_path / "sibuk.bak"
    engine = open_database(sqlite_demo)
    backup.backup(engine, file, SECRET.encode())
    engine.dispose()
    writers.join(timeout=120)
    plain = tmp_path / "pulih.db"
    backup.restore(file, SECRET.encode(), plain)
    with sqlite3.connect(plain) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored = case_codes(f"sqlite:///{plain}")
    assert committed_before <= restored  # everything committed before the backup is in it
    engine = open_database(f"sqlite:///{plain}")
    with make_session(engine) as s:
        assert audit.verify(s).ok  # and it is a consistent moment: the chain is whole
        race_workers.check_invariants(s, kks, [])
    engine.dispose()


def test_eight_kiosks_registering_one_kk_at_once_make_one_case(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    results = race_workers.race(
        race_workers.register, [(demo_url, kk, f"kiosk-{n}") for n in range(8)]
    )
    outcomes = sorted(outcome for outcome, _ in results)
    assert outcomes == ["has_case"] * 7 + ["submitted"]
    assert len({code for _, code in results}) == 1  # every loser was shown the winner's case
    with make_session(demo_engine) as s:
        cases = open_cases(s, kk)
        assert len(cases) == 1 and cases[0].status == "va_issued"
        assert len(s.exec(select(Case).where(Case.kk_number == kk)).all()) == 1


def test_four_kiosks_starting_together_on_an_empty_database(empty_db_url: str) -> None:
    kids = race_workers.race(race_workers.first_start, [(empty_db_url,)] * 4)
    assert len(set(kids)) == 4  # a key of its own for every kiosk, all registered
    engine = make_engine_for(empty_db_url)
    with make_session(engine) as s:
        from kiosk.desk import audit, signing

        assert {k.kid for k in signing.keys(s)} == set(kids)
        assert audit.verify(s).ok


def test_eight_wrong_pins_at_once_get_no_more_than_the_limit_checked(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        operators.add(s, "kasir", "246810")
    checked = race_workers.race(race_workers.guess_pin, [(demo_url, "kasir")] * 8)
    assert sum(checked) == operators.MAX_ATTEMPTS
    with make_session(demo_engine) as s:
        result = operators.login(s, "kasir", "246810")  # locked, even with the right PIN
        assert result.operator is None and result.problem.key == "login.locked"  # type: ignore[union-attr]


def test_kiosks_recording_one_request_at_once_leave_one_open_request(
    demo_engine: Engine, demo_url: str
) -> None:
    with make_session(demo_engine) as s:
        case = active_with_mismatch(s, paid_days_ago=10)
    results = race_workers.race(race_workers.ask_fktp_change, [(demo_url, case.id)] * 6)
    assert "" in results  # someone recorded it; the others were told, or asked again
    assert all(r in ("", "case.changed_elsewhere") for r in results)
    with make_session(demo_engine) as s:
        open_ = s.exec(
            select(FktpChange).where(FktpChange.case_id == case.id, FktpChange.done_on.is_(None))  # type: ignore[union-attr]
        ).all()
        assert len(open_) == 1


def test_kiosks_recording_one_payment_at_once_record_it_once(
    demo_engine: Engine, demo_url: str
) -> None:
    with make_session(demo_engine) as s:
        case = issued(s, 20)
    results = race_workers.race(race_workers.record_payment, [(demo_url, case.id)] * 6)
    assert results.count("") == 1
    assert set(results) - {""} <= {"case.changed_elsewhere", "case.paid_not_now"}
    with make_session(demo_engine) as s:
        events = s.exec(
            select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "paid_on")
        ).all()
        assert len(events) == 1


def test_kiosks_adding_one_newborn_to_different_families_seat_them_once(
    demo_url: str, demo_engine: Engine
) -> None:
    """A newborn not in the village data yet, added at two desks to two families' drafts:
    nothing checks it before both inserts but the database's index on open seats."""
    from kiosk.cases import household
    from models import CaseMember

    with make_session(demo_engine) as s:
        ids = []
        for kk in registrable_kks(s, 4):
            case = household.begin(s, kk, None, "training").case
            assert case is not None
            ids.append(case.id)
        nik = f"{kk[:6]}420226" + "0999"  # born 2 Feb 2026, a girl
    results = race_workers.race(race_workers.add_newborn, [(demo_url, i, nik) for i in ids])
    assert sorted(results) == [""] + ["case.person_exists"] * 3
    with make_session(demo_engine) as s:
        assert len(s.exec(select(CaseMember).where(CaseMember.nik == nik)).all()) == 1


def _routed(s: Session) -> Case:
    """A family sent to Dinsos: its case routed, open, waiting for the answer."""
    from datetime import timedelta

    from kiosk.base import clock
    from kiosk.cases import household, routes
    from kiosk.registry import coverage
    from kiosk.registry.coverage import CheckAnswer
    from kiosk.registry.lookup import lookup_kk
    from tests.helpers.screens import demo_family

    kk = demo_family(s, covered=1, size=3)
    member = next(m for m in lookup_kk(s, kk).members if m.listed)
    since = clock.today() - timedelta(days=20)
    coverage.record_check(s, member.nik, CheckAnswer("inactive", "dinsos", "", "PBI-APBN", since),
                          None)  # fmt: skip
    s.commit()
    case = household.begin(s, kk, None, "training").case
    assert case is not None and routes.after_members(s, case) == "routes"
    return routes.choose(s, case, "reactivation", "IBU", "", None)


def test_kiosks_answering_one_route_and_starting_its_family_keep_one_open_case(
    demo_engine: Engine, demo_url: str
) -> None:
    """One kiosk closes the route, one sends the family on to self-paying, others look the
    family up at the same moment: one answer lands, and the family never has two open cases
    (the routed kind counts as open in the database's own index)."""
    with make_session(demo_engine) as s:
        case = _routed(s)
        case_id, kk = case.id, case.kk_number
    workers = [(demo_url, case_id, "refused"), (demo_url, case_id, "self_paying")] * 2
    answers = race_workers.race(race_workers.answer_route, workers)
    assert answers.count("") == 1
    assert set(answers) - {""} <= {"case.changed_elsewhere", "route.not_routed"}
    starts = race_workers.race(race_workers.begin_family, [(demo_url, kk)] * 4)
    with make_session(demo_engine) as s:
        open_ = s.exec(
            select(Case).where(Case.kk_number == kk, col(Case.status).in_(lifecycle.OPEN))
        ).all()
        assert len(open_) <= 1
        closed = s.get(Case, case_id)
        assert closed is not None
        if closed.status == "closed":  # refused won: a new registration starts, once
            assert starts.count("started") == 1 and len(open_) == 1
        else:  # self-paying won: the routed case went back to a draft, the family's one case
            assert starts.count("started") == 0 and len(open_) == 1


def test_kiosks_starting_one_kind_of_case_for_a_family_at_once_make_one_of_each_kind(
    demo_url: str, demo_engine: Engine
) -> None:
    """Four kiosks open an arrears case and two a data update for one family at the same
    moment: one of each kind is made, beside the family's own registration."""
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
        store.start_case(s, kk, None, "training")
        s.commit()
    racers = [(demo_url, kk, "arrears")] * 4 + [(demo_url, kk, "data_update")] * 2
    results = race_workers.race(race_workers.start_kind, racers)
    assert sorted(outcome for outcome, _ in results) == ["has_case"] * 4 + ["started"] * 2
    assert len({code for _, code in results[:4]}) == 1  # the arrears losers saw the winner
    with make_session(demo_engine) as s:
        kinds = sorted(c.kind for c in s.exec(select(Case).where(Case.kk_number == kk)))
    assert kinds == ["arrears", "data_update", "registration"]
