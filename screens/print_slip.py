"""Make a paper (a slip, a statement, a list, a report) in the database worker and send it to
the printer, from any screen, saying on the screen's message line how it went."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from kiosk.base.i18n import t
from screens.base import show_message
from screens.host import host
from screens.plain import Static

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.papers.printing import PrintResult


def _make(
    session: Session, case_id: int, fmt: str, printer: str, operator_id: int | None
) -> PrintResult:
    from kiosk.cases import store
    from kiosk.papers import slip
    from kiosk.papers.issue import issue
    from kiosk.papers.printing import is_thermal

    case = store.case_by_id(session, case_id)
    path, thermal = slip.save_with_escpos(session, case, fmt, escpos=is_thermal(printer))
    return issue(session, f"slip {case.code} {fmt}", path, printer, operator_id, thermal=thermal)


def print_job(
    screen: Screen, message: Static, job: Callable[..., Any], *args: object,
    printer: str | None = None,
) -> None:  # fmt: skip
    """Run `job(session, *args, printer, operator_id)` (it returns a PrintResult) and say
    on `message` that the paper is being made, then what became of it. The printer is the
    desk's unless `printer` names another (Settings' test page, before it is saved)."""
    app = host(screen)
    if printer is None:
        printer = app.settings.get("printer", "")
    operator = app.operator
    show_message(message, t("print.making"), "info")

    def done(result: PrintResult) -> None:
        show_message(message, result.message, "info" if result.ok else "warning")

    app.db(job, *args, printer, operator.id if operator else None, then=done)


def make_and_print(screen: Screen, case_id: int, message: Static) -> None:
    fmt = host(screen).settings.get("slip_format", "a4")
    print_job(screen, message, _make, case_id, fmt)


def _make_arrears(
    session: Session, case_id: int, printer: str, operator_id: int | None
) -> PrintResult:
    from kiosk.cases import store
    from kiosk.papers import arrears_paper
    from kiosk.papers.issue import issue

    case = store.case_by_id(session, case_id)
    path = arrears_paper.save(session, case)
    return issue(session, f"arrears {case.code}", path, printer, operator_id)


def print_arrears(screen: Screen, case_id: int, message: Static) -> None:
    """The arrears paper: the bill, the plans, the family's choice and its instalments."""
    print_job(screen, message, _make_arrears, case_id)


def _make_request(
    session: Session, case_id: int, printer: str, operator_id: int | None
) -> PrintResult:
    from kiosk.cases import store
    from kiosk.papers import request_paper
    from kiosk.papers.issue import issue

    case = store.case_by_id(session, case_id)
    path = request_paper.save(session, case)
    return issue(session, f"{case.kind} {case.code}", path, printer, operator_id)


def print_request(screen: Screen, case_id: int, message: Static) -> None:
    """A change asked of BPJS (a data update, an FKTP or class change, a new member), for the
    BPJS office or the family's own keeping."""
    print_job(screen, message, _make_request, case_id)
