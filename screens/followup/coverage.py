"""What a village head shows: the village and each dusun now against the 95% a village is
recognised at, the coverage on each day recorded, and the agents' weeks, in text bars. F7 saves
(and prints) the one-page report with the same numbers as CSV and Excel beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import outreach as rules
from screens import keys
from screens.base import KioskScreen, add_columns
from screens.form import MessageLine
from screens.plain import Static
from screens.widgets.fitted_table import FittedTable, fitted_table
from screens.widgets.text_chart import bar, bar_to_goal

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.app import ComposeResult

    from kiosk.followup.coverage_report import CoverageReport
    from kiosk.papers.printing import PrintResult

BAR = 16
NAME = 28  # a section's title whole


def _build(session: Session) -> CoverageReport:
    from kiosk.followup import coverage_report

    return coverage_report.build(session)


def _export(
    session: Session, report: CoverageReport, operator: str, printer: str, operator_id: int | None
) -> PrintResult:
    from kiosk.base.config import slips_dir
    from kiosk.desk import settings
    from kiosk.followup import coverage_files, coverage_pdf
    from kiosk.papers.issue import issue

    stem = slips_dir() / f"cakupan-{clock.utcnow():%Y%m%d-%H%M%S}"
    pdf = coverage_pdf.save(report, settings.get(session, "desk_name"), stem.with_suffix(".pdf"),
                            operator=operator)  # fmt: skip
    csv_path, xlsx = stem.with_suffix(".csv"), stem.with_suffix(".xlsx")
    coverage_files.write_csv(report, csv_path, excel=settings.get(session, "csv_excel") == "1")
    coverage_files.write_xlsx(report, xlsx)
    saved = t("coverage.saved", pdf=pdf, csv=csv_path, xlsx=xlsx)
    return issue(session, "coverage_report", pdf, printer, operator_id, saved=saved)


class CoverageScreen(KioskScreen):
    TITLE_KEY = "coverage.screen_title"
    BINDINGS = [
        keys.back(),
        keys.key("again", "refresh", "key.refresh"),
        keys.key("print", "export", "key.report_export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: CoverageReport | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="coverage-heading", classes="summary")
        yield from fitted_table("coverage-table")
        yield MessageLine("coverage-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#coverage-table", FittedTable),
            [("", NAME), (t("coverage.col.residents"), 8), ("", BAR), (t("coverage.col.now"), 10),
             (t("coverage.col.change"), 11)],
        )  # fmt: skip
        self.query_one("#coverage-table", FittedTable).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.kiosk.db(_build, then=self._show)

    def _show(self, report: CoverageReport) -> None:
        from kiosk.followup import coverage_files

        self.report = report
        ascii_only = self.app.has_class("-ascii")
        total = report.village.total
        self.query_one("#coverage-heading", Static).update(
            t("coverage.period", start=report.start.strftime("%d-%m-%Y"),
              end=report.end.strftime("%d-%m-%Y")) + " · "
            + t("outreach.summary", residents=total.residents, pct=f"{total.coverage_pct:.1f}",
                active=f"{total.active_pct:.1f}", goal=rules.VILLAGE_RECOGNISED_PCT,
                families=total.families_lacking)
        )  # fmt: skip
        table = self.query_one("#coverage-table", FittedTable)
        table.clear()
        goal = rules.VILLAGE_RECOGNISED_PCT
        table.add_fitted(t("coverage.sec.dusun").upper(), "", "", "", "")
        shown = coverage_files.shown
        for name, residents, now, _, change, *_ in coverage_files.dusun_rows(report):
            drawn = bar_to_goal(now, goal, BAR, ascii_only) if isinstance(now, float) else ""
            table.add_fitted((shown(name), NAME), shown(residents), drawn, f"{shown(now)}%",
                             shown(change))  # fmt: skip
        table.add_fitted(t("coverage.sec.status").upper(), "", "", "", "")
        for label, count, share, *_ in coverage_files.status_rows(report):
            drawn = (
                bar(round(share * 10), 1000, BAR, ascii_only) if isinstance(share, float) else ""
            )
            table.add_fitted((shown(label), NAME), shown(count), drawn, f"{shown(share)}%", "")
        table.add_fitted(t("coverage.sec.history").upper(), "", "", "", "")
        for point in report.history:
            drawn = bar_to_goal(point.coverage_pct, goal, BAR, ascii_only)
            table.add_fitted(point.day.strftime("%d-%m-%Y"), str(point.residents), drawn,
                             f"{shown(point.coverage_pct)}%", "")  # fmt: skip
        table.add_fitted(t("coverage.sec.agents").upper(), "", "", "", "")
        for week, agent, visits, registered in coverage_files.agent_rows(report):
            table.add_fitted(shown(week), shown(visits), (shown(agent), BAR),
                             t("coverage.registered_after", count=registered), "")  # fmt: skip
        if not report.weeks:
            table.add_fitted(t("coverage.no_visits"), "", "", "", "")

    def action_export(self) -> None:
        from screens.print_slip import print_job

        if self.report is not None:
            who = self.kiosk.operator.name if self.kiosk.operator else ""
            print_job(self, self.query_one("#coverage-message", MessageLine), _export, self.report,
                      who)  # fmt: skip

    def action_back(self) -> None:
        self.app.pop_screen()
