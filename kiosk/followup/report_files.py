"""The report as files for a spreadsheet: the cases (CSV), what the screen shows (CSV), and
both as one Excel workbook. Owner-only; nothing in the summary names or numbers a person,
and the cases' KK numbers are masked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk.base.i18n import t
from kiosk.followup.reports import Report, report_period
from kiosk.rules import casecode, ids

COLUMNS = (
    "kode_kasus", "status", "tanggal", "operator", "kk_masked", "kepala_keluarga",
    "anggota_baru", "anggota_sudah_jkn", "kelas", "iuran_bulanan", "kode_faskes",
    "nomor_va", "alasan", "pelatihan", "jalur", "hasil_jalur",
)  # fmt: skip


def case_rows(report: Report) -> list[tuple[object, ...]]:
    """The report's cases, one row each, in words (statuses, reasons, routes and outcomes as
    the operator reads them), the KK masked and the VA grouped as printed (a spreadsheet
    would read 16 digits as a rounded number)."""

    def words(prefix: str, value: str) -> str:
        return t(f"{prefix}.{value}") if value else ""

    rows: list[tuple[object, ...]] = []
    for r in report.rows:
        c = r.case
        rows.append((
            casecode.display(c.code), t(f"status.{c.status}"), c.created_at.date().isoformat(),
            r.operator, ids.mask_kk(c.kk_number), c.head_name, r.new, r.covered, c.kelas or "",
            c.monthly_amount, r.fktp, ids.format_va(c.va_number) if c.va_number else "",
            words("reason", c.reason), int(c.gateway == "training"), words("route", c.route),
            words("outcome", c.outcome),
        ))  # fmt: skip
    return rows


def write_csv(report: Report, path: Path, *, replace: bool = False, excel: bool = False) -> int:
    """The report's cases as CSV (case_rows): owner-only, spreadsheet-safe."""
    from kiosk.base.exports import csv_bytes, write_private

    rows = case_rows(report)
    write_private(path, csv_bytes([COLUMNS, *rows], excel=excel), replace=replace)
    return len(rows)


def summary_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """What the reports screen shows, as (section, item, count, detail) rows in the
    operator's language: counts and facility codes only, no personal data."""
    from kiosk.followup.route_report import route_lines
    from kiosk.followup.service_report import service_lines

    rows: list[tuple[str, str, str, str]] = []
    section = t("report.sec.status")
    for status, n in report.statuses():
        rows.append((section, t(f"status.{status}"), str(n), ""))
    if report.abandoned:
        rows.append((section, t("report.abandoned"), str(report.abandoned), ""))
    section = t("report.sec.reasons")
    for key, n in report.reasons():
        rows.append((section, t(key), str(n), ""))
    section = t("report.sec.routes")
    for what, n, who in route_lines(report.counted):
        rows.append((section, what, str(n), who))
    section = t("report.sec.services")
    for what, n, who in service_lines(report.services, report.kinds):
        rows.append((section, what, str(n), who))
    section = t("report.sec.follow")
    payments = report.payments()
    for state in ("early", "due", "overdue"):
        rows.append((section, t(f"report.pay.{state}"), str(payments[state]), ""))
    waiting, late = report.cards()
    rows.append((section, t("report.cards_waiting"), str(waiting), ""))
    rows.append((section, t("report.cards_late"), str(late), ""))
    section = t("report.sec.operators")
    for name, cases, registered, referred, cancelled in report.operators():
        detail = t(
            "report.operator_detail", registered=registered, referred=referred, cancelled=cancelled
        )
        rows.append((section, name, str(cases), detail))
    section = t("report.sec.fktp")
    for f in report.per_fktp():
        detail = t(
            "report.fktp_detail", families=f.families, with_=f.cards_with, other=f.elsewhere,
            asked=f.changes_asked, done=f.changes_done,
        )  # fmt: skip
        if f.cards_other or f.redistributed:
            detail += " " + t("report.fktp_elsewhere", codes=f.elsewhere_text())
        rows.append((section, f"{f.code} {f.name}", str(f.families), detail))
    section = t("report.sec.days")
    for day, n in report.per_day():
        rows.append((section, day.strftime("%d-%m-%Y"), str(n), ""))
    return rows


def _summary_table(report: Report) -> list[tuple[str, ...]]:
    """The period and what is counted, then summary_rows."""
    kind = t("report.kind.training" if report.training else "report.kind.real")
    return [(t("report.csv.period"), report_period(report), "", kind), *summary_rows(report)]


def summary_header() -> tuple[str, ...]:
    return (t("report.csv.section"), t("report.csv.item"), t("report.csv.count"),
            t("report.csv.detail"))  # fmt: skip


def write_summary_csv(
    report: Report, path: Path, *, replace: bool = False, excel: bool = False
) -> int:
    """What the screen shows, as CSV for the village head or the clinic: owner-only, and
    nothing in it names or numbers a person."""
    from kiosk.base.exports import csv_bytes, write_private

    table = _summary_table(report)
    write_private(path, csv_bytes([summary_header(), *table], excel=excel), replace=replace)
    return len(table) - 1


def write_xlsx(report: Report, path: Path, *, replace: bool = False) -> Path:
    """The summary and the cases as one Excel workbook, two sheets; owner-only."""
    from kiosk.base.exports import write_private, xlsx_bytes

    sheets: list[tuple[str, Sequence[object], Iterable[Sequence[object]]]] = [
        (t("report.xlsx.summary"), summary_header(), _summary_table(report)),
        (t("report.xlsx.cases"), COLUMNS, case_rows(report)),
    ]
    write_private(path, xlsx_bytes(sheets), replace=replace)
    return path
