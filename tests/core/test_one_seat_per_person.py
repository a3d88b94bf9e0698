"""A person sits in one open registration at a time, whatever KK they are filed under: a
reissued KK or a newer village file never registers the same people twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from kiosk.base.errors import WorkflowError
from kiosk.cases import household, lifecycle, membership, submission
from kiosk.cases.gateway import TrainingGateway
from kiosk.cases.store import CaseExists
from kiosk.importing.run import import_file
from kiosk.rules import casecode
from models import Case, CaseMember, Family, Person
from tests.helpers.race_workers import walk_to_submit
from tests.helpers.screens import registrable_kks


def _issued(session: Session, kk: str) -> Case:
    begun = household.begin(session, kk, None, "training")
    assert begun.outcome == "started" and begun.case is not None
    walk_to_submit(session, begun.case)
    submission.submit(session, begun.case, TrainingGateway(), None)
    assert begun.case.status == "va_issued"
    return begun.case


def _move_family(session: Session, old_kk: str, new_kk: str) -> list[Person]:
    """What a newer village file does: the same persons, filed under a new KK number."""
    old = session.exec(select(Family).where(Family.kk_number == old_kk)).one()
    new = Family(
        kk_number=new_kk, address=old.address, rt=old.rt, rw=old.rw,
        region_code=old.region_code, source="import",
    )  # fmt: skip
    session.add(new)
    session.flush()
    people = list(session.exec(select(Person).where(Person.family_id == old.id)))
    for person in people:
        person.family_id = new.id
        session.add(person)
    session.commit()
    return people


def test_a_family_under_a_new_kk_is_shown_the_case_its_persons_sit_in(
    demo_session: Session,
) -> None:
    s = demo_session
    kk = registrable_kks(s, 1)[0]
    case = _issued(s, kk)
    new_kk = kk[:6] + "0612260001"
    people = _move_family(s, kk, new_kk)
    begun = household.begin(s, new_kk, None, "training")
    assert begun.outcome == "has_case" and begun.existing is not None
    assert begun.existing.code == case.code and begun.existing.person in {p.name for p in people}
    message = CaseExists(begun.existing).message
    assert casecode.display(case.code) in message and begun.existing.person in message
    assert new_kk not in message and kk not in message  # the KK masked
    assert s.exec(select(Case).where(Case.kk_number == new_kk)).all() == []

    # The old case cancelled, its persons are free to register under the new KK.
    s.refresh(case)
    lifecycle.transition(s, case, lifecycle.S.CANCELLED, None, "wrong_kk")
    s.commit()
    again = household.begin(s, new_kk, None, "training")
    assert again.outcome == "started"


def test_a_newborn_added_in_two_families_is_refused_in_the_second(
    demo_session: Session,
) -> None:
    s = demo_session
    first, second = (household.begin(s, kk, None, "training").case for kk in registrable_kks(s, 2))
    assert first is not None and second is not None
    born = date(2026, 11, 2)
    nik = f"{first.kk_number[:6]}{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0999"
    membership.add_member(s, first, membership.MemberInput(nik, "BAYI", "P", born, 4))
    with pytest.raises(WorkflowError) as exc:
        membership.add_member(s, second, membership.MemberInput(nik, "BAYI", "P", born, 4))
    assert exc.value.problem.key == "case.person_exists"
    assert casecode.display(first.code) in exc.value.message and nik not in exc.value.message
    assert len(s.exec(select(CaseMember).where(CaseMember.nik == nik)).all()) == 1


def test_the_database_itself_refuses_a_second_open_seat(demo_session: Session) -> None:
    """What decides a race between kiosks: the unique index, not the check before it."""
    s = demo_session
    first, second = (household.begin(s, kk, None, "training").case for kk in registrable_kks(s, 2))
    assert first is not None and second is not None
    taken = s.exec(select(CaseMember).where(CaseMember.case_id == first.id)).first()
    assert taken is not None and taken.open_nik == taken.nik
    s.add(
        CaseMember(
            case_id=second.id, nik=taken.nik, name=taken.name, sex=taken.sex,
            birth_date=taken.birth_date, open_nik=taken.nik,
        )
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        s.commit()
    s.rollback()


def test_closing_a_case_frees_its_seats_and_referral_holds_none(demo_session: Session) -> None:
    s = demo_session
    kk = registrable_kks(s, 1)[0]
    begun = household.begin(s, kk, None, "training")
    assert begun.case is not None
    lifecycle.cancel(s, begun.case, "family_withdrew", "", None)
    seats = s.exec(select(CaseMember.open_nik).where(CaseMember.case_id == begun.case.id)).all()
    assert seats and all(seat is None for seat in seats)
    assert household.begin(s, kk, None, "training").outcome == "started"


def test_an_import_moving_a_person_out_of_an_open_case_warns_with_its_code(
    demo_session: Session, tmp_path: Path
) -> None:
    s = demo_session
    kk = registrable_kks(s, 1)[0]
    case = _issued(s, kk)
    member = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).first()
    assert member is not None
    new_kk = kk[:6] + "0612260002"
    header = (
        "no_kk,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,hubungan,alamat,rt,rw,kode_wilayah"
    )
    row = (
        f"{new_kk},{member.nik},{member.name},{member.sex},Garut,"
        f"{member.birth_date.isoformat()},1,KP. BARU,1,2,{kk[:6]}2003"
    )
    path = tmp_path / "moved.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    report = import_file(s, "families", path)
    warned = [line for line in report.lines if casecode.display(case.code) in line]
    assert warned and warned[0].startswith("baris 2") and member.nik not in warned[0]
    assert report.written
    s.expire_all()
    assert s.exec(select(CaseMember.open_nik).where(CaseMember.id == member.id)).one() == member.nik
