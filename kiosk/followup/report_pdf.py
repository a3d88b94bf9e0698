"""The report as one A4 page for the village head or a partner clinic: counts, bars and the
per-FKTP table, nothing that names or numbers a person."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.followup.reports import Report, report_period
from kiosk.followup.route_report import route_lines
from kiosk.followup.service_report import service_lines
from kiosk.papers.page import PageWriter

if TYPE_CHECKING:
    from sqlmodel import Session

FKTP_ROWS = 14  # the busiest facilities; the CSV has them all
BAR_MM = 60.0


def _bars(w: PageWriter, items: list[tuple[str, int]]) -> None:
    top = max((n for _, n in items), default=0) or 1
    for label, n in items:
        w.bar(75.0, BAR_MM * n / top)
        w.row([label, str(n)], [62.0, 12.0])


def trail_line(session: Session) -> str:
    """The audit trail's head, anchored now: printed on the report, it is a record of the
    trail on paper that no one with the database alone can change."""
    from kiosk.desk import anchor

    made = anchor.write(session, "report")
    return t("report.trail", seq=made.seq, hash=made.hash[:16], kid=made.kid,
             at=clock.to_local(datetime.fromisoformat(made.at)).strftime("%d-%m-%Y %H:%M"))  # fmt: skip


def render(report: Report, desk: str, trail: str = "", operator: str = "") -> bytes:
    w = PageWriter("a4")
    w.number_pages(desk, t("report.title"))
    w.text(desk, bold=True, align="C")
    w.text(t("report.title"), bold=True, scale=1.3, align="C")
    kind = t("report.kind.training" if report.training else "report.kind.real")
    w.text(f"{report_period(report)}  ({kind})", align="C")
    printed = clock.to_local(clock.utcnow()).strftime("%d-%m-%Y %H:%M")
    w.text(t("report.printed", when=printed, operator=operator or "-"), scale=0.9, align="C")
    if report.other_kind:
        other = "report.other.real" if report.training else "report.other.training"
        w.text(t(other, count=report.other_kind), scale=0.9, align="C")
    w.rule()
    w.text(t("report.sec.status"), bold=True)
    statuses = [(t(f"status.{s}"), n) for s, n in report.statuses()]
    if report.abandoned:
        statuses.append((t("report.abandoned"), report.abandoned))
    _bars(w, statuses)
    reasons = report.reasons()
    if reasons:
        w.gap()
        w.text(t("report.sec.reasons"), bold=True)
        for key, n in reasons:
            w.row([t(key), str(n)], [110.0, 20.0])
    routed = route_lines(report.counted)
    if routed:
        w.gap()
        w.text(t("report.sec.routes"), bold=True)
        for what, n, who in routed:
            w.row([what, str(n), who], [90.0, 15.0, 75.0])
    served = service_lines(report.services, report.kinds)
    if served:
        w.gap()
        w.text(t("report.sec.services"), bold=True)
        for what, n, who in served:
            w.row([what, str(n), who], [90.0, 15.0, 75.0])
    w.gap()
    w.text(t("report.sec.follow"), bold=True)
    payments = report.payments()
    waiting, late = report.cards()
    follow = [(t(f"report.pay.{s}"), payments[s]) for s in ("early", "due", "overdue")]
    follow += [(t("report.cards_waiting"), waiting), (t("report.cards_late"), late)]
    for label, n in follow:
        w.row([label, str(n)], [110.0, 20.0])
    w.gap()
    w.text(t("report.sec.operators"), bold=True)
    widths = [50.0, 25.0, 30.0, 25.0, 25.0]
    w.row(
        [t("report.col.operator"), t("report.col.cases"), t("report.col.registered"),
         t("report.col.referred"), t("report.col.cancelled")], widths, bold=True,
    )  # fmt: skip
    for name, *counts in report.operators():
        w.row([name, *(str(n) for n in counts)], widths)
    w.gap()
    w.text(t("report.sec.fktp"), bold=True)
    widths = [20.0, 56.0, 18.0, 18.0, 18.0, 14.0, 14.0, 22.0]
    w.row(
        [t("report.col.code"), t("report.col.fktp"), t("report.col.families"),
         t("report.col.with"), t("report.col.other"), t("report.col.asked"),
         t("report.col.done"), t("report.col.where")], widths, bold=True,
    )  # fmt: skip
    rows = report.per_fktp()
    for f in rows[:FKTP_ROWS]:
        w.row(
            [f.code, f.name, str(f.families), str(f.cards_with), str(f.elsewhere),
             str(f.changes_asked), str(f.changes_done), f.elsewhere_text()], widths,
        )  # fmt: skip
    if len(rows) > FKTP_ROWS:
        w.text(t("report.more_fktp", count=len(rows) - FKTP_ROWS), scale=0.9)
    days = report.per_day()
    if days:
        w.gap()
        w.text(t("report.sec.days"), bold=True)
        _day_columns(w, days)
    w.signatures((t("report.sign_head"), ""), (t("report.sign_operator"), operator))
    if trail:
        w.gap()
        w.rule()
        w.text(trail, scale=0.85)
    return w.output()


def _day_columns(w: PageWriter, days: list[tuple[date, int]]) -> None:
    """Registrations per day as a column chart (the last 31 days of the period at most),
    its scale on the left, and under it in words which days it shows: labels placed under
    narrow columns ran into each other."""
    days = days[-31:]
    w.columns([n for _, n in days])
    w.text(
        t("report.days_caption", first=clock.day_text(days[0][0]), last=clock.day_text(days[-1][0]),
          count=len(days), top=max(n for _, n in days)),
        scale=0.85,
    )  # fmt: skip


def save(
    report: Report, desk: str, path: Path, *, replace: bool = False, trail: str = "",
    operator: str = "",
) -> Path:  # fmt: skip
    from kiosk.base.exports import write_private

    write_private(path, render(report, desk, trail, operator), replace=replace)
    return path
