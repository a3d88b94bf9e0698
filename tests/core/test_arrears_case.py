"""An arrears case from the KK to cover back: the terms, BPJS's bill (at most 24 months), New
REHAB 2.0's plan, the family's choice, each payment, and the check that cover is back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import arrears_case, store
from kiosk.cases.arrears_case import Terms
from models import AuditEvent, Case
from tests.helpers.screens import registrable_kks


def _problem(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as exc:
        call()
    return exc.value.problem.key


def _case(s: Session) -> Case:
    return arrears_case.begin(s, registrable_kks(s, 1)[0], None, "training")


def test_a_case_starts_from_the_village_data_beside_the_familys_registration(
    demo_session: Session,
) -> None:
    s = demo_session
    kk = registrable_kks(s, 1)[0]
    store.start_case(s, kk, None, "training")
    s.commit()
    case = arrears_case.begin(s, kk, None, "training")
    assert (case.kind, case.status, case.step) == ("arrears", "draft", "arrears")
    assert case.head_name and case.family_id is not None and (case.persons or 0) >= 1
    with pytest.raises(store.CaseExists):
        arrears_case.begin(s, kk, None, "training")


def test_thirty_months_are_billed_as_24_and_paid_at_once(demo_session: Session) -> None:
    s = demo_session
    case = _case(s)
    arrears_case.set_terms(s, case, Terms("Siti", "3", 3, "", "30"), None)
    found = arrears_case.figures(case)
    assert (found.months, found.billed_months, found.monthly_total) == (30, 24, 105_000)
    assert found.bill == 24 * 105_000 and found.rehab_refused == "too_many"
    assert _problem(lambda: arrears_case.decide(s, case, "rehab", "SITI", None)) == (
        "arrears.rehab_too_many"
    )
    arrears_case.decide(s, case, "full", "siti", None)
    assert (case.status, case.plan, case.plan_count) == ("va_issued", "full", 1)
    only = arrears_case.next_instalment(case)
    assert only is not None and only.amount == 24 * 105_000 + 105_000
    arrears_case.record_payment(s, case, "", None)
    assert case.status == "paid" and arrears_case.next_instalment(case) is None
    arrears_case.cover_back(s, case, "pandawa", None)
    assert case.status == "active"


def test_a_rehab_plan_for_10_months_has_5_instalments_followed_to_the_last(
    demo_session: Session,
) -> None:
    s = demo_session
    case = _case(s)
    arrears_case.set_terms(s, case, Terms("Siti", "2", 3, "", "10"), None)
    arrears_case.decide(s, case, "rehab", "Siti Aminah", None)
    assert (case.plan_count, case.chosen_by, case.plan_start) == (5, "SITI AMINAH", clock.today())
    plan = arrears_case.plan_of(case)
    assert [i.amount for i in plan] == [210_000] * 5
    for n in range(1, 6):
        due = arrears_case.next_instalment(case)
        assert due is not None and due.number == n
        arrears_case.record_payment(s, case, clock.today().strftime("%d-%m-%Y"), None)
        assert case.status == ("paid" if n == 5 else "va_issued")
    events = s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)).all()
    paid = [e.detail.split()[0] for e in events if e.action == "instalment_paid"]
    assert paid == ["1/5", "2/5", "3/5", "4/5", "5/5"]


def test_the_months_are_counted_from_the_last_payment(demo_session: Session) -> None:
    s = demo_session
    case = _case(s)
    today = clock.today()
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=5)  # last month, the 5th
    owed = 1 if today.day > 10 else 0
    if owed == 0:
        assert _problem(lambda: arrears_case.set_terms(
            s, case, Terms("Siti", "2", 3, last.strftime("%d-%m-%Y"), ""), None
        )) == "arrears.none_owed"  # fmt: skip
        return
    arrears_case.set_terms(s, case, Terms("Siti", "2", 3, last.strftime("%d-%m-%Y"), ""), None)
    assert case.arrears_months == owed and case.last_paid_on == last


@pytest.mark.parametrize(
    ("terms", "key"),
    [
        (Terms("", "2", 3, "", "5"), "arrears.head_missing"),
        (Terms("Siti", "0", 3, "", "5"), "arrears.persons"),
        (Terms("Siti", "dua", 3, "", "5"), "arrears.persons"),
        (Terms("Siti", "2", None, "", "5"), "arrears.kelas"),
        (Terms("Siti", "2", 3, "", ""), "arrears.months_or_last_paid"),
        (Terms("Siti", "2", 3, "31-02-2026", ""), "arrears.last_paid_unreadable"),
        (Terms("Siti", "2", 3, "01-01-2099", ""), "arrears.last_paid_future"),
        (Terms("Siti", "2", 3, "05-01-2026", "2"), "arrears.months_disagree"),
    ],
)
def test_wrong_terms_are_refused_with_nothing_kept(
    demo_session: Session, terms: Terms, key: str
) -> None:
    s = demo_session
    case = _case(s)
    assert _problem(lambda: arrears_case.set_terms(s, case, terms, None)) == key
    s.refresh(case)
    assert case.arrears_months is None and case.step == "arrears"


def test_a_payment_before_the_plan_or_in_the_future_is_refused(demo_session: Session) -> None:
    s = demo_session
    case = _case(s)
    arrears_case.set_terms(s, case, Terms("Siti", "1", 3, "", "6"), None)
    arrears_case.decide(s, case, "rehab", "Siti", None)
    tomorrow = clock.today() + timedelta(days=1)
    assert _problem(lambda: arrears_case.record_payment(
        s, case, tomorrow.strftime("%d-%m-%Y"), None)) == "pay.future"  # fmt: skip
    before = date(2020, 1, 1).strftime("%d-%m-%Y")
    assert _problem(lambda: arrears_case.record_payment(s, case, before, None)) == (
        "pay.before_registration"
    )
    assert case.plan_paid == 0


def test_home_follows_each_payment_then_the_cover_check_and_reports_count_the_kind_apart(
    demo_session: Session,
) -> None:
    from kiosk.followup import followups, reports
    from kiosk.followup.service_report import service_lines

    s = demo_session
    case = _case(s)
    arrears_case.set_terms(s, case, Terms("Siti", "1", 3, "", "8"), None)
    arrears_case.decide(s, case, "rehab", "Siti", None)

    def follow(today: date) -> tuple[str, date, str]:
        item = next(f for f in followups.waiting(s, 500, today) if f.case.id == case.id)
        return item.reason, item.due, item.text

    today = clock.today()
    assert follow(today)[:2] == ("follow.instalment", today)
    assert follow(today + timedelta(days=1))[0] == "follow.instalment_late"
    arrears_case.record_payment(s, case, "", None)
    reason, due, said = follow(today)
    assert reason == "follow.instalment" and due.day == 10 and "2/4" in said
    for _ in range(3):
        arrears_case.record_payment(s, case, "", None)
    assert follow(today)[0] == "follow.cover_check"
    report = reports.build(s, today, today, training=True)
    assert all(r.case.kind == "registration" for r in report.rows)
    assert case.id not in {r.case.id for r in report.rows}
    lines = {what: n for what, n, _ in service_lines(report.services, report.kinds)}
    assert lines["Kasus tunggakan: Sudah bayar"] == 1


def test_the_paper_says_the_choice_masks_the_kk_and_a_cancelled_case_is_no_bill(
    demo_session: Session,
) -> None:
    from kiosk.cases import lifecycle
    from kiosk.papers import arrears_paper
    from tests.helpers.papers import pdf_text
    from tests.helpers.stores import supervisor

    s = demo_session
    case = _case(s)
    arrears_case.set_terms(s, case, Terms("Siti", "2", 3, "", "10"), None)
    offered = pdf_text(arrears_paper.save(s, case))
    assert "belum dipilih" in offered and "Rp700.000" in offered
    assert case.kk_number not in offered.replace(" ", "")
    arrears_case.decide(s, case, "rehab", "Siti", None)
    arrears_case.record_payment(s, case, "", None)
    chosen = pdf_text(arrears_paper.save(s, case))
    assert "Pilihan keluarga: Cicilan REHAB" in chosen and "lunas" in chosen
    assert "Bayar di kanal pembayaran" in chosen and "DIBATALKAN" not in chosen
    lifecycle.cancel(s, case, "family_withdrew", "", supervisor(s))
    cancelled = pdf_text(arrears_paper.save(s, case))
    assert "DIBATALKAN: bukan tagihan" in cancelled
    assert "Bayar di kanal pembayaran" not in cancelled
