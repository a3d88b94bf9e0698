"""The coverage report's numbers as tables, once: the page, the CSV and the workbook are all
drawn from these, so they agree. Counts and percentages only, no name but the agents'."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk.base.i18n import t
from kiosk.followup.coverage_report import CoverageReport
from kiosk.rules.outreach import pct

Cell = int | float | str | None


def shown(value: Cell) -> str:
    """A cell as the page and the screen print it: a share to one decimal, nothing as "-"."""
    if value is None:
        return "-"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def dusun_header() -> tuple[str, ...]:
    return tuple(t(f"coverage.col.{c}") for c in
                 ("dusun", "residents", "now", "then", "change", "active", "lacking"))  # fmt: skip


def dusun_rows(report: CoverageReport) -> list[tuple[Cell, ...]]:
    """The village first, then each dusun: residents, coverage now and at the period's start,
    the change in points, the share active and the families lacking cover."""
    total = report.village.total
    first = report.history[0].coverage_pct if report.history else None
    rows: list[tuple[Cell, ...]] = [(t("coverage.village_row"), total.residents, total.coverage_pct,
             first, None if first is None else round(total.coverage_pct - first, 1),
             total.active_pct, total.families_lacking)]  # fmt: skip
    rows += [
        (d.dusun or "-", d.residents, d.coverage_pct, d.then_pct, d.change, d.active_pct,
         d.families_lacking)
        for d in report.dusun
    ]  # fmt: skip
    return rows


def status_header() -> tuple[str, ...]:
    return tuple(t(f"coverage.col.{c}") for c in ("state", "residents", "share"))


def status_rows(report: CoverageReport) -> list[tuple[Cell, ...]]:
    """The village's residents by cover today: active by segment, to check, inactive by
    cause, none; each with its share of all residents."""
    total = report.village.total
    rows: list[tuple[Cell, ...]] = []

    def row(label: str, count: int) -> None:
        rows.append((label, count, pct(count, total.residents)))

    for segment, n in sorted(total.segments.items()):
        row(t("coverage.state.active", segment=segment), n)
    row(t("outreach.state.check"), total.check)
    for cause in ("pbi", "arrears", "other"):
        row(t(f"outreach.inactive.{cause}"), total.causes.get(cause, 0))
    row(t("outreach.state.none"), total.none)
    return rows


def history_header() -> tuple[str, ...]:
    return tuple(
        t(f"coverage.col.{c}") for c in ("day", "residents", "registered", "now", "active")
    )


def history_rows(report: CoverageReport) -> list[tuple[Cell, ...]]:
    return [
        (p.day.strftime("%d-%m-%Y"), p.residents, p.registered, p.coverage_pct, p.active_pct)
        for p in report.history
    ]  # fmt: skip


def agent_header() -> tuple[str, ...]:
    return tuple(t(f"coverage.col.{c}") for c in ("week", "agent", "visits", "registrations"))


def agent_rows(report: CoverageReport) -> list[tuple[Cell, ...]]:
    return [(week.strftime("%d-%m-%Y"), agent or "-", n, registered)
            for week, agent, n, registered in report.weeks]  # fmt: skip


def tables(report: CoverageReport) -> list[tuple[str, Sequence[str], list[tuple[Cell, ...]]]]:
    return [
        (t("coverage.sec.dusun"), dusun_header(), dusun_rows(report)),
        (t("coverage.sec.status"), status_header(), status_rows(report)),
        (t("coverage.sec.history"), history_header(), history_rows(report)),
        (t("coverage.sec.agents"), agent_header(), agent_rows(report)),
    ]


def write_csv(
    report: CoverageReport, path: Path, *, replace: bool = False, excel: bool = False
) -> int:
    """Every table one after another, each under its title, as a spreadsheet reads them."""
    from kiosk.base.exports import csv_bytes, write_private

    lines: list[Sequence[object]] = []
    drawn = tables(report)
    for title, header, rows in drawn:
        lines += [(title,), header, *(tuple(shown(c) for c in row) for row in rows), ()]
    write_private(path, csv_bytes(lines, excel=excel), replace=replace)
    return sum(len(rows) for _, _, rows in drawn)


def write_xlsx(report: CoverageReport, path: Path, *, replace: bool = False) -> Path:
    from kiosk.base.exports import write_private, xlsx_bytes

    sheets: list[tuple[str, Sequence[object], Iterable[Sequence[object]]]] = [
        (title, header, [tuple("" if c is None else c for c in row) for row in rows])
        for title, header, rows in tables(report)
    ]
    write_private(path, xlsx_bytes(sheets), replace=replace)
    return path
