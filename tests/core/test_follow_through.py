"""Following a family to a card that matches their choice: the payment with its date, the
FKTP remedy to resolution, the follow-up list and the reports that count them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import answers, fktp_remedy, membership, payment, store
from kiosk.followup import followups, reports
from kiosk.rules import timing
from models import AuditEvent, Case, FktpChange
from tests.helpers.follow_through import CHOSEN, OTHER, active_with_mismatch, issued


def reasons_for(s: Session, case: Case, today: date) -> list[str]:
    return [f.reason for f in followups.waiting(s, today=today) if f.case.id == case.id]


# --- payment ------------------------------------------------------------------------------


def test_a_payment_date_is_read_checked_and_warned(demo_session: Session) -> None:
    s = demo_session
    case = issued(s, 20)
    registered = timing.registered_on(case)
    assert registered == clock.today() - timedelta(days=20)
    assert payment.check(case, "").problem.key == "pay.date_empty"  # type: ignore[union-attr]
    assert payment.check(case, "31-02-2026").problem.key == "pay.date_unreadable"  # type: ignore[union-attr]
    tomorrow = (clock.today() + timedelta(days=1)).strftime("%d-%m-%Y")
    assert payment.check(case, tomorrow).problem.key == "pay.future"  # type: ignore[union-attr]
    before = (registered - timedelta(days=1)).strftime("%d-%m-%Y")  # type: ignore[operator]
    assert payment.check(case, before).problem.key == "pay.before_registration"  # type: ignore[union-attr]
    early = payment.check(case, (registered + timedelta(days=3)).strftime("%d-%m-%Y"))  # type: ignore[operator]
    assert early.paid is not None and early.warning.key == "pay.before_window"  # type: ignore[union-attr]
    fine = payment.check(case, clock.today().strftime("%d/%m/%Y"))
    assert fine.paid == clock.today() and fine.problem is None and fine.warning is None
    assert case.status == "va_issued"  # checking saves nothing


def test_recording_a_payment_keeps_its_date_and_audits_it(demo_session: Session) -> None:
    s = demo_session
    case = issued(s, 20)
    with pytest.raises(WorkflowError) as refused:
        payment.record(s, case, clock.today() + timedelta(days=1), None)
    assert refused.value.problem.key == "pay.future"
    paid = clock.today() - timedelta(days=2)
    payment.record(s, case, paid, None)
    s.expire_all()
    stored = s.get(Case, case.id)
    assert stored.status == "paid" and stored.paid_on == paid  # type: ignore[union-attr]
    events = s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)).all()
    assert [e.detail for e in events if e.action == "paid_on"] == [paid.isoformat()]
    with pytest.raises(WorkflowError):  # once is enough
        payment.record(s, stored, paid, None)  # type: ignore[arg-type]


def test_the_follow_up_list_says_what_to_do_from_when(demo_session: Session) -> None:
    s = demo_session
    today = clock.today()
    early, due, late = issued(s, 5), issued(s, 20), issued(s, 40)
    assert reasons_for(s, early, today) == ["follow.pay_from"]
    assert reasons_for(s, due, today) == ["follow.pay_now"]
    assert reasons_for(s, late, today) == ["follow.pay_expired"]
    due_only = {f.case.id for f in followups.waiting(s, today=today, due_only=True)}
    assert early.id not in due_only and {due.id, late.id} <= due_only
    payment.record(s, due, today - timedelta(days=1), None)
    assert reasons_for(s, due, today) == ["follow.eid"]
    assert reasons_for(s, due, today + timedelta(days=timing.CARD_EXPECTED_DAYS)) == [
        "follow.card_late"
    ]
    # The most pressing first: the longest overdue leads the list.
    order = [f.case.id for f in followups.waiting(s, today=today)]
    assert order.index(late.id) < order.index(early.id)


# --- the FKTP remedy ----------------------------------------------------------------------


def test_the_fktp_remedy_walked_to_resolution(demo_session: Session) -> None:
    s = demo_session
    case = active_with_mismatch(s, paid_days_ago=10)
    today = clock.today()
    paid = today - timedelta(days=10)
    state = fktp_remedy.remedy(s, case)
    assert state.stage(today) == "ask" and len(state.differing) == 1
    assert state.allowed_from == timing.add_months(paid, 3)
    assert reasons_for(s, case, today) == ["follow.fktp_mismatch"]

    # Asked at once, before BPJS allows it: the case comes back on the allowed date.
    with pytest.raises(WorkflowError) as bad:
        fktp_remedy.request_change(s, case, "kemarin", "bpjs_office", None)
    assert bad.value.problem.key == "remedy.date_unreadable"
    with pytest.raises(WorkflowError):
        fktp_remedy.request_change(s, case, today.strftime("%d-%m-%Y"), "kantor", None)
    change = fktp_remedy.request_change(s, case, today.strftime("%d-%m-%Y"), "mobile_jkn", None)
    assert change.allowed_from == state.allowed_from
    assert change.effective_from == timing.first_of_next_month(state.allowed_from)  # type: ignore[arg-type]
    assert reasons_for(s, case, today) == ["follow.fktp_early"]
    assert case.id not in {f.case.id for f in followups.waiting(s, today=today, due_only=True)}
    allowed = change.allowed_from
    due_then = {f.case.id for f in followups.waiting(s, today=allowed, due_only=True)}
    assert case.id in due_then

    # Asked again once allowed: one request, new dates, the case waits for the effect.
    again = fktp_remedy.request_change(
        s, case, allowed.strftime("%d-%m-%Y"), "bpjs_office", None, today=allowed
    )
    assert again.id == change.id and again.channel == "bpjs_office"
    assert again.effective_from == timing.first_of_next_month(allowed)
    assert reasons_for(s, case, allowed) == ["follow.fktp_wait"]
    assert reasons_for(s, case, again.effective_from) == ["follow.fktp_check"]
    assert len(s.exec(select(FktpChange).where(FktpChange.case_id == case.id)).all()) == 1

    # The new card still says OTHER: the remedy stays open.
    members = membership.new_members(store.members_of(s, case))
    still = {m.id: m.card_fktp for m in members}
    assert len(fktp_remedy.record_new_cards(s, case, still, None)) == 1  # type: ignore[arg-type]
    assert reasons_for(s, case, again.effective_from) == ["follow.fktp_check"]
    # Now it matches: done, and gone from the list; the first card is kept for the reports.
    fixed = {m.id: CHOSEN for m in members}
    assert fktp_remedy.record_new_cards(s, case, fixed, None, today=again.effective_from) == []  # type: ignore[arg-type]
    s.expire_all()
    assert reasons_for(s, case, again.effective_from) == []
    done = s.get(FktpChange, change.id)
    assert done.done_on == again.effective_from  # type: ignore[union-attr]
    firsts = [m.first_card_fktp for m in membership.new_members(store.members_of(s, case))]
    assert firsts.count(OTHER) == 1
    actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert {"fktp_change", "fktp_change_again", "fktp_card", "fktp_resolved"} <= set(actions)
    with pytest.raises(WorkflowError) as nothing:
        fktp_remedy.request_change(s, case, today.strftime("%d-%m-%Y"), "pandawa", None)
    assert nothing.value.problem.key == "remedy.nothing_differs"


def test_a_request_date_in_the_future_or_before_registration_is_refused(
    demo_session: Session,
) -> None:
    s = demo_session
    case = active_with_mismatch(s, paid_days_ago=5)
    tomorrow = (clock.today() + timedelta(days=1)).strftime("%d-%m-%Y")
    for raw, key in (
        (tomorrow, "remedy.date_future"),
        ("01-01-2020", "remedy.date_too_early"),
        ("", "remedy.date_empty"),
    ):
        with pytest.raises(WorkflowError) as refused:
            fktp_remedy.request_change(s, case, raw, "bpjs_office", None)
        assert refused.value.problem.key == key
    assert s.exec(select(FktpChange).where(FktpChange.case_id == case.id)).first() is None


# --- reports ------------------------------------------------------------------------------


def test_the_per_fktp_table_counts_choices_cards_and_changes(demo_session: Session) -> None:
    s = demo_session
    start = clock.today() - timedelta(days=200)
    before = {r.code: r for r in reports.build(s, start, training=True).per_fktp()}
    matching = issued(s, 40)
    payment.record(s, matching, clock.today() - timedelta(days=20), None)
    members = membership.new_members(store.members_of(s, matching))
    answers.record_cards(s, matching, {m.id: CHOSEN for m in members}, None)  # type: ignore[misc]
    differing = active_with_mismatch(s, paid_days_ago=100)
    fktp_remedy.request_change(s, differing, clock.today().strftime("%d-%m-%Y"), "pandawa", None)
    report = reports.build(s, start, training=True)
    row = {r.code: r for r in report.per_fktp()}[CHOSEN]
    old = before.get(CHOSEN) or reports.FktpRow(CHOSEN, "")
    new_cards = len(members) + len(membership.new_members(store.members_of(s, differing)))
    assert row.families == old.families + 2
    assert row.cards_with + row.elsewhere == old.cards_with + old.elsewhere + new_cards
    assert row.cards_other[OTHER] == old.cards_other[OTHER] + 1
    assert (row.changes_asked, row.changes_done) == (old.changes_asked + 1, old.changes_done)
    assert OTHER in row.elsewhere_text()
    # Real cases only by default: these training cases are counted apart.
    real = reports.build(s, start)
    assert all(r.case.gateway != "training" for r in real.rows)
    assert real.other_kind == len(report.rows)


def test_typed_periods_are_read_or_refused_with_a_reason() -> None:
    assert reports.typed_period("01-11-2026", "30-11-2026") == reports.Period(
        date(2026, 11, 1), date(2026, 11, 30)
    )
    assert reports.typed_period("", "") == reports.Period(None, None)
    assert reports.typed_period("32-11-2026", "").key == "report.bad_start"  # type: ignore[union-attr]
    assert reports.typed_period("", "2026-13-01").key == "report.bad_end"  # type: ignore[union-attr]
    assert reports.typed_period("30-11-2026", "01-11-2026").key == "report.reversed"  # type: ignore[union-attr]
    monday = reports.period("week", date(2026, 11, 26))
    assert monday.start == date(2026, 11, 23) and monday.end == date(2026, 11, 26)
    assert reports.period("month", date(2026, 11, 26)).start == date(2026, 11, 1)


def test_the_statement_names_each_facility_and_carries_the_card_numbers(
    demo_session: Session, tmp_path: Path
) -> None:
    """For the BPJS officer: the FKTP on the card and the one chosen by name as well as
    code, and each member's card number whole; NIKs masked as on every paper."""
    from kiosk.papers import statement
    from kiosk.rules import ids
    from models import Facility
    from tests.helpers.papers import pdf_text

    s = demo_session
    case = active_with_mismatch(s, paid_days_ago=100)
    members = membership.new_members(store.members_of(s, case))
    text = " ".join(pdf_text(statement.save(s, case, tmp_path / "p.pdf")).split())
    chosen, other = s.get(Facility, CHOSEN), s.get(Facility, OTHER)
    assert chosen is not None and other is not None
    assert f"di kartu {other.name} ({OTHER}), dipilih {chosen.name} ({CHOSEN})" in text
    for m in members:
        assert m.card_number and ids.format_card(m.card_number) in text  # whole, grouped
        assert m.nik not in text.replace(" ", "")
