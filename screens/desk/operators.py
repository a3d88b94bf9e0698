"""Operators (supervisors): who may log in, their role and state; add, reset a PIN, unlock,
disable or enable. The core keeps one active supervisor whatever is pressed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from kiosk.base import clock
from kiosk.base.i18n import t
from screens import keys
from screens.base import KioskScreen, add_columns, show_message
from screens.form import MessageLine
from screens.plain import Static
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import Operator


def _load(session: Session) -> list[Operator]:
    from kiosk.desk import operators

    return operators.list_all(session)


def _act(session: Session, action: str, name: str, by: int) -> None:
    from kiosk.desk import operators

    if action == "unlock":
        operators.unlock(session, name, by)
    else:
        operators.set_active(session, name, action == "enable", by)


class OperatorsScreen(KioskScreen):
    TITLE_KEY = "operators.title"
    BINDINGS = [
        keys.back(),
        keys.key("new", "add", "key.operator_add"),
        keys.key("open", "reset_pin", "key.reset_pin"),
        keys.key("choose", "unlock", "key.unlock"),
        keys.key("cancel", "switch_active", "key.operator_toggle"),
        keys.key("again", "refresh", "key.refresh", show=False),
    ]

    def body(self) -> ComposeResult:
        yield from fitted_table("operators")  # a long name or state shown in full below
        yield MessageLine("operators-message")

    def on_mount(self) -> None:
        self.rows: list = []
        add_columns(
            self.query_one("#operators", DataTable),
            [(t("operators.name"), 22), (t("operators.role"), 12), (t("operators.state"), 30)],
        )
        self.query_one("#operators", DataTable).focus()
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, then=self._show)

    def _show(self, rows: list[Operator]) -> None:
        self.rows = rows
        now = clock.utcnow()
        table = self.query_one("#operators", FittedTable)
        cursor = table.cursor_row
        table.clear()
        for op in rows:
            state = t("operators.active") if op.active else t("operators.disabled")
            if op.locked_until is not None and op.locked_until > now:
                until = clock.to_local(op.locked_until).strftime("%d-%m %H:%M")
                state += ", " + t("operators.locked", until=until)
            table.add_fitted((op.name, 22), t(f"operators.role_{op.role}"), (state, 30))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def _selected(self) -> Operator | None:
        table = self.query_one("#operators", DataTable)
        if not self.rows:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _do(self, action: str) -> None:
        selected = self._selected()
        if selected is None:
            return
        self.kiosk.db(
            _act, action, selected.name, self.kiosk.operator.id, then=self._done, refused=self._done
        )

    def _done(self, error: str | None) -> None:
        message = self.query_one("#operators-message", Static)
        if error:
            show_message(message, error)
        else:
            show_message(message, t("operators.saved"), "info")
        self.reload()

    def action_unlock(self) -> None:
        self._do("unlock")

    def action_switch_active(self) -> None:
        selected = self._selected()
        if selected is not None:
            self._do("disable" if selected.active else "enable")

    def action_add(self) -> None:
        self.kiosk.open_form("operator_add", then=self._changed)

    def action_reset_pin(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.kiosk.open_form("pin", selected.name, then=self._changed)

    def _changed(self, changed: bool | None) -> None:
        if changed:
            show_message(self.query_one("#operators-message", Static), t("operators.saved"), "info")
            self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
