"""Make a case's slip (or referral note) PDF and send it to the printer, from any screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Static

from kiosk.i18n import t
from screens.base import show_message

if TYPE_CHECKING:
    from sqlmodel import Session


def _make(session: Session, case_id: int, fmt: str, printer: str, operator_id: int | None):
    from kiosk import audit, printing, registration, slip

    case = registration.case_by_id(session, case_id)
    path = slip.save_slip(session, case, fmt)
    audit.exported(session, f"slip {case.code} {fmt}", path, operator_id)
    return (
        printing.print_pdf(path, printer)
        if printer
        else printing.PrintResult(True, t("print.saved", path=path))
    )


def make_and_print(screen: Screen, case_id: int, message: Static) -> None:
    app = screen.app
    fmt = app.settings.get("slip_format", "a4")  # type: ignore[attr-defined]
    printer = app.settings.get("printer", "")  # type: ignore[attr-defined]
    show_message(message, t("print.making"), "info")

    def done(result) -> None:
        show_message(message, result.message, "info" if result.ok else "warning")

    operator = app.operator  # type: ignore[attr-defined]
    app.db(_make, case_id, fmt, printer, operator.id if operator else None, then=done)  # type: ignore[attr-defined]
