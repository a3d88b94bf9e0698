"""The day's call list: calls only, and every case code whole, on paper as the operator
phones down it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.followup import call_list
from models import Case, CaseStatus
from tests.helpers.papers import pdf_text

WIDEST = "WWWWMMMM"  # the widest letters of the code alphabet, in every position


def test_the_call_list_holds_whole_codes_and_no_desk_tasks(
    demo_session: Session, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    issued = demo_session.exec(select(Case).where(Case.status == CaseStatus.VA_ISSUED)).all()
    submitted = demo_session.exec(select(Case).where(Case.status == CaseStatus.SUBMITTED)).all()
    assert issued and submitted
    call = issued[0]
    call.code = WIDEST
    # Registered 20 days ago: the family may pay now, and is phoned about it.
    call.submitted_at = call.va_issued_at = clock.utcnow() - timedelta(days=20)
    call.phone = "+6281234567890"
    call.head_name = "NYI RADEN SITI FATIMAH AZ-ZAHRA BINTI HAJI MUHAMMAD"
    demo_session.add(call)
    demo_session.commit()
    path, count = call_list.save(demo_session)
    text = pdf_text(path)
    assert "WWWW-MMMM" in text  # the whole code, on one line (a cut one is split over two lines)
    assert "MUHAMMAD" in text  # a long name goes on in its column
    # Submitted cases wait for BPJS's answer to be recorded at the desk: no call for them.
    assert "VA belum diisi" not in text
    assert all(case.head_name not in text for case in submitted)
    assert f"{count} keluarga" in text and count >= 1
    # The same calls as a workbook beside the PDF, the code whole and the phone to dial.
    import openpyxl

    sheet = openpyxl.load_workbook(path.with_suffix(".xlsx"), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == count + 1
    assert any(r[1] == "WWWW-MMMM" and r[3] == "0812-3456-7890" for r in rows[1:])
    assert path.with_suffix(".xlsx").stat().st_mode & 0o077 == 0
