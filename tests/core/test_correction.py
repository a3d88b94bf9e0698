"""A payment or a cancellation recorded by mistake, taken back by a supervisor with a reason:
the case returns where it was, and the trail holds both the mistake and its correction."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import correction, household, lifecycle, payment, store, submission
from kiosk.cases.store import CaseExists
from kiosk.desk import audit, operators
from models import Case, CaseMember
from tests.helpers.follow_through import issued
from tests.helpers.screens import registrable_kks
from tests.helpers.stores import supervisor

REASON = "Salah pilih keluarga, belum membayar"


def _people(s: Session) -> tuple[int, int]:
    clerk = operators.add(s, "kasir", "246810")
    return clerk.id, supervisor(s)  # type: ignore[return-value]


def _problem(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as exc:
        call()
    return exc.value.problem.key


def test_a_mistaken_payment_goes_back_to_the_va_with_its_date_cleared(
    demo_session: Session,
) -> None:
    s = demo_session
    clerk, boss = _people(s)
    case = issued(s, 3)
    payment.record(s, case, clock.today(), clerk)
    assert case.paid_at is not None and case.paid_on is not None

    assert _problem(lambda: correction.correct(s, case, REASON, clerk)) == (
        "correct.supervisor_only"
    )
    assert _problem(lambda: correction.correct(s, case, "salah", boss)) == "correct.reason_short"
    assert _problem(lambda: correction.correct(s, case, "kartu 0001234567890 salah", boss)) == (
        "correct.reason_number"
    )
    assert _problem(lambda: correction.correct(s, case, "salah\x1b[2J catat", boss)) == (
        "text.control_char"
    )
    assert correction.correct(s, case, REASON, boss) is lifecycle.CaseStatus.VA_ISSUED

    s.expire_all()
    again = s.get(Case, case.id)
    assert again is not None and again.status == "va_issued"
    assert again.paid_at is None and again.paid_on is None
    assert again.va_issued_at is not None  # the VA's own date stays: the window is the same
    newest = audit.history(s, case.id)[0][0]  # type: ignore[arg-type]
    assert (newest.action, newest.detail) == ("correction", f"paid->va_issued {REASON}")
    assert newest.operator_id == boss
    # The mistaken payment stays in the trail beside its correction, and the chain holds.
    actions = [e.action for e, _ in audit.history(s, case.id)]  # type: ignore[arg-type]
    assert "paid_on" in actions and audit.verify(s).ok
    # The family pays after all: recorded again as any payment.
    payment.record(s, again, clock.today(), clerk)
    assert again.status == "paid"


def test_a_mistaken_cancellation_returns_to_the_status_it_was_cancelled_from(
    demo_session: Session,
) -> None:
    s = demo_session
    _clerk, boss = _people(s)
    case = issued(s, 2)
    lifecycle.cancel(s, case, "duplicate", "", boss)
    seats = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
    assert all(m.open_nik is None for m in seats)

    assert correction.target(s, case) is lifecycle.CaseStatus.VA_ISSUED
    correction.correct(s, case, "Dibatalkan di kasus yang salah", boss)
    s.expire_all()
    again = s.get(Case, case.id)
    assert again is not None and again.status == "va_issued"
    assert (again.reason, again.reason_note) == ("", "")
    seats = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
    assert seats and all(m.open_nik == m.nik for m in seats)  # the persons hold their seats
    assert store.open_case_for(s, again.kk_number) is not None
    assert audit.describe("correction", f"cancelled->va_issued {REASON}") == (
        f"Koreksi: Dibatalkan -> VA terbit: {REASON}"
    )


def test_a_cancelled_referral_comes_back_with_its_reason(demo_session: Session) -> None:
    s = demo_session
    _clerk, boss = _people(s)
    kk = registrable_kks(s, 1)[0]
    case = household.begin(s, kk, boss, "training").case
    assert case is not None
    submission.refer(s, case, "kk_not_found_dukcapil", "ke Dukcapil", boss)
    lifecycle.cancel(s, case, "family_withdrew", "", boss)
    correction.correct(s, case, "Keluarga tidak jadi mundur", boss)
    assert case.status == "referred" and case.reason == "kk_not_found_dukcapil"


def test_a_cancellation_is_not_taken_back_once_the_family_started_again(
    demo_session: Session,
) -> None:
    s = demo_session
    _clerk, boss = _people(s)
    case = issued(s, 2)
    lifecycle.cancel(s, case, "wrong_kk", "", boss)
    fresh = household.begin(s, case.kk_number, boss, "training").case
    assert fresh is not None and fresh.id != case.id
    with pytest.raises(CaseExists) as exc:
        correction.correct(s, case, "Dibatalkan di kasus yang salah", boss)
    assert exc.value.existing.code == fresh.code
    s.expire_all()
    assert s.get(Case, case.id).status == "cancelled"  # type: ignore[union-attr]


def test_only_payments_and_cancellations_of_cases_with_their_data_are_corrected(
    demo_session: Session,
) -> None:
    s = demo_session
    _clerk, boss = _people(s)
    case = issued(s, 2)
    assert _problem(lambda: correction.correct(s, case, REASON, boss)) == "correct.not_now"
    # A status the table does not take back is refused by the lifecycle itself too.
    assert (
        _problem(
            lambda: lifecycle.transition(s, case, lifecycle.CaseStatus.DRAFT, boss, correction=True)
        )
        == "case.bad_transition"
    )
    lifecycle.cancel(s, case, "duplicate", "", boss)
    case.purged_at = clock.utcnow()
    s.add(case)
    s.commit()
    assert _problem(lambda: correction.correct(s, case, REASON, boss)) == "correct.purged"


def test_a_cancellation_without_its_trail_is_not_guessed(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = demo_session
    _clerk, boss = _people(s)
    case = issued(s, 2)
    lifecycle.cancel(s, case, "duplicate", "", boss)
    # A case brought in from an older desk, say: no event names the status it came from.
    monkeypatch.setattr(audit, "history", lambda session, case_id: [])
    assert _problem(lambda: correction.correct(s, case, REASON, boss)) == "correct.no_trail"
    assert case.status == "cancelled"
