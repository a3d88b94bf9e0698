"""A data update: the family's own phone (so BPJS's codes reach it), its own email, a new
address; asked of BPJS, followed until the change shows, then closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import data_update, lifecycle, store
from kiosk.cases.data_update import Update
from models import AuditEvent
from tests.helpers.screens import registrable_kks


def _problem(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowError) as exc:
        call()
    return exc.value.problem.key


def test_a_phone_update_is_asked_followed_and_closed(demo_session: Session) -> None:
    from kiosk.followup import followups

    s = demo_session
    kk = registrable_kks(s, 1)[0]
    store.start_case(s, kk, None, "training")
    s.commit()
    case = data_update.begin(s, kk, None, "training")
    assert (case.kind, case.step) == ("data_update", "update") and case.head_name
    data_update.submit(s, case, Update(case.head_name, "0812 7777 8888", "", "", "mobile_jkn"),
                       None)  # fmt: skip
    assert (case.status, case.phone, case.channel) == ("submitted", "+6281277778888", "mobile_jkn")
    event = s.exec(select(AuditEvent).where(AuditEvent.action == "update_asked")).one()
    assert event.detail == "phone mobile_jkn" and "7777" not in event.detail
    tomorrow = clock.today() + timedelta(days=1)
    item = next(f for f in followups.waiting(s, 500, tomorrow) if f.case.id == case.id)
    assert item.reason == "follow.update_check" and item.due == tomorrow
    data_update.done(s, case, None)
    assert (case.status, case.outcome) == ("closed", "done")
    assert store.open_case_for(s, kk, "data_update") is None
    assert store.open_case_for(s, kk) is not None  # the registration stays open


@pytest.mark.parametrize(
    ("update", "key"),
    [
        (Update("Siti", "", "", "", "mobile_jkn"), "update.nothing"),
        (Update("Siti", "0852", "", "", "mobile_jkn"), "phone.too_short"),
        (Update("Siti", "", "bukan-email", "", "care_165"), "email.invalid"),
        (Update("Siti", "", "", "RT 02 NIK 3205101010100001", "bpjs_office"),
         "update.address_number"),
        (Update("Siti", "081277778888", "", "", "pos"), "update.channel"),
        (Update("", "081277778888", "", "", "mobile_jkn"), "arrears.head_missing"),
    ],
)  # fmt: skip
def test_a_wrong_update_is_refused_with_nothing_kept(
    demo_session: Session, update: Update, key: str
) -> None:
    s = demo_session
    case = data_update.begin(s, registrable_kks(s, 1)[0], None, "training")
    assert _problem(lambda: data_update.submit(s, case, update, None)) == key
    s.refresh(case)
    assert case.status == "draft" and case.phone == ""


def test_a_data_update_takes_its_own_way_through_the_lifecycle(demo_session: Session) -> None:
    s = demo_session
    case = data_update.begin(s, registrable_kks(s, 1)[0], None, "training")
    # Never a VA, a payment or a card: those are a registration's.
    assert _problem(lambda: lifecycle.transition(s, case, lifecycle.S.VA_ISSUED, None)) == (
        "case.bad_transition"
    )
    assert lifecycle.transitions_of("registration") is lifecycle.TRANSITIONS


def test_the_request_prints_what_changes_whole_the_kk_masked_and_a_cancellation(
    demo_session: Session,
) -> None:
    from kiosk.papers import request_paper
    from tests.helpers.papers import pdf_text
    from tests.helpers.stores import supervisor

    s = demo_session
    kk = registrable_kks(s, 1)[0]
    case = data_update.begin(s, kk, None, "training")
    data_update.submit(s, case, Update("Siti", "0812 7777 8888", "", "Dusun II RT 03",
                                       "bpjs_office"), None)  # fmt: skip
    said = pdf_text(request_paper.save(s, case))
    assert "0812-7777-8888" in said and "Dusun II RT 03" in said and kk not in said
    assert "DIBATALKAN" not in said
    lifecycle.cancel(s, case, "family_withdrew", "", supervisor(s))
    assert "DIBATALKAN" in pdf_text(request_paper.save(s, case))
