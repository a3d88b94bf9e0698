"""A coverage list is a dated claim, not the truth: its status, source and as-of date decide
whether a member is left off the bill, and a check by hand is what settles it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import household, membership, store
from kiosk.cases.gateway import TrainingGateway
from kiosk.importing.cells import FileProblem
from kiosk.importing.run import import_file
from kiosk.registry import coverage
from kiosk.registry.coverage import CheckAnswer
from kiosk.registry.lookup import lookup_kk
from kiosk.rules import standing
from models import AuditEvent, Case, Coverage, Person
from tests.helpers.cli import kiosk
from tests.helpers.screens import demo_family

TODAY = date(2026, 12, 6)
COVERAGE = "nik,no_kartu,segmen,kode_faskes"


@pytest.mark.parametrize(
    ("segment", "status", "as_of", "state", "why"),
    [
        ("PBI-APBN", "unknown", None, "check", "unknown_date"),
        ("PPU", "active", None, "check", "unknown_date"),
        ("PBI-APBN", "active", date(2025, 11, 1), "check", "before_reshuffle"),
        ("PBI", "unknown", date(2026, 1, 31), "check", "before_reshuffle"),
        ("PBI-APBN", "active", date(2026, 2, 1), "check", "stale"),  # 308 days > 90
        ("PBI-APBN", "active", TODAY - timedelta(days=90), "covered", ""),
        ("PBI-APBN", "active", TODAY - timedelta(days=91), "check", "stale"),
        # The reshuffle touched PBI-JK; the regency's cover only ages like any claim.
        (standing.REGENCY_SEGMENT, "active", TODAY - timedelta(days=10), "covered", ""),
        ("PBI-APBN", "inactive", TODAY - timedelta(days=3), "inactive", ""),
        ("PBI-APBN", "none", None, "none", ""),
    ],
)
def test_what_a_claim_is_worth_today(
    segment: str, status: str, as_of: date | None, state: str, why: str
) -> None:
    found = standing.standing(segment, status, as_of, TODAY, 90)
    assert (found.state, found.why) == (state, why)


def test_the_desk_window_decides_when_a_claim_grows_old() -> None:
    as_of = TODAY - timedelta(days=100)
    assert standing.standing("PPU", "active", as_of, TODAY, 90).state == "check"
    assert standing.standing("PPU", "active", as_of, TODAY, 120).state == "covered"


def test_dinsos_reactivation_window_is_six_months() -> None:
    assert standing.reactivation_until(date(2026, 2, 1)) == date(2026, 8, 1)
    assert not standing.reactivation_open(date(2026, 2, 1), TODAY)
    assert standing.reactivation_open(date(2026, 10, 6), TODAY)
    assert not standing.reactivation_open(date(2026, 6, 6), TODAY)
    assert not standing.reactivation_open(None, TODAY)


def test_segment_and_status_names_as_lists_write_them() -> None:
    assert standing.segment_of("PBI-APBD") == "PBPU/BP Pemda"  # its old name
    assert standing.segment_of("pbpu/bp pemda") == "PBPU/BP Pemda"
    assert standing.segment_of("PBI APBN") == "PBI-APBN"
    assert standing.segment_of("ASKES") is None
    assert standing.status_of("Aktif") == "active"
    assert standing.status_of("TIDAK AKTIF") == "inactive"
    assert standing.status_of("non-aktif") == "inactive"
    assert standing.status_of("") == "unknown"
    assert standing.status_of("mungkin") is None


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "pbi-desa.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _listed_family(s: Session) -> tuple[str, Person]:
    """A demo family with one PBI member, listed by the import under test only."""
    kk = demo_family(s, covered=0, size=3)
    person = s.exec(select(Person).where(Person.family_id == _family_id(s, kk))).first()
    assert person is not None
    return kk, person


def _family_id(s: Session, kk: str) -> int:
    from models import Family

    family = s.exec(select(Family).where(Family.kk_number == kk)).one()
    assert family.id is not None
    return family.id


def _start(s: Session, kk: str) -> Case:
    begun = household.begin(s, kk, None, "training")
    assert begun.outcome == "started" and begun.case is not None
    return begun.case


def test_a_pbi_list_without_its_date_needs_a_check_before_anyone_is_left_off(
    demo_session: Session, tmp_path: Path
) -> None:
    s = demo_session
    kk, person = _listed_family(s)
    path = _write(tmp_path, [COVERAGE, f"{person.nik},0009876543210,PBI-APBN,"])
    report = import_file(s, "coverage", path)
    assert (report.rejected, report.inserted) == (0, 1)
    row = s.exec(select(Coverage).where(Coverage.nik == person.nik)).one()
    assert (row.status, row.as_of, row.source) == ("unknown", None, "file:pbi-desa.csv")

    case = _start(s, kk)
    member = next(m for m in store.members_of(s, case) if m.nik == person.nik)
    assert not member.is_new  # listed: not billed yet, and not registered twice
    held = membership.standings(s, [member])[member.id]  # type: ignore[index]
    assert (held.standing.state, held.standing.why) == ("check", "unknown_date")
    with pytest.raises(WorkflowError) as refused:
        membership.finish_members(s, case)
    assert refused.value.problem.key == "member.check_needed"

    # The operator checks by hand: active, with the card. Now they are left off the bill.
    membership.record_check(
        s, case, member, CheckAnswer("active", "pandawa", "0009876543210", "PBI-APBN"), None
    )
    row = s.exec(select(Coverage).where(Coverage.nik == person.nik)).one()
    assert (row.status, row.as_of, row.source) == ("active", clock.today(), "check:pandawa")
    membership.finish_members(s, case)
    assert case.step == "fktp"
    details = [e.detail for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    checked = next(d for d in details if d.startswith("active pandawa"))
    assert person.nik not in checked and "0009876543210" not in checked  # masked


def test_a_list_as_of_before_the_reshuffle_is_not_covered(
    demo_session: Session, tmp_path: Path
) -> None:
    s = demo_session
    kk, person = _listed_family(s)
    path = _write(tmp_path, [COVERAGE, f"{person.nik},0009876543210,PBI-APBN,"])
    import_file(s, "coverage", path, as_of=date(2025, 11, 1))
    case = _start(s, kk)
    member = next(m for m in store.members_of(s, case) if m.nik == person.nik)
    held = membership.standings(s, [member])[member.id]  # type: ignore[index]
    assert (held.standing.state, held.standing.why) == ("check", "before_reshuffle")
    assert held.claim is not None and held.claim.as_of == date(2025, 11, 1)


def test_inactive_since_a_day_blocks_until_the_family_chooses(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=1, size=3)
    case = _start(s, kk)
    member = next(m for m in store.members_of(s, case) if not m.is_new)
    since = clock.today() - timedelta(days=40)
    found = coverage.check_answer("inactive", "dinsos", "", "PBI-APBN", since.strftime("%d-%m-%Y"),
                                  clock.today())  # fmt: skip
    assert isinstance(found, CheckAnswer)
    membership.record_check(s, case, member, found, None)
    held = membership.standings(s, [member])[member.id]  # type: ignore[index]
    assert held.standing.state == "inactive" and held.claim is not None
    assert held.claim.inactive_since == since
    assert standing.reactivation_open(held.claim.inactive_since, clock.today())
    with pytest.raises(WorkflowError) as refused:
        membership.finish_members(s, case)
    assert refused.value.problem.key == "member.inactive"
    billed = len(membership.new_members(store.members_of(s, case)))
    membership.set_new(s, case, member, None)  # the family chose to register them, self-paying
    assert len(membership.new_members(store.members_of(s, case))) == billed + 1
    membership.finish_members(s, case)
    actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert "coverage_checked" in actions and "self_paying_chosen" in actions


def test_not_found_in_jkn_puts_the_member_on_the_bill(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=1, size=3)
    case = _start(s, kk)
    member = next(m for m in store.members_of(s, case) if not m.is_new)
    membership.record_check(s, case, member, CheckAnswer("none", "care_165"), None)
    assert member.is_new and member.existing_card == ""
    looked_up = next(m for m in lookup_kk(s, kk).members if m.nik == member.nik)
    assert not looked_up.listed  # the next lookup bills them too


@pytest.mark.parametrize(
    ("typed", "field", "key"),
    [
        (("active", "pandawa", "00012345", "PBI-APBN", ""), "card", "num.length"),
        (("inactive", "pandawa", "", "PBI-APBN", "31-02-2026"), "since", "check.since"),
        (("inactive", "pandawa", "", "PBI-APBN", "01-01-2099"), "since", "check.since_future"),
        (("inactive", "pandawa", "12x", "PBI-APBN", ""), "card", "num.not_digit_at"),
        (("maybe", "pandawa", "", "", ""), "answer", "check.answer"),
        (("active", "whatsapp", "0001234567890", "PBI-APBN", ""), "channel", "check.channel"),
        (("active", "pandawa", "0001234567890", "ASKES", ""), "segment", "member.segment"),
    ],
)
def test_a_check_typed_wrong_is_said_field_by_field(
    typed: tuple[str, str, str, str, str], field: str, key: str
) -> None:
    found = coverage.check_answer(*typed, TODAY)
    assert isinstance(found, dict) and field in found
    assert found[field].key == key and found[field].message


def test_a_card_already_recorded_for_someone_else_is_refused(demo_session: Session) -> None:
    s = demo_session
    first, second = s.exec(select(Coverage).where(Coverage.card_number != "").limit(2)).all()
    with pytest.raises(WorkflowError) as refused:
        coverage.record_check(
            s, second.nik, CheckAnswer("active", "pandawa", first.card_number, "PPU"), None
        )
    assert refused.value.problem.key == "check.card_taken"


def test_importing_with_status_and_row_dates(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        "nik,no_kartu,segmen,kode_faskes,status,tanggal_data",
        "3205100512800002,0001234567890,PBI-APBN,,aktif,2026-11-20",
        "3205104608850003,0001234567891,PBI-APBD,,tidak aktif,",
    ])  # fmt: skip
    report = import_file(session, "coverage", path, as_of=date(2026, 11, 1))
    assert report.rejected == 0, report.lines
    rows = {c.nik: c for c in session.exec(select(Coverage))}
    first, second = rows["3205100512800002"], rows["3205104608850003"]
    assert (first.status, first.as_of) == ("active", date(2026, 11, 20))
    assert (second.status, second.as_of, second.segment) == (
        "inactive", date(2026, 11, 1), "PBPU/BP Pemda",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ("mungkin,2026-11-20", 'status "mungkin" tidak dikenal'),
        ("aktif,2099-01-01", "di masa depan"),
        ("aktif,kemarin", 'tanggal data "kemarin" tidak terbaca'),
    ],
)
def test_bad_status_and_dates_are_refused_by_line(
    session: Session, tmp_path: Path, cells: str, said: str
) -> None:
    path = _write(tmp_path, [
        "nik,no_kartu,segmen,kode_faskes,status,tanggal_data",
        f"3205100512800002,0001234567890,PBI-APBN,,{cells}",
    ])  # fmt: skip
    report = import_file(session, "coverage", path)
    assert report.rejected == 1 and said in report.lines[-1], report.lines
    assert session.exec(select(Coverage)).first() is None


def test_an_as_of_date_in_the_future_imports_nothing(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, [COVERAGE, "3205100512800002,0001234567890,PBI-APBN,"])
    with pytest.raises(FileProblem) as refused:
        import_file(session, "coverage", path, as_of=clock.today() + timedelta(days=1))
    assert refused.value.problem.key == "import.as_of_future"


def test_the_command_says_a_future_as_of_in_one_line(db_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path, [COVERAGE, "3205100512800002,0001234567890,PBI-APBN,"])
    result = kiosk("import", "coverage", str(path), "--as-of", "2099-01-01", db=db_url)
    assert result.returncode == 2
    assert "di masa depan" in result.stderr and "Traceback" not in result.stderr


def test_an_old_list_imported_again_never_undoes_a_later_check(
    session: Session, tmp_path: Path
) -> None:
    nik = "3205100512800002"
    path = _write(tmp_path, [COVERAGE, f"{nik},0001234567890,PBI-APBN,"])
    import_file(session, "coverage", path, as_of=date(2025, 11, 1))
    with clock.shifted(timedelta(days=5)):
        coverage.record_check(session, nik, CheckAnswer("none", "mobile_jkn"), None)
        session.commit()
    report = import_file(session, "coverage", path, as_of=date(2025, 11, 1))
    assert report.updated == 0
    row = session.exec(select(Coverage).where(Coverage.nik == nik)).one()
    assert (row.status, row.source) == ("none", "check:mobile_jkn")
    same_day = import_file(session, "coverage", path, as_of=clock.today() - timedelta(days=5))
    assert same_day.updated == 0  # a list of the check's own day: the check is the better word
    newer = import_file(session, "coverage", path, as_of=clock.today())
    assert newer.updated == 1  # a list newer than the check is


def test_training_simulates_every_answer(demo_session: Session) -> None:
    s = demo_session
    training = TrainingGateway()
    listed = s.exec(select(Coverage).where(Coverage.card_number != "")).all()
    answers = {training.check_answer(s, c.nik, TODAY)[0] for c in listed}
    assert answers == {"active", "inactive", "none"}
    sinces = {training.check_answer(s, c.nik, TODAY)[3] for c in listed} - {""}
    assert "01-02-2026" in sinces and "06-10-2026" in sinces  # window closed / still open
    nik = listed[0].nik
    assert training.check_answer(s, nik, TODAY) == training.check_answer(s, nik, TODAY)
