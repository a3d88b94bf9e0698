"""The hand-off's fields: BPJS's order, every new member, the FKTP once and again only for a
member who chose another; ticks kept; opened only while BPJS's answer is awaited."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from kiosk.base.errors import WorkflowError
from kiosk.cases import handoff, household, membership, store, submission
from kiosk.cases.gateway import ManualGateway
from tests.helpers.race_workers import walk_to_submit
from tests.helpers.screens import demo_family


def _submitted(s: Session):  # type: ignore[no-untyped-def]
    kk = demo_family(s, covered=0, size=3)
    case = household.begin(s, kk, None, "manual").case
    assert case is not None
    walk_to_submit(s, case)
    return case


def test_fields_in_bpjs_order_with_each_member_and_a_differing_fktp(demo_session: Session) -> None:
    from kiosk.cases import choices

    s = demo_session
    case = _submitted(s)
    with pytest.raises(WorkflowError):
        handoff.open_handoff(s, case, None)  # a draft: nothing handed off yet
    new = membership.new_members(store.members_of(s, case))
    choices.choose_fktp(s, case, "0403K004", [new[-1].id])  # type: ignore[list-item]
    choices.confirm_fktp(s, case, None)
    submission.submit(s, case, ManualGateway(), None)
    found = handoff.open_handoff(s, case, None)
    keys = [f.key for f in found]
    assert keys[0] == "kk" and found[0].value == case.kk_number
    per_person = keys[1:7]
    assert per_person == [k for m in new for k in (f"nik:{m.id}", f"name:{m.id}")]
    assert keys[7:] == [
        "occupation", "income", "address", "rt_rw", "postcode", "village", "kecamatan",
        "regency", "province", "phone", "email", "bank", "kelas", "account", "holder", "fktp",
        f"fktp:{new[-1].id}",
    ]  # fmt: skip
    value = {f.key: f.value for f in found}
    assert (value["occupation"], value["income"], value["postcode"]) == (
        "Petani/Pekebun", "Rp1 juta - Rp3 juta", "44153",
    )  # fmt: skip
    assert value["holder"] == case.head_name  # the head, unless another was typed
    assert handoff.tick(s, case, "kk") == {"kk"}
    assert handoff.tick(s, case, f"nik:{new[0].id}") == {"kk", f"nik:{new[0].id}"}
    s.refresh(case)
    assert handoff.done(case) == {"kk", f"nik:{new[0].id}"}


def test_a_doctor_s_practice_needs_a_dentist_beside_it_and_the_hand_off_names_it(
    demo_session: Session,
) -> None:
    from sqlmodel import select

    from kiosk.cases import choices
    from models import Facility

    s = demo_session
    kk = demo_family(s, covered=0, size=2)
    case = household.begin(s, kk, None, "manual").case
    assert case is not None
    membership.finish_members(s, case)
    choices.set_class(s, case, 3)
    kind = Facility.kind
    doctor = s.exec(select(Facility).where(kind == "Dokter Praktik Perorangan")).first()
    dentist = s.exec(select(Facility).where(kind == "Dokter Gigi")).first()
    assert doctor is not None and dentist is not None
    choices.choose_fktp(s, case, doctor.code)
    assert choices.needs_dentist(s, case)
    with pytest.raises(WorkflowError) as missing:
        choices.confirm_fktp(s, case, None)
    assert missing.value.problem.key == "fktp.dentist_missing"
    with pytest.raises(WorkflowError) as not_one:
        choices.choose_dentist(s, case, doctor.code)
    assert not_one.value.problem.key == "fktp.not_a_dentist"
    choices.choose_dentist(s, case, dentist.code)
    choices.confirm_fktp(s, case, None)
    assert case.dentist == dentist.code and case.fktp_confirmed
    keys = [f.key for f in handoff.fields(s, case)]
    assert keys[keys.index("fktp") + 1] == "dentist"
    # The family takes a Puskesmas after all: it has its own dentist; the choice goes.
    choices.choose_fktp(s, case, "0403P001")
    assert case.dentist == "" and not choices.needs_dentist(s, case)
    with pytest.raises(WorkflowError) as not_needed:
        choices.choose_dentist(s, case, dentist.code)
    assert not_needed.value.problem.key == "fktp.dentist_not_needed"
