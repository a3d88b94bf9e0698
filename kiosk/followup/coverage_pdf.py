"""The coverage report on one A4 page: the village and each dusun now against the 95% a village
is recognised at, the road travelled, and the agents' work by week; signed by the village head."""

from __future__ import annotations

from pathlib import Path

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.followup import coverage_files
from kiosk.followup.coverage_files import Cell, shown
from kiosk.followup.coverage_report import CoverageReport
from kiosk.papers.page import PageWriter
from kiosk.rules import outreach

BAR_MM = 60.0
DUSUN_MM = [36.0, 20.0, 22.0, 22.0, 20.0, 20.0, 30.0]
HISTORY_MM = [30.0, 20.0, 22.0, 22.0, 20.0]
AGENT_MM = [30.0, 60.0, 25.0, 30.0]
STATUS_MM = [70.0, 25.0, 25.0]
# Rows a page holds beside the rest: a longer table says how many more are in the files.
MOST = {"dusun": 16, "status": 12, "history": 10, "agents": 10}


def render(report: CoverageReport, desk: str, operator: str = "") -> bytes:
    w = PageWriter("a4")
    w.text(desk, bold=True, align="C")
    w.text(t("coverage.title", village=report.villages), bold=True, scale=1.3, align="C")
    w.text(t("coverage.period", start=report.start.strftime("%d-%m-%Y"),
             end=report.end.strftime("%d-%m-%Y")), align="C")  # fmt: skip
    printed = clock.to_local(clock.utcnow()).strftime("%d-%m-%Y %H:%M")
    w.text(t("report.printed", when=printed, operator=operator or "-"), scale=0.9, align="C")
    w.rule()
    total = report.village.total
    w.text(t("coverage.now", residents=total.residents, pct=f"{total.coverage_pct:.1f}",
             active=f"{total.active_pct:.1f}", families=total.families_lacking), bold=True)  # fmt: skip
    w.text(t("coverage.goals", village=outreach.VILLAGE_RECOGNISED_PCT,
             uhc=outreach.UHC_COVERAGE_PCT, active=outreach.UHC_ACTIVE_PCT), scale=0.9)  # fmt: skip
    w.gap()
    _table(w, t("coverage.sec.dusun"), coverage_files.dusun_header(),
           coverage_files.dusun_rows(report), DUSUN_MM, MOST["dusun"])  # fmt: skip
    _table(w, t("coverage.sec.status"), coverage_files.status_header(),
           coverage_files.status_rows(report), STATUS_MM, MOST["status"])  # fmt: skip
    w.text(t("coverage.sec.history"), bold=True)
    for row, point in zip(coverage_files.history_rows(report)[-MOST["history"]:],
                          report.history[-MOST["history"]:], strict=True):  # fmt: skip
        w.bar(70.0, BAR_MM * point.coverage_pct / 100)
        w.bar(70.0 + BAR_MM * outreach.VILLAGE_RECOGNISED_PCT / 100, 0.4)  # the goal's mark
        w.row([shown(row[0]), f"{shown(row[3])}%"], [40.0, 28.0])
    if not report.history:
        w.text(t("coverage.no_history"))
    w.gap()
    _table(w, t("coverage.sec.agents"), coverage_files.agent_header(),
           coverage_files.agent_rows(report), AGENT_MM, MOST["agents"])  # fmt: skip
    if report.outcomes:
        found = ", ".join(
            f"{t(f'visit.outcome.{o}')} {n}" for o, n in sorted(report.outcomes.items())
        )
        w.text(t("coverage.outcomes", found=found), scale=0.9)
    w.signatures((t("coverage.sign_head"), ""), (t("statement.sign_operator"), operator))
    return w.output()


def _table(w: PageWriter, title: str, header: tuple[str, ...], rows: list[tuple[Cell, ...]],
           widths: list[float], most: int) -> None:  # fmt: skip
    w.text(title, bold=True)
    w.row(list(header), widths, bold=True)
    for row in rows[:most]:
        w.row([shown(c) for c in row], widths)
    if len(rows) > most:
        w.text(t("coverage.more_rows", count=len(rows) - most), scale=0.9)
    if not rows:
        w.text("-")
    w.gap()


def save(
    report: CoverageReport, desk: str, path: Path, *, replace: bool = False, operator: str = ""
) -> Path:
    from kiosk.base.exports import write_private

    write_private(path, render(report, desk, operator), replace=replace)
    return path
