"""What every case screen shows the same way, whatever the case's kind: its history (when,
what in the operator's words, who), and F8, which cancels with a reason once the operator may
(past a draft, a supervisor: said before the form opens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.desk import audit
from screens.base import add_columns, show_message
from screens.host import host
from screens.plain import Static
from screens.widgets.fitted_table import FittedTable

if TYPE_CHECKING:
    from models import AuditEvent, Case


def history_columns(table: FittedTable) -> None:
    add_columns(table, [(t("case.when"), 16), (t("case.what"), 44), (t("case.who"), 10)])


def show_history(table: FittedTable, events: list[tuple[AuditEvent, str]]) -> None:
    table.clear()
    for e, who in events:
        table.add_fitted(clock.to_local(e.at).strftime("%d-%m-%Y %H:%M"),
                         (audit.describe(e.action, e.detail), 44), who)  # fmt: skip


def cancel_case(
    screen: Screen, case: Case | None, message: Static, then: Callable[[bool | None], None]
) -> None:
    """Open the cancel form for `case`, or say why it may not be cancelled (by its status,
    or by who the operator is) before a reason is typed for nothing."""
    from kiosk.cases.lifecycle import CANCELLABLE, cancel_refused

    if case is None or case.status not in CANCELLABLE:
        show_message(message, t("case.cancel_not_now"))
        return
    app = host(screen)
    refused = cancel_refused(case.status, app.operator.role)
    if refused is not None:
        show_message(message, refused.message)
        return
    app.open_form("cancel", case.id, case.code, then=then)
