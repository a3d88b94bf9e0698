"""A paper leaves the kiosk one way: audited (what it is and its file), then sent to the desk's
printer if it has one, else its saved path said. Whoever made the paper calls this once."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from kiosk.base.i18n import t
from kiosk.base.logs import log
from kiosk.desk import audit
from kiosk.papers.printing import PrintResult, print_pdf


def issue(
    session: Session, what: str, path: Path, printer: str = "", operator_id: int | None = None,
    *, saved: str = "",
) -> PrintResult:  # fmt: skip
    """`saved`: what to say when there is no printer, if more than where the file is."""
    audit.exported(session, what, path, operator_id)
    if not printer:
        log.info("paper %s saved as %s", what, path.name)
        return PrintResult(True, saved or t("print.saved", path=path))
    result = print_pdf(path, printer)
    # The file's name holds the case code, never a family's number or name.
    log.info("paper %s (%s) to printer %r: %s", what, path.name, printer,
             "sent" if result.ok else "not printed")  # fmt: skip
    return result
