"""A printer's test page, from Settings: does the printer print, is the paper the size the
slip format says, does the QR come out whole? It holds nothing about any family."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.exports import write_private
from kiosk.base.i18n import t
from kiosk.desk import settings
from kiosk.papers.issue import issue
from kiosk.papers.page import PageWriter, qr_matrix
from kiosk.papers.printing import PrintResult, is_thermal

if TYPE_CHECKING:
    from kiosk.papers.slip import Writer

# What the test page's QR says: a phone that reads it shows the printer prints QRs whole.
QR_TEXT = "JKN KIOSK TEST"
# Every letter the slips print, for a look at the printer's font.
SAMPLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 Rp.,-/:()"


def draw(w: Writer, desk_name: str, printer: str, fmt: str, when: datetime) -> None:
    w.text(t("testpage.title"), bold=True, scale=1.4, align="C")
    w.text(desk_name, align="C")
    w.rule()
    w.text(t("testpage.printer", printer=printer or t("testpage.no_printer")))
    w.text(t("testpage.format", fmt=fmt))
    w.text(t("testpage.when", when=clock.to_local(when).strftime("%d-%m-%Y %H:%M")))
    w.gap()
    w.text(SAMPLE)
    w.rule()
    w.qr(qr_matrix(QR_TEXT), t("testpage.qr", text=QR_TEXT))
    w.rule()
    w.text(t("testpage.check"))


def print_test_page(
    session: Session, printer: str, fmt: str, operator_id: int | None
) -> PrintResult:
    """Make the test page in the slip's format and language, save it, and send it to
    `printer` (the one typed in Settings, saved or not) the way a slip would go."""
    from kiosk.papers.escpos import EscPosWriter, dots_for

    with i18n.speaking(settings.get(session, "slip_language")):
        desk, when = settings.get(session, "desk_name"), clock.utcnow()
        page = PageWriter(fmt)
        draw(page, desk, printer, fmt, when)
        roll = None
        if is_thermal(printer):
            thermal = EscPosWriter(dots_for(fmt))
            draw(thermal, desk, printer, fmt, when)
            roll = thermal.output()
    path = slips_dir() / f"uji-printer-{fmt}.pdf"
    write_private(path, page.output(), replace=True)
    return issue(session, f"test page {fmt}", path, printer, operator_id, thermal=roll)
