"""Reports per period: cases by status, failure reasons, payments pending, FKTP mismatches; CSV export."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from kiosk import casecode, ids
from kiosk.registration import card_differs
from models import Case, CaseMember, Operator

CSV_COLUMNS = (
    "kode_kasus", "status", "tanggal", "operator", "kk_masked", "kepala_keluarga",
    "anggota_baru", "anggota_sudah_jkn", "kelas", "iuran_bulanan", "kode_faskes",
    "nomor_va", "alasan", "pelatihan",
)  # fmt: skip


@dataclass
class CaseRow:
    case: Case
    operator: str
    new: int
    covered: int
    fktp: str
    mismatches: int


@dataclass
class Report:
    start: date | None
    end: date | None
    rows: list[CaseRow] = field(default_factory=list)

    @property
    def by_status(self) -> Counter[str]:
        return Counter(r.case.status for r in self.rows)

    @property
    def by_reason(self) -> Counter[str]:
        return Counter(r.case.reason for r in self.rows if r.case.reason)

    @property
    def by_operator(self) -> Counter[str]:
        return Counter(r.operator for r in self.rows)

    @property
    def payments_pending(self) -> list[CaseRow]:
        return [r for r in self.rows if r.case.status == "va_issued"]

    @property
    def fktp_mismatches(self) -> list[CaseRow]:
        return [r for r in self.rows if r.mismatches]


def build(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    *,
    training: bool = False,
) -> Report:
    """Cases created in the period; real ones only unless `training` (the simulator's
    practice cases are not the desk's work)."""
    stmt = select(Case).order_by(Case.created_at)  # type: ignore[arg-type]
    if not training:
        stmt = stmt.where(Case.gateway != "training")
    if start is not None:
        stmt = stmt.where(Case.created_at >= datetime.combine(start, time.min))
    if end is not None:
        stmt = stmt.where(Case.created_at < datetime.combine(end + timedelta(days=1), time.min))
    cases = list(session.exec(stmt))
    names = {o.id: o.name for o in session.exec(select(Operator))}
    members: dict[int, list[CaseMember]] = {}
    if cases:
        ids_ = [c.id for c in cases]
        for m in session.exec(select(CaseMember).where(col(CaseMember.case_id).in_(ids_))):
            members.setdefault(m.case_id, []).append(m)
    report = Report(start, end)
    for c in cases:
        ms = members.get(c.id, [])  # type: ignore[arg-type]
        new = [m for m in ms if m.is_new]
        report.rows.append(
            CaseRow(
                case=c,
                operator=names.get(c.operator_id, ""),
                new=len(new),
                covered=len(ms) - len(new),
                fktp=" ".join(sorted({m.chosen_fktp for m in new if m.chosen_fktp})),
                mismatches=sum(1 for m in new if card_differs(m)),
            )
        )
    return report


def write_csv(report: Report, path: Path, *, replace: bool = False) -> int:
    """The report's rows as CSV: owner-only, spreadsheet-safe, KK numbers masked."""
    import io

    from kiosk.exports import csv_cell, write_private

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for r in report.rows:
        c = r.case
        writer.writerow([csv_cell(v) for v in (
            casecode.display(c.code), c.status, c.created_at.date().isoformat(), r.operator,
            ids.mask_kk(c.kk_number), c.head_name, r.new, r.covered, c.kelas or "",
            c.monthly_amount, r.fktp, c.va_number, c.reason, int(c.gateway == "training"),
        )])  # fmt: skip
    write_private(path, buffer.getvalue().encode("utf-8"), replace=replace)
    return len(report.rows)
