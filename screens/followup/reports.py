"""Reports: how the desk is doing over a period, for the operator, the village head and the
partner clinic. Real cases by default (training apart); four sections switched with F6;
F7 saves (and prints) the page as PDF with a CSV of the same numbers beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Input

from kiosk.base import clock
from kiosk.base.errors import Problem
from kiosk.base.i18n import t
from kiosk.followup.route_report import route_lines
from kiosk.followup.service_report import service_lines
from screens import keys
from screens.base import KioskScreen, add_columns
from screens.form import MessageLine, date_input
from screens.plain import Label, Select, Static
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table
from screens.widgets.text_chart import bar, columns
from screens.widgets.toggles import Checkbox

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from kiosk.followup.reports import Report
    from kiosk.papers.printing import PrintResult

SECTIONS = ("summary", "operators", "fktp", "days")
PRESETS = ("today", "week", "month", "all", "typed")


def _build(session: Session, start: date | None, end: date | None, training: bool) -> Report:
    from kiosk.followup import reports

    return reports.build(session, start, end, training=training)


def _export(
    session: Session, report: Report, operator: str, printer: str, operator_id: int
) -> PrintResult:
    """The PDF (printed if a printer is set), and beside it the summary as CSV (for Excel
    set to Indonesian when the desk says so) and the summary and cases as an Excel
    workbook; all owner-only."""
    from kiosk.base.config import slips_dir
    from kiosk.desk import settings
    from kiosk.followup import report_files, report_pdf
    from kiosk.papers.issue import issue
    from kiosk.papers.printing import PrintResult

    stem = slips_dir() / f"laporan-{clock.utcnow():%Y%m%d-%H%M%S}"
    pdf = report_pdf.save(
        report, settings.get(session, "desk_name"), stem.with_suffix(".pdf"),
        trail=report_pdf.trail_line(session), operator=operator,
    )  # fmt: skip
    csv_path, xlsx = stem.with_suffix(".csv"), stem.with_suffix(".xlsx")
    excel = settings.get(session, "csv_excel") == "1"
    report_files.write_summary_csv(report, csv_path, excel=excel)
    report_files.write_xlsx(report, xlsx)
    saved = t("report.saved", pdf=pdf, csv=csv_path, xlsx=xlsx)
    done = issue(session, "report", pdf, printer, operator_id, saved=saved)
    if printer:
        also = t("report.csv_saved", csv=csv_path, xlsx=xlsx)
        return PrintResult(done.ok, f"{done.message} {also}")
    return done


class ReportsScreen(KioskScreen):
    TITLE_KEY = "report.title"
    BINDINGS = [
        keys.back(),
        keys.key("again", "refresh", "key.refresh"),
        keys.key("choose", "next_section", "key.next_section"),
        keys.key("print", "export", "key.report_export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None
        self.section = 0

    def body(self) -> ComposeResult:
        with Horizontal(classes="row", id="report-period"):
            yield Label(t("report.period"))
            yield Select(
                [(t(f"report.preset.{p}"), p) for p in PRESETS],
                value="month",
                allow_blank=False,
                id="report-preset",
            )
            yield date_input("report-from")
            yield date_input("report-to")
            yield Checkbox(t("report.training_box"), id="report-training")
        yield Static("", id="report-heading", classes="summary")
        with ContentSwitcher(initial="sec-summary", id="report-sections"):
            with Vertical(id="sec-summary"):
                yield from fitted_table("report-summary")
            with Vertical(id="sec-operators"):
                yield DataTable(id="report-operators", cursor_type="row", zebra_stripes=True)
            with Vertical(id="sec-fktp"):
                yield from fitted_table("report-fktp")
            with Vertical(id="sec-days"):
                yield Static("", id="report-days")
        yield MessageLine("report-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#report-summary", DataTable),
            [(t("report.col.item"), 42), (t("report.col.count"), 6), ("", 20)],
        )
        add_columns(
            self.query_one("#report-operators", DataTable),
            [
                (t("report.col.operator"), 20), (t("report.col.cases"), 7),
                (t("report.col.registered"), 10), (t("report.col.referred"), 9),
                (t("report.col.cancelled"), 9),
            ],
        )  # fmt: skip
        add_columns(
            self.query_one("#report-fktp", DataTable),
            [
                (t("report.col.code"), 8), (t("report.col.fktp"), 19),
                (t("report.col.families"), 4), (t("report.col.with"), 6),
                (t("report.col.other"), 4), (t("report.col.asked"), 5),
                (t("report.col.done"), 7), (t("report.col.where"), 9),
            ],
        )  # fmt: skip
        self._apply_preset("month")
        self.query_one("#report-preset", Select).focus()

    # --- the period -------------------------------------------------------------------------

    def _apply_preset(self, preset: str) -> None:
        from kiosk.followup import reports

        if preset == "typed":
            self.query_one("#report-from", Input).focus()
            return
        chosen = reports.period(preset, clock.today())
        with self.prevent(Input.Changed):
            self.query_one("#report-from", Input).value = clock.day_text(chosen.start, "")
            self.query_one("#report-to", Input).value = clock.day_text(chosen.end, "")
        self.action_refresh()

    @on(Select.Changed, "#report-preset")
    def _preset(self, event: Select.Changed) -> None:
        self._apply_preset(str(event.value))

    @on(Input.Submitted)
    def _typed(self) -> None:
        with self.prevent(Select.Changed):
            self.query_one("#report-preset", Select).value = "typed"
        self.action_refresh()

    @on(Checkbox.Changed, "#report-training")
    def _kind(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        from kiosk.followup import reports

        message = self.query_one("#report-message", MessageLine)
        chosen = reports.typed_period(
            self.query_one("#report-from", Input).value, self.query_one("#report-to", Input).value
        )
        if isinstance(chosen, Problem):
            message.say(chosen.message)
            return
        message.say("")
        training = self.query_one("#report-training", Checkbox).value
        self.kiosk.db(_build, chosen.start, chosen.end, training, then=self._show)

    # --- what is shown -------------------------------------------------------------------------

    def _show(self, report: Report) -> None:
        self.report = report
        ascii_only = self.app.has_class("-ascii")
        self._heading()

        summary = self.query_one("#report-summary", FittedTable)
        summary.clear()
        statuses = report.statuses()
        top = max((n for _, n in statuses), default=0)
        summary.add_fitted(t("report.sec.status").upper(), "", "")
        for status, n in statuses:
            summary.add_fitted(f"  {t(f'status.{status}')}", str(n), bar(n, top, 18, ascii_only))
        if report.abandoned:
            summary.add_fitted(f"  {t('report.abandoned')}", str(report.abandoned), "")
        reasons = report.reasons()
        summary.add_fitted(t("report.sec.reasons").upper(), "" if reasons else "0", "")
        for key, n in reasons:
            summary.add_fitted((f"  {t(key)}", 42), str(n), "")
        routed = route_lines(report.counted)
        summary.add_fitted(t("report.sec.routes").upper(), "" if routed else "0", "")
        for what, n, who in routed:
            summary.add_fitted((f"  {what}", 42), str(n), (who, 18))
        served = service_lines(report.services, report.kinds)
        summary.add_fitted(t("report.sec.services").upper(), "" if served else "0", "")
        for what, n, who in served:
            summary.add_fitted((f"  {what}", 42), str(n), (who, 18))
        summary.add_fitted(t("report.sec.follow").upper(), "", "")
        payments = report.payments()
        for state in ("early", "due", "overdue"):
            summary.add_fitted(f"  {t(f'report.pay.{state}')}", str(payments[state]), "")
        waiting, late = report.cards()
        summary.add_fitted(f"  {t('report.cards_waiting')}", str(waiting), "")
        summary.add_fitted(f"  {t('report.cards_late')}", str(late), "")

        operators = self.query_one("#report-operators", DataTable)
        operators.clear()
        operators.add_rows(
            [(name[:20], *(str(n) for n in counts)) for name, *counts in report.operators()]
        )

        fktp = self.query_one("#report-fktp", FittedTable)
        fktp.clear()
        for f in report.per_fktp():
            fktp.add_fitted(
                f.code, (f.name, 19), str(f.families), str(f.cards_with), str(f.elsewhere),
                str(f.changes_asked), str(f.changes_done), (f.elsewhere_text() or "-", 9),
            )  # fmt: skip

        self.query_one("#report-days", Static).update(self._days_chart(report, ascii_only))

    def _days_chart(self, report: Report, ascii_only: bool) -> str:
        days = report.per_day()[-76:]  # what fits 80 columns
        if not days:
            return t("report.no_days")
        values = [n for _, n in days]
        wide = 2 if len(days) <= 38 else 1  # a month reads better two cells a day
        lines = [t("report.days_title", top=max(values))]
        lines += ["".join(ch * wide for ch in line) for line in columns(values, 8, ascii_only)]
        first, last = days[0][0].strftime("%d-%m"), days[-1][0].strftime("%d-%m")
        span = len(days) * wide
        lines.append(first + last.rjust(max(span - len(first), len(last) + 1)))
        lines.append(t("report.days_total", total=sum(values), days=len(days)))
        return "\n".join(lines)

    def _heading(self) -> None:
        """The period and what is counted, then the sections with the one shown marked."""
        from kiosk.followup.reports import report_period

        report = self.report
        if report is None:
            return
        kind = t("report.kind.training" if report.training else "report.kind.real")
        heading = t(
            "report.heading",
            period=report_period(report, named=False),
            kind=kind,
            count=len(report.counted),
        )
        if report.other_kind:
            other = "report.other.real" if report.training else "report.other.training"
            heading += "  " + t(other, count=report.other_kind)
        names = [t(f"report.section.{s}") for s in SECTIONS]
        marked = [f">{n}<" if i == self.section else f" {n} " for i, n in enumerate(names)]
        line = " ".join(marked) + "  " + t("report.section_key")
        self.query_one("#report-heading", Static).update(f"{heading}\n{line}")

    # --- keys ---------------------------------------------------------------------------------

    def action_next_section(self) -> None:
        self.section = (self.section + 1) % len(SECTIONS)
        name = SECTIONS[self.section]
        self.query_one("#report-sections", ContentSwitcher).current = f"sec-{name}"
        self._heading()
        table = {
            "summary": "#report-summary",
            "operators": "#report-operators",
            "fktp": "#report-fktp",
        }
        if name in table:
            self.query_one(table[name], DataTable).focus()

    def action_export(self) -> None:
        from screens.print_slip import print_job

        if self.report is not None:
            who = self.kiosk.operator.name if self.kiosk.operator else ""
            message = self.query_one("#report-message", MessageLine)
            print_job(self, message, _export, self.report, who)

    def action_back(self) -> None:
        self.app.pop_screen()
