"""The day's call list: the follow-ups that are due, printed for the operator to phone the
families (the phone number is the point of the list; NIK, KK and card numbers are not on it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.desk import settings
from kiosk.followup import followups
from kiosk.papers.page import PageWriter
from kiosk.rules import casecode, ids

# mm across the A4 page's 180: the code's column holds the widest code whole ("WWWW-WWWW").
WIDTHS = [7.0, 28.0, 49.0, 28.0, 52.0, 16.0]


def render(items: list[followups.FollowUp], desk: str, today: date) -> bytes:
    w = PageWriter("a4")
    title = t("calls.title", date=today.strftime("%d-%m-%Y"))
    w.number_pages(desk, title)  # a long list runs over pages
    w.text(desk, bold=True, align="C")
    w.text(title, bold=True, scale=1.3, align="C")
    w.text(t("calls.count", count=len(items)), align="C")
    w.rule()
    header = [
        "", t("col.code"), t("col.head"), t("calls.phone"), t("col.action"), t("calls.since"),
    ]  # fmt: skip
    w.row(header, WIDTHS, bold=True)
    for n, item in enumerate(items, 1):
        case = item.case
        training = f" {t('calls.training')}" if case.gateway == "training" else ""
        w.row(
            [
                str(n),
                casecode.display(case.code),
                (case.head_name or "-") + training,
                ids.format_phone(case.phone) if case.phone else "-",
                item.text,
                item.due.strftime("%d-%m"),
            ],
            WIDTHS,
        )
    if not items:
        w.text(t("calls.none"))
    return w.output()


def save(session: Session, today: date | None = None) -> tuple[Path, int]:
    """Today's due follow-ups as an owner-only PDF (replacing the day's earlier list)."""
    from kiosk.base.exports import write_private

    today = today or clock.today()
    due = followups.waiting(session, limit=1000, today=today, due_only=True)
    items = [item for item in due if item.is_call]  # the desk's own tasks are on Home
    pdf = render(items, settings.get(session, "desk_name"), today)
    path = slips_dir() / f"daftar-telepon-{today.isoformat()}.pdf"
    write_private(path, pdf, replace=True)
    write_private(path.with_suffix(".xlsx"), workbook(items), replace=True)
    return path, len(items)


def workbook(items: list[followups.FollowUp]) -> bytes:
    """The same calls as an Excel sheet (the PDF's columns; the phone whole, to dial), for a
    desk that works through its calls on the computer."""
    from kiosk.base.exports import xlsx_bytes

    header = ("No", t("col.code"), t("col.head"), t("calls.phone"), t("col.action"),
              t("calls.since"))  # fmt: skip
    rows = [
        (n, casecode.display(item.case.code), item.case.head_name or "-",
         ids.format_phone(item.case.phone) if item.case.phone else "-", item.text,
         clock.day_text(item.due))
        for n, item in enumerate(items, 1)
    ]  # fmt: skip
    return xlsx_bytes([(t("calls.sheet"), header, rows)])
