"""Consent that can be shown: who agreed, to which notice version, on paper and in the trail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.base.errors import WorkflowError
from kiosk.cases import choices, consent, household, membership, submission
from kiosk.cases.gateway import TrainingGateway
from kiosk.papers import slip
from models import AuditEvent, Case, CaseMember
from tests.helpers import race_workers
from tests.helpers.papers import pdf_text
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    registrable_kks,
    screen_name,
    text_of,
)


def test_the_head_consents_by_default_and_a_minor_never_does(demo_session: Session) -> None:
    s = demo_session
    case = household.begin(s, registrable_kks(s, 1)[0], None, "training").case
    assert case is not None
    membership.finish_members(s, case)
    minor = CaseMember(case_id=case.id, nik="3205104101200001", name="ANAK KECIL", sex="P",  # type: ignore[arg-type]
                       birth_date=date.today().replace(year=date.today().year - 10), relation=4)  # fmt: skip
    s.add(minor)
    s.commit()
    with pytest.raises(WorkflowError) as refused:
        choices.give_consent(s, case, None, "anak  kecil")
    assert refused.value.problem.key == "consent.minor"
    with pytest.raises(WorkflowError):
        choices.give_consent(s, case, None, "   ")
    assert case.consent_at is None
    choices.give_consent(s, case, None)
    assert case.consent_by == case.head_name and case.consent_version == consent.NOTICE_VERSION
    event = s.exec(
        select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "consent")
    ).one()
    assert event.detail == f"v{consent.NOTICE_VERSION}"


def test_a_head_who_shares_his_name_with_his_young_son_still_consents() -> None:
    today = date(2026, 12, 7)

    def member(name: str, born: date) -> CaseMember:
        return CaseMember(nik="3205100101800001", name=name, sex="L", birth_date=born, relation=1)

    father = member("CECEP SETIAWAN", date(1980, 1, 1))
    son = member("CECEP SETIAWAN", date(2015, 6, 1))
    assert consent.check_consenter("Cecep  Setiawan", [son, father], today) is None
    refused = consent.check_consenter("cecep setiawan", [son], today)
    assert refused is not None and refused.key == "consent.minor"
    assert consent.check_consenter("ASEP", [son], today) is None  # a guardian not on the KK


def test_the_notice_says_purpose_data_retention_rights_and_contact(demo_session: Session) -> None:
    from kiosk.desk import settings

    settings.put(demo_session, "retention_months", "18")
    settings.put(demo_session, "privacy_contact", "Sekdes, 0812-0000-1111")
    demo_session.commit()
    lines = consent.notice(demo_session)
    assert len(lines) == len(consent.PARTS)
    assert "18 bulan" in lines[2] and "UU 27/2022" in lines[3] and "Sekdes" in lines[4]


def test_the_slip_and_the_form_show_who_agreed_to_which_version(
    demo_session: Session, tmp_path: Path
) -> None:
    from kiosk.papers import consent_form

    s = demo_session
    case = household.begin(s, registrable_kks(s, 1)[0], None, "training").case
    assert case is not None
    race_workers.walk_to_submit(s, case)
    form = " ".join(pdf_text(consent_form.save(s, case)).split())  # printed at confirmation
    submission.submit(s, case, TrainingGateway(), None)  # a draft has no slip
    text = " ".join(pdf_text(slip.save_slip(s, case, "a4", tmp_path / "s.pdf")).split())
    # In plain words: who agreed to what, after the notice was read; its text's version kept.
    assert f"{case.consent_by} setuju data keluarga dipakai untuk mendaftar JKN" in text
    assert f"naskah {consent.NOTICE_VERSION}" in text
    # How to pay and whom to ask, on the slip the family takes home.
    assert "Indomaret" in text and "PANDAWA 0811-8165-165" in text and "telepon 165" in text
    assert f"Versi pemberitahuan {consent.NOTICE_VERSION}" in form
    assert "Yang menyetujui: " + case.consent_by in form and "UU 27/2022" in form
    assert case.kk_number not in form  # masked as on every paper
    # What BPJS's own form has the participant agree to: heard at the desk, on both papers.
    assert "seumur hidup" in form and "tanggal 10" in form and "45 hari" in form
    assert "paling lambat tanggal 10" in text and "lebih dari 1 bulan" in text


def test_a_family_that_agreed_to_an_older_notice_is_shown_that_notice(
    demo_session: Session,
) -> None:
    """A new version added what BPJS's form says; a family that agreed before is reprinted
    the notice it heard, not the new one."""
    old = consent.notice(demo_session, "2026-11")
    new = consent.notice(demo_session, "2026-12")
    assert len(old) == 5 and len(new) == 6 and old == new[:5]
    assert "seumur hidup" in new[5] and not any("seumur hidup" in line for line in old)


async def test_the_operator_names_who_consents_and_prints_the_notice(
    demo_url: str, demo_engine: Engine, tmp_path: Path
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=3)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", kk)
        await keys.press("enter", "f10", "3", "tab")
        await keys.type("#search", "puskesmas kadungora")
        await keys.press("enter", "f6", "f10")
        await keys.fill_contact("0812 3456 7890")
        await keys.press("f10")
        assert screen_name(app) == "ConfirmScreen"
        with make_session(demo_engine) as s:
            case = s.exec(select(Case).where(Case.kk_number == kk)).one()
            head = case.head_name
        assert app.screen.query_one("#consenter").value == head  # type: ignore[attr-defined]
        await keys.press("f7")  # the notice, on paper, before anyone signs
        assert "disimpan" in text_of(app, "#confirm-message")
        assert list((tmp_path / "data").rglob("persetujuan-*.pdf"))
        await keys.type("#consenter", "")
        await keys.press("f6", "f10")
        assert screen_name(app) == "ConfirmScreen" and "Tulis nama" in text_of(
            app, "#confirm-message"
        )
        await keys.type("#consenter", "Siti Aminah (wali)")
        await keys.press("f10")
        assert screen_name(app) == "DoneScreen"
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert (
            case.consent_by == "SITI AMINAH (WALI)"
            and case.consent_version == consent.NOTICE_VERSION
        )


def test_the_confirmation_s_f10_is_one_commit_and_a_refusal_keeps_no_consent(
    demo_session: Session, demo_engine: Engine
) -> None:
    from sqlalchemy import event

    s = demo_session
    kk = registrable_kks(s, 1)[0]
    case = household.begin(s, kk, None, "training").case
    assert case is not None
    # Not ready (no FKTP yet): refused, and the consent it came with is not kept either.
    membership.finish_members(s, case)
    with pytest.raises(WorkflowError):
        submission.consent_and_submit(s, case, TrainingGateway(), None, case.head_name)
    s.rollback()
    s.refresh(case)
    assert case.consent_at is None
    race_workers.walk_to_submit(s, case, consent=False)
    commits: list[object] = []
    member_reads: list[str] = []

    def counted(conn: object) -> None:
        commits.append(conn)

    case_writes: list[str] = []
    field_deletes: list[str] = []

    def read(conn: object, cursor: object, statement: str, *args: object) -> None:
        words = statement.lstrip().upper()
        if words.startswith("SELECT") and "FROM CASEMEMBER" in words:
            member_reads.append(statement)
        elif words.startswith('UPDATE "CASE"'):
            case_writes.append(statement)
        elif words.startswith("DELETE FROM TYPEDFIELD"):
            field_deletes.append(statement)

    event.listen(demo_engine, "commit", counted)
    event.listen(demo_engine, "before_cursor_execute", read)
    try:
        done = submission.consent_and_submit(s, case, TrainingGateway(), None, case.head_name)
    finally:
        event.remove(demo_engine, "commit", counted)
        event.remove(demo_engine, "before_cursor_execute", read)
    assert done.outcome in ("accepted", "pending") and len(commits) == 1
    # The members are read once for the consent's check and the submission's (three times
    # before: each round trip is paid again on a shared server with fifty kiosks).
    assert len(member_reads) == 1
    # The consent, the step and both status changes are one write of the case's row (four
    # before), and the typed fields are dropped once (once a status change before).
    assert len(case_writes) == 1 and len(field_deletes) == 1, (case_writes, field_deletes)
    s.refresh(case)
    assert case.consent_at is not None and case.status != "draft"
    actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert "consent" in actions and "status" in actions
