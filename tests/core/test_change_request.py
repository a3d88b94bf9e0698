"""FKTP and class changes asked of BPJS: refused with the day they become possible, allowed
early by an exception shown by its letter, effective the 1st of next month, then closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import change_request
from kiosk.cases.change_request import Change
from kiosk.rules import timing
from models import Facility
from tests.helpers.screens import registrable_kks


def _problem(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as exc:
        call()
    return exc.value.problem.key


def _two_fktps(s: Session) -> tuple[str, str]:
    codes = s.exec(
        select(Facility.code).where(Facility.kind != "Dokter Gigi").order_by(Facility.code)
    ).all()
    return codes[0], codes[1]


def test_an_fktp_change_at_2_months_is_refused_and_allowed_with_a_domicile_letter(
    demo_session: Session,
) -> None:
    s = demo_session
    old, new = _two_fktps(s)
    case = change_request.begin(s, "fktp_change", registrable_kks(s, 1)[0], None, "training")
    assert (case.kind, case.step) == ("fktp_change", "fktp_move")
    two_months = timing.add_months(clock.today(), -2).strftime("%d-%m-%Y")
    asked = Change(case.head_name or "Siti", old, new, two_months, active=True)
    assert _problem(lambda: change_request.submit(s, case, asked, None)) == ("change.fktp_too_soon")
    with_letter = Change(asked.head_name, old, new, two_months, True, exception="domicile_move")
    assert _problem(lambda: change_request.submit(s, case, with_letter, None)) == (
        "change.domicile_letter_needed"
    )
    seen = Change(asked.head_name, old, new, two_months, True, exception="domicile_move",
                  letter_seen=True)  # fmt: skip
    change_request.submit(s, case, seen, None)
    assert (case.status, case.change_from, case.change_to, case.change_exception) == (
        "submitted", old, new, "domicile_move",
    )  # fmt: skip
    assert case.follow_up_on == timing.first_of_next_month(clock.today())
    change_request.done(s, case, None)
    assert (case.status, case.outcome) == ("closed", "done")


def test_a_redistribution_needs_no_letter_but_an_active_card_without_arrears(
    demo_session: Session,
) -> None:
    s = demo_session
    old, new = _two_fktps(s)
    case = change_request.begin(s, "fktp_change", registrable_kks(s, 1)[0], None, "training")
    since = (clock.today() - timedelta(days=20)).strftime("%d-%m-%Y")
    inactive = Change("Siti", old, new, since, active=False, exception="redistribution")
    assert _problem(lambda: change_request.submit(s, case, inactive, None)) == ("change.not_active")
    owing = Change("Siti", old, new, since, True, arrears="2", exception="redistribution")
    assert _problem(lambda: change_request.submit(s, case, owing, None)) == "change.arrears"
    change_request.submit(s, case, Change("Siti", old, new, since, True,
                                          exception="redistribution"), None)  # fmt: skip
    assert case.status == "submitted"


def test_a_class_change_at_12_months_moves_the_whole_family(demo_session: Session) -> None:
    s = demo_session
    case = change_request.begin(s, "class_change", registrable_kks(s, 1)[0], None, "training")
    persons = case.persons or 1
    eleven = timing.add_months(clock.today(), -11).strftime("%d-%m-%Y")
    twelve = timing.add_months(clock.today(), -12).strftime("%d-%m-%Y")
    assert _problem(lambda: change_request.submit(
        s, case, Change("Siti", "3", "2", eleven, True), None)) == "change.class_too_soon"  # fmt: skip
    assert _problem(lambda: change_request.submit(
        s, case, Change("Siti", "3", "3", twelve, True), None)) == "change.same"  # fmt: skip
    change_request.submit(s, case, Change("Siti", "3", "2", twelve, True), None)
    assert (case.kelas, case.monthly_amount) == (2, 100_000 * persons)


def test_an_unknown_facility_is_said_by_its_code(demo_session: Session) -> None:
    s = demo_session
    old, _ = _two_fktps(s)
    case = change_request.begin(s, "fktp_change", registrable_kks(s, 1)[0], None, "training")
    since = timing.add_months(clock.today(), -4).strftime("%d-%m-%Y")
    assert _problem(lambda: change_request.submit(
        s, case, Change("Siti", old, "9999X999", since, True), None)) == "change.fktp_unknown"  # fmt: skip


def test_a_redistribution_is_counted_at_the_fktp_left_and_home_says_when_to_read_the_card(
    demo_session: Session,
) -> None:
    from kiosk.followup import followups, reports

    s = demo_session
    old, new = _two_fktps(s)
    case = change_request.begin(s, "fktp_change", registrable_kks(s, 1)[0], None, "training")
    since = (clock.today() - timedelta(days=20)).strftime("%d-%m-%Y")
    change_request.submit(s, case, Change("Siti", old, new, since, True,
                                          exception="redistribution"), None)  # fmt: skip
    effective = timing.first_of_next_month(clock.today())
    item = next(f for f in followups.waiting(s, 500, effective) if f.case.id == case.id)
    assert (item.reason, item.due) == ("follow.fktp_change_check", effective)
    report = reports.build(s, clock.today(), clock.today(), training=True)
    row = next(r for r in report.per_fktp() if r.code == old)
    assert row.redistributed == 1 and "redistribusi BPJS 1" in row.elsewhere_text()
    assert row.name != "?"


def test_the_request_paper_says_from_what_to_what_and_from_when(demo_session: Session) -> None:
    from kiosk.papers import request_paper
    from tests.helpers.papers import pdf_text

    s = demo_session
    old, new = _two_fktps(s)
    kk = registrable_kks(s, 1)[0]
    case = change_request.begin(s, "fktp_change", kk, None, "training")
    since = (clock.today() - timedelta(days=20)).strftime("%d-%m-%Y")
    change_request.submit(s, case, Change("Siti", old, new, since, True,
                                          exception="redistribution"), None)  # fmt: skip
    path = request_paper.save(s, case)
    said = pdf_text(path)
    assert path.name.startswith("ganti-faskes-") and "Permohonan Pindah Faskes" in said
    assert old in said and new in said and "redistribusi BPJS" in said and kk not in said
    effective = timing.first_of_next_month(clock.today()).strftime("%d-%m-%Y")
    assert effective in said
