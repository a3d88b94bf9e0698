"""Add an operator: a name, a role and a PIN typed twice (never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from screens.field import Field
from screens.form import FieldRow, FormModal, pin_input
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session


def _add(session: Session, name: str, pin: str, role: str, by: int) -> None:
    from kiosk.desk import operators

    operators.add(session, name, pin, role, by)


class OperatorForm(FormModal):
    TITLE_KEY = "operators.add_title"
    MESSAGE_ID = "operator-message"
    HINT_KEY = "member.form_keys"

    def form(self) -> ComposeResult:
        yield FieldRow(t("operators.name"), Field(id="op-name", max_length=40))
        with RadioSet(id="op-role"):
            yield RadioButton(t("operators.role_operator"), value=True, id="role-operator")
            yield RadioButton(t("operators.role_supervisor"), id="role-supervisor")
        yield FieldRow(t("pin.new"), pin_input("op-pin"))
        yield FieldRow(t("pin.again"), pin_input("op-pin2"))

    def on_mount(self) -> None:
        self.query_one("#op-name", Input).focus()

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        pin, again = self.query_one("#op-pin", Input).value, self.query_one("#op-pin2", Input).value
        if pin != again:
            self.say(t("cli.operator.pin_differs"))
            self.query_one("#op-pin2", Input).focus()
            return
        pressed = self.query_one("#op-role", RadioSet).pressed_button
        role = str(pressed.id)[5:] if pressed is not None else "operator"
        name = self.query_one("#op-name", Input).value
        app = self.kiosk
        app.db(_add, name, pin, role, app.operator.id, then=self._saved, refused=self._saved)

    def _saved(self, error: str | None) -> None:
        if error:
            self.say(error)
            return
        self.dismiss(True)
