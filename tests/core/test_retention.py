"""The family's data over time: purge after the retention period, export, deletion on request."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import retention
from kiosk.desk import audit, settings
from kiosk.followup import reports, visits
from models import Case, CaseMember, Family, Person, Visit
from tests.helpers.cli import kiosk


def _age(s: Session, case: Case, days: int) -> None:
    case.updated_at = clock.utcnow() - timedelta(days=days)
    s.add(case)
    s.commit()


def _personal(s: Session, case: Case) -> list[str]:
    members = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
    values = [case.kk_number, case.head_name, case.phone, case.email, case.bank_account,
              case.va_number, case.consent_by]  # fmt: skip
    for m in members:
        values += [m.nik, m.name, m.card_number, m.existing_card]
    return [v for v in values if v]


def test_purge_removes_exactly_what_the_retention_period_ended_for(demo_session: Session) -> None:
    s = demo_session
    settings.put(s, "retention_months", "12")
    s.commit()
    old_cancelled = s.exec(select(Case).where(Case.status == "cancelled")).first()
    old_referred = s.exec(select(Case).where(Case.status == "referred")).first()
    recent_referred = s.exec(select(Case).where(Case.status == "referred")).all()[1]
    old_in_progress = s.exec(select(Case).where(Case.status == "va_issued")).first()
    assert None not in (old_cancelled, old_referred, recent_referred, old_in_progress)
    for case, days in ((old_cancelled, 400), (old_referred, 370), (recent_referred, 300),
                       (old_in_progress, 500)):  # fmt: skip
        _age(s, case, days)  # type: ignore[arg-type]
    before = reports.build(s, training=True)
    assert {c.code for c in retention.due(s)} >= {old_cancelled.code, old_referred.code}  # type: ignore[union-attr]
    planned = retention.purge(s, dry_run=True)
    assert _personal(s, old_cancelled)  # type: ignore[arg-type]  # a dry run removes nothing
    done = retention.purge(s)
    assert done == planned and old_cancelled.code in done and old_referred.code in done  # type: ignore[union-attr]
    assert recent_referred.code not in done and old_in_progress.code not in done  # type: ignore[union-attr]
    s.expire_all()
    for case in (old_cancelled, old_referred):
        fresh = s.get(Case, case.id)  # type: ignore[union-attr]
        assert fresh is not None and fresh.purged_at is not None and _personal(s, fresh) == []
    assert _personal(s, s.get(Case, recent_referred.id))  # type: ignore[arg-type, union-attr]
    assert _personal(s, s.get(Case, old_in_progress.id))  # type: ignore[arg-type, union-attr]
    after = reports.build(s, training=True)
    assert after.by_status == before.by_status and after.reasons() == before.reasons()
    assert retention.purge(s) == []  # nothing twice
    assert audit.verify(s).ok


def test_export_family_holds_everything_unmasked_and_owner_only(
    demo_url: str, tmp_path: Path
) -> None:
    from kiosk.base.database import open_database, session

    with session(open_database(demo_url)) as s:
        case = s.exec(select(Case).where(Case.status == "active")).first()
        assert case is not None
        member = s.exec(select(CaseMember).where(CaseMember.case_id == case.id)).first()
    out = tmp_path / "keluarga.json"
    result = kiosk("export-family", case.kk_number, "-o", str(out), db=demo_url)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o077 == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kk"] == case.kk_number and data["cases"][0]["case"]["code"] == case.code
    assert member is not None and member.nik in out.read_text(encoding="utf-8")  # unmasked
    assert data["cases"][0]["history"] and data["retention_months"] == 24
    refused = kiosk("export-family", "3205", db=demo_url)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert kiosk("export-family", case.kk_number, "-o", str(out), db=demo_url).returncode == 2


def _active(s: Session, *, differing: bool) -> Case:
    """An active case whose card shows another FKTP than the family chose, or one without."""
    from kiosk.cases.answers import CARD_DIFFERS_SQL

    flagged = select(CaseMember.case_id).where(CARD_DIFFERS_SQL)
    where = Case.id.in_(flagged) if differing else Case.id.not_in(flagged)  # type: ignore[union-attr]
    case = s.exec(select(Case).where(Case.status == "active", where)).first()
    assert case is not None
    return case


def test_a_family_waiting_for_its_fktp_change_is_not_deleted(demo_session: Session) -> None:
    """An active case on the follow-up list (its card shows another FKTP): deleting the
    family would leave a follow-up nobody can call. Refused, nothing removed."""
    s = demo_session
    followed = _active(s, differing=True)
    with pytest.raises(WorkflowError) as refused:
        retention.forget_family(s, followed.kk_number)
    assert refused.value.problem.key == "family.follow_up_open"
    assert followed.code[:4] in refused.value.message
    s.rollback()
    s.expire_all()
    assert s.get(Case, followed.id).head_name  # type: ignore[union-attr]
    assert s.exec(select(Family).where(Family.kk_number == followed.kk_number)).first()


def test_a_family_s_data_is_deleted_on_request_but_not_mid_registration(
    demo_session: Session,
) -> None:
    s = demo_session
    waiting = s.exec(select(Case).where(Case.status == "va_issued")).first()
    assert waiting is not None
    with pytest.raises(WorkflowError) as refused:
        retention.forget_family(s, waiting.kk_number)
    assert refused.value.problem.key == "family.in_progress"
    done = _active(s, differing=False)
    kk = done.kk_number
    family = s.exec(select(Family).where(Family.kk_number == kk)).one()
    assert family.id is not None and family.dusun
    visits.record(s, family.id, visits.Entry("refused", "Bu Ani", reason="other",
                                             note="tidak mau ditanya lagi"), None)  # fmt: skip
    exported = retention.export_family(s, kk).data
    assert [v["note"] for v in exported["visits"]] == ["tidak mau ditanya lagi"]
    assert retention.forget_family(s, kk) == 1
    s.expire_all()
    assert s.exec(select(Family).where(Family.kk_number == kk)).first() is None
    assert s.exec(select(Person).where(Person.family_id == family.id)).first() is None
    assert s.exec(select(Visit).where(Visit.family_id == family.id)).first() is None
    tombstone = s.get(Family, family.id)
    assert tombstone is not None and tombstone.address == "" and kk not in tombstone.kk_number
    assert tombstone.dusun == "" and tombstone.desil is None
    assert _personal(s, s.get(Case, done.id)) == []  # type: ignore[arg-type]
    assert s.get(Case, done.id).status == "active"  # type: ignore[union-attr]  # still counted
    assert audit.verify(s).ok


def test_stale_drafts_and_unpaid_vas_are_closed_and_their_data_and_papers_removed(
    demo_session: Session,
) -> None:
    from kiosk.base.config import slips_dir
    from kiosk.rules import casecode

    s = demo_session
    drafts = s.exec(select(Case).where(Case.status == "draft")).all()
    issued = s.exec(select(Case).where(Case.status == "va_issued")).all()
    assert len(drafts) >= 2 and len(issued) >= 2
    old_draft, new_draft = drafts[0], drafts[1]
    unpaid, recent = issued[0], issued[1]
    _age(s, old_draft, 31)
    _age(s, new_draft, 29)
    # Registered (submitted, the VA issued) 61 and 59 days ago: window 30 days + 30 days.
    unpaid.submitted_at = unpaid.va_issued_at = clock.utcnow() - timedelta(days=61)
    recent.submitted_at = recent.va_issued_at = clock.utcnow() - timedelta(days=59)
    s.add_all([unpaid, recent])
    s.commit()
    papers = slips_dir()
    kept_paper = papers / f"slip-{casecode.display(recent.code)}-a4.pdf"
    for case in (unpaid, recent):
        (papers / f"slip-{casecode.display(case.code)}-a4.pdf").write_bytes(b"%PDF")
    (papers / f"pernyataan-{casecode.display(unpaid.code)}.pdf").write_bytes(b"%PDF")

    assert set(retention.purge(s, dry_run=True)) >= {old_draft.code, unpaid.code}
    done = retention.purge(s)
    assert old_draft.code in done and unpaid.code in done
    assert new_draft.code not in done and recent.code not in done
    s.expire_all()
    for case, reason in ((old_draft, "abandoned"), (unpaid, "va_expired")):
        fresh = s.get(Case, case.id)
        assert fresh is not None and (fresh.status, fresh.reason) == ("cancelled", reason)
        assert fresh.purged_at is not None and _personal(s, fresh) == []
    assert sorted(p.name for p in papers.iterdir()) == [kept_paper.name]
    assert s.get(Case, new_draft.id).status == "draft"  # type: ignore[union-attr]
    assert audit.verify(s).ok


def test_an_export_s_file_name_never_puts_a_kk_in_the_trail(demo_session: Session) -> None:
    from models import AuditEvent

    audit.exported(demo_session, "family", "/tmp/data-keluarga-3205100102150007-2026-12-06.json")
    event = demo_session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()  # type: ignore[union-attr]
    assert event is not None
    assert "3205100102150007" not in event.detail
    assert "************0007-2026-12-06" in event.detail


@pytest.mark.posix_only
def test_deleted_rows_are_overwritten_and_the_data_folder_is_closed(
    sqlite_demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from kiosk.base import config
    from kiosk.base.database import make_engine

    engine = make_engine(sqlite_demo)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA secure_delete")).scalar() == 1
    engine.dispose()
    opened = tmp_path / "opened"
    opened.mkdir(mode=0o755)
    opened.chmod(0o755)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(opened))
    config.data_dir()
    assert opened.stat().st_mode & 0o777 == 0o700


def test_an_unpaid_va_s_window_runs_from_the_registration(demo_session: Session) -> None:
    """BPJS's window opens when the registration went in (kiosk.rules.timing), not when the
    VA was typed in later by hand."""
    s = demo_session
    case = s.exec(select(Case).where(Case.status == "va_issued")).first()
    assert case is not None
    case.submitted_at = clock.utcnow() - timedelta(days=61)
    case.va_issued_at = clock.utcnow() - timedelta(days=10)
    s.add(case)
    s.commit()
    assert case.code in {c.code for c in retention.stale(s)}


def test_saved_lists_go_after_a_month_and_all_with_a_forgotten_family(
    demo_session: Session,
) -> None:
    """A call list or a report's export names many families: the purge removes those over a
    month old, and a family that asks to be forgotten takes every saved list with it (and
    its own export); each can be made again from the database."""
    import os

    from kiosk.base.config import slips_dir
    from kiosk.followup import call_list

    s = demo_session
    folder = slips_dir()
    old = [folder / "daftar-telepon-2026-10-01.pdf", folder / "laporan-20261001-090000.xlsx",
           folder / "kunjungan-20261001-090000.pdf", folder / "cakupan-20261001-090000.csv"]  # fmt: skip
    for path in old:
        path.write_bytes(b"old list")
        then = path.stat().st_mtime - (retention.LIST_DAYS + 1) * 86400
        os.utime(path, (then, then))
    today_list, _count = call_list.save(s)  # a real one, made now
    assert today_list.exists()
    slip = folder / "slip-ABCD-EFGH-a4.pdf"  # a case's paper: the case's purge decides
    slip.write_bytes(b"slip")
    retention.purge(s)
    assert not any(p.exists() for p in old)
    assert today_list.exists() and today_list.with_suffix(".xlsx").exists() and slip.exists()

    done = _active(s, differing=False)
    export = folder / f"data-keluarga-{done.kk_number[-4:]}.json"
    export.write_text("{}")
    assert retention.forget_family(s, done.kk_number) == 1
    assert not today_list.exists() and not today_list.with_suffix(".xlsx").exists()
    assert not export.exists() and slip.exists()
