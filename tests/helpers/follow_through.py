"""Cases a few weeks on: issued some days ago, or active with a card that names another FKTP."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from kiosk.base import clock
from kiosk.cases import answers, household, membership, payment, store, submission
from kiosk.cases.gateway import TrainingGateway
from models import Case
from tests.helpers import race_workers
from tests.helpers.screens import registrable_kks

CHOSEN = "0403P001"


OTHER = "0403K004"


def issued(s: Session, days_ago: int, kk: str | None = None) -> Case:
    """A family registered `days_ago` days ago (VA issued), chose CHOSEN for everyone."""
    kk = kk or registrable_kks(s, 1)[0]
    case = household.begin(s, kk, None, "training").case
    assert case is not None
    race_workers.walk_to_submit(s, case, CHOSEN)
    submission.submit(s, case, TrainingGateway(), None)
    back = timedelta(days=days_ago)
    case.submitted_at = case.submitted_at - back  # type: ignore[operator]
    case.va_issued_at = case.va_issued_at - back  # type: ignore[operator]
    case.created_at -= back
    s.add(case)
    s.commit()
    return case


def active_with_mismatch(s: Session, paid_days_ago: int) -> Case:
    """Paid `paid_days_ago` days ago; the first member's card came back with OTHER."""
    case = issued(s, paid_days_ago + 16)
    payment.record(s, case, clock.today() - timedelta(days=paid_days_ago), None)
    members = membership.new_members(store.members_of(s, case))
    cards = {m.id: (OTHER if i == 0 else CHOSEN) for i, m in enumerate(members)}
    assert len(answers.record_cards(s, case, cards, None)) == 1  # type: ignore[arg-type]
    return case
