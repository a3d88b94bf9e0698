"""The log of every person served: one quick entry, nothing personal, refused whole when
something is wrong, audited without its note."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import service_log
from kiosk.cases.service_log import Entry
from kiosk.desk import operators, settings
from models import AuditEvent, ServiceEntry


def _refused(session: Session, entry: Entry, operator: int) -> str:
    with pytest.raises(WorkflowError) as exc:
        service_log.record(session, entry, operator)
    return exc.value.problem.key


def test_an_information_only_visit_is_logged_with_nothing_personal(session: Session) -> None:
    clerk = operators.add(session, "kasir", "246810").id
    row = service_log.record(session, Entry("information", "status", "done"), clerk)
    kept = session.exec(select(ServiceEntry)).one()
    assert (kept.service, kept.topic, kept.outcome, kept.reason) == (
        "information", "status", "done", "",
    )  # fmt: skip
    assert kept.day == clock.today() and kept.operator_id == clerk and not kept.training
    assert kept.id == row.id
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "service_logged")).one()
    assert event.detail == f"{row.id} information status done"
    assert service_log.served_today(session) == 1


def test_not_done_needs_its_reason_and_other_needs_a_note(session: Session) -> None:
    clerk = operators.add(session, "kasir", "246810").id
    assert _refused(session, Entry("administration", "arrears", "not_done"), clerk) == (
        "log.reason_missing"
    )
    assert _refused(session, Entry("complaint", "other", "not_done", "other"), clerk) == (
        "log.note_needed"
    )
    kept = service_log.record(
        session, Entry("complaint", "other", "not_done", "other", "unsatisfied",
                       "  antrean   terlalu lama "), clerk,
    )  # fmt: skip
    assert (kept.reason, kept.satisfaction, kept.note) == (
        "other", "unsatisfied", "antrean terlalu lama",
    )  # fmt: skip
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "service_logged")).one()
    assert "antrean" not in event.detail


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        (Entry("", "status", "done"), "log.service_missing"),
        (Entry("information", "weather", "done"), "log.topic_missing"),
        (Entry("information", "status", "maybe"), "log.outcome_missing"),
        (Entry("information", "status", "done", satisfaction="ecstatic"),
         "log.satisfaction_missing"),
        (Entry("information", "status", "done", note="KK 3205101010100001"), "log.note_number"),
        (Entry("information", "status", "done", note="kartu 0001234567890"), "log.note_number"),
        (Entry("information", "status", "done", note="ok\x1b[2J"), "text.control_char"),
        (Entry("information", "status", "done", note="x" * 201), "log.note_long"),
    ],
)  # fmt: skip
def test_a_wrong_entry_is_refused_whole(session: Session, entry: Entry, key: str) -> None:
    clerk = operators.add(session, "kasir", "246810").id
    assert _refused(session, entry, clerk) == key
    assert session.exec(select(ServiceEntry)).all() == []


def test_a_reason_is_kept_only_when_not_done_and_a_date_is_not_a_number(session: Session) -> None:
    clerk = operators.add(session, "kasir", "246810").id
    kept = service_log.record(
        session, Entry("information", "payment", "done", "left", note="bayar 10-12-2026"), clerk
    )
    assert kept.reason == "" and kept.note == "bayar 10-12-2026"


def test_training_entries_are_counted_apart(session: Session) -> None:
    clerk = operators.add(session, "kasir", "246810").id
    service_log.record(session, Entry("information", "status", "done"), clerk)
    settings.put(session, "gateway", "training")
    session.commit()
    assert service_log.served_today(session) == 0
    service_log.record(session, Entry("information", "status", "done"), clerk)
    assert service_log.served_today(session) == 1
    assert session.exec(select(ServiceEntry).where(ServiceEntry.training)).one()


def test_reports_count_people_served_by_kind_outcome_operator_topic_and_day(
    session: Session,
) -> None:
    from datetime import timedelta

    from kiosk.followup import report_files, reports
    from kiosk.followup.service_report import service_lines

    clerk = operators.add(session, "kasir", "246810").id
    boss = operators.add(session, "kepala", "135790", role="supervisor").id
    for entry, who in (
        (Entry("information", "status", "done", satisfaction="satisfied"), clerk),
        (Entry("information", "status", "done"), boss),
        (Entry("information", "arrears", "done"), clerk),
        (Entry("administration", "data_update", "not_done", "bpjs_system"), clerk),
        (Entry("complaint", "other", "not_done", "other", "unsatisfied", "antrean lama"), boss),
    ):
        service_log.record(session, entry, who)
    old = session.exec(select(ServiceEntry).where(ServiceEntry.topic == "arrears")).one()
    old.day = clock.today() - timedelta(days=40)  # outside this month
    session.add(old)
    session.commit()
    today = clock.today()
    month = reports.build(session, today.replace(day=1), today)
    lines = {what: (n, who) for what, n, who in service_lines(month.services)}
    assert lines["Informasi: selesai"] == (2, "kasir 1, kepala 1")
    assert lines["Administrasi: belum selesai"] == (1, "kasir 1")
    assert lines["Pengaduan: belum selesai"] == (1, "kepala 1")
    assert lines["Keperluan: Cek status"][0] == 2
    assert "Keperluan: Tunggakan" not in lines
    assert lines["Belum selesai: Sistem BPJS"][0] == 1
    assert lines["Kepuasan: Puas"][0] == 1 and lines["Kepuasan: Tidak puas"][0] == 1
    assert lines[f"Hari {today.strftime('%d-%m-%Y')}"][0] == 4
    everything = reports.build(session)
    assert len(everything.services) == 5
    assert reports.build(session, training=True).services == []
    # The summary export says the same numbers as the screen's lines.
    summary = report_files.summary_rows(month)
    served = [r for r in summary if r[0] == "Layanan selain pendaftaran"]
    assert (
        "Layanan selain pendaftaran",
        "Informasi: selesai",
        "2",
        "kasir 1, kepala 1",
    ) in served
