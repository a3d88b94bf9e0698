"""One family, one case: the case store holds under races, crashes and a second kiosk.

Every test here touches the database, so CI runs it on SQLite and again on PostgreSQL.
Racers are real processes (spawned, each with its own engine), started together by a barrier.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.base.errors import WorkflowError
from kiosk.cases import (
    answers,
    drafts,
    household,
    lifecycle,
    membership,
    payment,
    store,
    submission,
)
from kiosk.cases.drafts import Holder
from kiosk.cases.gateway import TrainingGateway
from kiosk.desk import operators, settings
from kiosk.registry.lookup import lookup_kk
from kiosk.rules import casecode
from models import AuditEvent, Case, Family, Operator, Person
from tests.helpers import race_workers
from tests.helpers.paths import ROOT
from tests.helpers.screens import registrable_kks
from tests.helpers.stores import insert_early_case, open_cases, supervisor

pytestmark = pytest.mark.db


# --- one open case per family -------------------------------------------------------------


def test_a_second_lookup_of_the_same_kk_shows_the_case_instead(demo_session: Session) -> None:
    s = demo_session
    kk = registrable_kks(s, 1)[0]
    first = household.begin(s, kk, None, "training")
    assert first.outcome == "started" and first.case is not None
    again = household.begin(s, kk, None, "training")
    assert again.outcome == "has_case" and again.case is None
    assert again.existing is not None and again.existing.id == first.case.id
    message = store.CaseExists(again.existing).message
    assert casecode.display(first.case.code) in message and kk not in message
    race_workers.walk_to_submit(s, first.case)
    submission.submit(s, first.case, TrainingGateway(), None)
    payment.record(s, first.case, date.today(), None)
    with pytest.raises(WorkflowError):  # a card's facility is read, never assumed
        answers.record_cards(s, first.case, {}, None)
    chosen = {m.id: m.chosen_fktp for m in store.members_of(s, first.case) if m.is_new}
    answers.record_cards(s, first.case, chosen, None)
    active = household.begin(s, kk, None, "training")
    assert active.outcome == "has_case" and active.existing.status == "active"  # type: ignore[union-attr]
    assert "sudah terdaftar" in store.CaseExists(active.existing).message  # type: ignore[arg-type]
    assert len(open_cases(s, kk)) == 1


def test_the_database_itself_refuses_a_second_open_case(demo_session: Session) -> None:
    """Not only a check in Python: an INSERT that skips it is refused by the index."""
    from sqlalchemy.exc import IntegrityError

    s = demo_session
    kk = registrable_kks(s, 1)[0]
    household.begin(s, kk, None, "training")
    now = clock.utcnow()
    s.add(Case(code="ZZZZ0000", kk_number=kk, created_at=now, updated_at=now))
    with pytest.raises(IntegrityError):
        s.flush()
    s.rollback()
    # A closed case does not count: after a cancellation the family can start again.
    case = open_cases(s, kk)[0]
    lifecycle.cancel(s, case, "wrong_kk", "", None)
    assert household.begin(s, kk, None, "training").outcome == "started"


def test_case_code_collision_is_retried(demo_session: Session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = demo_session
    first, second = registrable_kks(s, 2)
    taken = household.begin(s, first, None, "training").case
    assert taken is not None
    codes = iter([taken.code, taken.code, "QQQQ1111"])
    monkeypatch.setattr(casecode, "new_code", lambda: next(codes))
    begun = household.begin(s, second, None, "training")
    assert begun.outcome == "started" and begun.case.code == "QQQQ1111"  # type: ignore[union-attr]


# --- cancel --------------------------------------------------------------------------------


def test_cancel_needs_a_reason_and_past_a_draft_a_supervisor(demo_session: Session) -> None:
    s = demo_session
    clerk = operators.add(s, "kasir", "246810")
    boss = s.get(Operator, supervisor(s))
    kk1, kk2 = registrable_kks(s, 2)
    draft = household.begin(s, kk1, clerk.id, "training").case
    with pytest.raises(WorkflowError) as exc:
        lifecycle.cancel(s, draft, "bogus", "", clerk.id)  # type: ignore[arg-type]
    assert exc.value.problem.key == "cancel.reason"
    with pytest.raises(WorkflowError) as exc:
        lifecycle.cancel(s, draft, "other", "  ", clerk.id)  # type: ignore[arg-type]
    assert exc.value.problem.key == "cancel.note_needed"
    lifecycle.cancel(s, draft, "family_withdrew", "datang lagi bulan depan", clerk.id)  # type: ignore[arg-type]
    assert draft.status == "cancelled" and draft.reason == "family_withdrew"  # type: ignore[union-attr]

    issued = household.begin(s, kk2, clerk.id, "training").case
    race_workers.walk_to_submit(s, issued)
    submission.submit(s, issued, TrainingGateway(), clerk.id)  # type: ignore[arg-type]
    with pytest.raises(WorkflowError) as exc:
        lifecycle.cancel(s, issued, "duplicate", "", clerk.id)  # type: ignore[arg-type]
    assert exc.value.problem.key == "cancel.supervisor_only"
    lifecycle.cancel(s, issued, "duplicate", "", boss.id)  # type: ignore[arg-type]
    s.expire_all()
    assert s.get(Case, issued.id).status == "cancelled"  # type: ignore[union-attr]
    details = [
        e.detail
        for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == issued.id))  # type: ignore[union-attr]
    ]
    assert "va_issued->cancelled duplicate" in details


def test_a_status_change_racing_another_kiosk_is_refused(demo_engine: Engine) -> None:
    with make_session(demo_engine) as a, make_session(demo_engine) as b:
        kk = registrable_kks(a, 1)[0]
        case_a = household.begin(a, kk, None, "training").case
        race_workers.walk_to_submit(a, case_a)
        submission.submit(a, case_a, TrainingGateway(), None)  # type: ignore[arg-type]
        case_b = b.get(Case, case_a.id)  # type: ignore[union-attr]
        payment.record(a, case_a, date.today(), None)  # type: ignore[arg-type]
        with pytest.raises(WorkflowError) as exc:
            payment.record(b, case_b, date.today(), None)  # type: ignore[arg-type]  # b still sees va_issued
        assert exc.value.problem.key == "case.changed_elsewhere"
        payments = a.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case_a.id,
                AuditEvent.detail == "va_issued->paid",  # type: ignore[union-attr]
            )
        ).all()
        assert len(payments) == 1


# --- a draft open at one kiosk ---------------------------------------------------------------


def test_a_draft_open_at_one_kiosk_is_shown_there_and_taken_over_explicitly(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_session(demo_engine) as s:
        ani = operators.add(s, "ani", "246810")
        budi = operators.add(s, "budi", "246810")
        kk = registrable_kks(s, 1)[0]
    here, there = Holder(ani.id, "DESA-1"), Holder(budi.id, "DESA-2")
    with make_session(demo_engine) as a, make_session(demo_engine) as b:
        case = household.begin(a, kk, ani.id, "training", holder=here).case
        assert case is not None
        other = drafts.claim(b, case.id, there)  # type: ignore[arg-type]
        assert other is not None and (other.kiosk, other.operator) == ("DESA-1", "ani")
        assert "DESA-1" in other.message and "ani" in other.message
        with pytest.raises(WorkflowError):
            drafts.guard(b, case.id, there)  # type: ignore[arg-type]  # no edits without the hold
        drafts.take_over(b, case.id, there)  # type: ignore[arg-type]
        drafts.guard(b, case.id, there)  # type: ignore[arg-type]
        b.commit()
        with pytest.raises(WorkflowError) as exc:
            drafts.guard(a, case.id, here)  # type: ignore[arg-type]  # the first kiosk's next save
        assert exc.value.problem.key == "draft.taken_over" and "DESA-2" in exc.value.message
        taken = a.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.action == "draft_taken_over"
            )
        ).one()
        assert taken.operator_id == budi.id and "DESA-1" in taken.detail
        # A kiosk that crashed stops renewing: after the hold runs out anyone may open it.
        later = clock.utcnow() + drafts.HOLD + timedelta(seconds=1)
        monkeypatch.setattr(clock, "utcnow", lambda: later)
        assert drafts.claim(a, case.id, here) is None  # type: ignore[arg-type]
        drafts.release(a, case.id, here)  # type: ignore[arg-type]
        assert drafts.claim(b, case.id, there) is None  # type: ignore[arg-type]


# --- a replaced KK -----------------------------------------------------------------------------


def test_a_new_kk_not_yet_in_the_data_carries_the_family_over(demo_session: Session) -> None:
    s = demo_session
    old_kk = next(k for k in registrable_kks(s, 20) if len(lookup_kk(s, k).members) >= 3)
    new_kk = old_kk[:6] + "0511260003"
    old = s.exec(select(Family).where(Family.kk_number == old_kk)).one()
    old.replaced_by = new_kk  # the village data learnt of the new number, not its members
    s.add(old)
    s.commit()
    begun = household.begin(s, new_kk, None, "training")
    assert begun.outcome == "carry_over" and len(begun.carry) >= 3
    left = begun.carry[-1]  # say, a child who moved to another KK
    keep = [m.person_id for m in begun.carry if m is not left]
    with pytest.raises(WorkflowError):
        household.carry_over(s, new_kk, [], None, "training")
    case = household.carry_over(s, new_kk, keep, None, "training")
    assert (case.kk_number, case.status, case.step) == (new_kk, "draft", "members")
    niks = {m.nik for m in store.members_of(s, case)}
    assert niks == {m.nik for m in begun.carry if m is not left}
    s.expire_all()
    stayed = s.get(Person, left.person_id)
    assert stayed is not None and stayed.family_id == old.id
    # The old number now points to the new one, and to its case.
    again = household.begin(s, old_kk, None, "training")
    assert again.outcome == "replaced" and again.replaced_by == new_kk
    assert again.existing is not None and again.existing.id == case.id
    race_workers.walk_to_submit(s, case)
    assert submission.submit(s, case, TrainingGateway(), None).outcome == "accepted"


# --- PostgreSQL first-class --------------------------------------------------------------------


def test_demo_then_import_then_family_by_hand(demo_session: Session, tmp_path: Path) -> None:
    """After the demo (explicit ids), new families still get ids: imports and by-hand entry."""
    from kiosk.importing import run

    s = demo_session
    csv = tmp_path / "baru.csv"
    csv.write_text(
        "no_kk,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,hubungan,alamat,rt,rw,kode_wilayah\n"
        "3205101203150099,3205100512800099,BARU SEKALI,L,GARUT,1980-12-05,1,KP. BARU,001,002,3205102003\n",
        encoding="utf-8",
    )
    report = run.import_file(s, "families", csv)
    assert report.inserted == 1 and not report.rejected
    case = household.start_family_by_hand(
        s, None, "3205101203150098", "KP. SAWAH", "1", "2", "3205102003"
    )
    assert case.family_id is not None
    born = clock.today().replace(day=1)
    nik = f"320510{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0999"
    member, _ = membership.add_member(
        s, case, membership.MemberInput(nik, "Bayi Sawah", "P", born, 4)
    )
    assert member.id is not None and len(store.members_of(s, case)) == 1


def test_upgrading_a_database_with_duplicate_cases_keeps_one_per_family(
    empty_db_url: str,
) -> None:
    """Databases from before the unique index may hold duplicates: the migration closes them."""
    from alembic import command
    from alembic.config import Config

    from kiosk.base import database

    engine = database.make_engine(empty_db_url)
    config = Config()
    config.set_main_option("script_location", str(ROOT / "kiosk" / "base" / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    t0 = clock.utcnow()
    rows = [  # (code, kk, status, age in minutes)
        ("AAAA0001", "3205100102150007", "draft", 1),
        ("AAAA0002", "3205100102150007", "va_issued", 30),
        ("AAAA0003", "3205100102150007", "draft", 5),
        ("AAAA0004", "", "draft", 2),
        ("AAAA0005", "3205100102150008", "cancelled", 9),
        ("AAAA0006", "3205100102150008", "submitted", 3),
    ]
    with engine.begin() as conn:
        for code, kk, status, age in rows:
            insert_early_case(conn, code, status, "kk", kk, t0 - timedelta(minutes=age))
    assert database.migrate(engine)
    with make_session(engine) as s:
        status = {c.code: (c.status, c.reason) for c in s.exec(select(Case))}
        assert status == {
            "AAAA0001": ("cancelled", "duplicate"),
            "AAAA0002": ("va_issued", ""),  # the most advanced case of the family stays
            "AAAA0003": ("cancelled", "duplicate"),
            "AAAA0004": ("cancelled", "no_kk"),
            "AAAA0005": ("cancelled", ""),
            "AAAA0006": ("submitted", ""),
        }
        closed = s.exec(select(AuditEvent).where(AuditEvent.detail.contains("duplicate"))).all()  # type: ignore[attr-defined]
        assert len(closed) == 2
    engine.dispose()


def test_settings_written_twice_are_one_row(demo_session: Session) -> None:
    settings.put(demo_session, "desk_name", "Satu")
    settings.put(demo_session, "desk_name", "Dua")
    demo_session.commit()
    assert settings.get(demo_session, "desk_name") == "Dua"


# --- a crash at any moment ------------------------------------------------------------------


def test_home_tells_a_draft_open_elsewhere_by_the_same_rule_as_the_hold() -> None:
    now = clock.utcnow()
    case = Case(code="X", held_kiosk="DESA-2", held_until=now + drafts.HOLD)
    assert drafts.held_elsewhere(case, "DESA-1", now)
    assert not drafts.held_elsewhere(case, "DESA-2", now)  # open here
    assert not drafts.held_elsewhere(case, "DESA-1", now + drafts.HOLD + timedelta(seconds=1))
    assert not drafts.held_elsewhere(Case(code="Y"), "DESA-1", now)  # nobody has it


def test_two_desks_given_one_name_still_hold_their_drafts_apart(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.base import config
    from kiosk.cases import household

    s = demo_session
    monkeypatch.setenv("KIOSK_NAME", "DESA")
    first = drafts.Holder(None, config.desk_identity())
    assert config.desk_identity() == first.kiosk  # the same desk, the same identity
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "another-pc"))
    second = drafts.Holder(None, config.desk_identity())
    assert first.kiosk != second.kiosk and drafts.shown(second.kiosk) == "DESA"
    begun = household.begin(s, registrable_kks(s, 1)[0], None, "training", holder=first)
    assert begun.case is not None and begun.case.id is not None
    other = drafts.claim(s, begun.case.id, second)
    assert other is not None and other.kiosk == "DESA"  # told, not handed the draft
    assert drafts.claim(s, begun.case.id, first) is None


def test_a_family_has_one_open_case_of_each_kind(demo_session: Session) -> None:
    """An arrears case beside the family's registration; never a second of either."""
    from kiosk.cases import store
    from tests.helpers.screens import registrable_kks

    s = demo_session
    kk = registrable_kks(s, 1)[0]
    first = store.start_case(s, kk, None, "training")
    s.commit()
    arrears = store.start_case(s, kk, None, "training", kind="arrears")
    s.commit()
    assert (first.kind, arrears.kind) == ("registration", "arrears")
    for kind in ("registration", "arrears"):
        with pytest.raises(store.CaseExists) as exc:
            store.start_case(s, kk, None, "training", kind=kind)
        assert exc.value.existing.id == (first.id if kind == "registration" else arrears.id)
    assert store.open_case_for(s, kk, "arrears").id == arrears.id  # type: ignore[union-attr]
    assert store.open_case_for(s, kk, "class_change") is None
    with pytest.raises(ValueError):
        store.start_case(s, kk, None, "training", kind="holiday")
