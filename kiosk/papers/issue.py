"""A paper leaves the kiosk one way: audited (what it is and its file), then sent to the desk's
printer if it has one, else its saved path said. Whoever made the paper calls this once."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from kiosk.base.i18n import t
from kiosk.base.logs import log
from kiosk.desk import audit
from kiosk.papers.printing import PrintResult, is_thermal, print_pdf, send_escpos


def issue(
    session: Session, what: str, path: Path, printer: str = "", operator_id: int | None = None,
    *, saved: str = "", thermal: bytes | None = None,
) -> PrintResult:  # fmt: skip
    """`saved`: what to say when there is no printer, if more than where the file is.
    `thermal`: the same paper in ESC/POS, for a thermal printer (slips only)."""
    audit.exported(session, what, path, operator_id)
    if not printer:
        log.info("paper %s saved as %s", what, path.name)
        return PrintResult(True, saved or t("print.saved", path=path))
    if is_thermal(printer):
        if thermal is None:  # an A4 list or report: a roll cannot hold it
            result = PrintResult(False, t("print.thermal_slips_only", path=path))
        else:
            result = send_escpos(thermal, printer, path)
    else:
        result = print_pdf(path, printer)
    # The file's name holds the case code, never a family's number or name.
    log.info("paper %s (%s) to printer %r: %s", what, path.name, printer,
             "sent" if result.ok else "not printed")  # fmt: skip
    return result
