"""A new PIN: a supervisor's reset for someone who forgot theirs, or an operator changing
their own (the old PIN first). Typed twice, never shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from screens.form import FieldRow, FormModal, pin_input

if TYPE_CHECKING:
    from sqlmodel import Session


def _reset(session: Session, name: str, pin: str, by: int) -> None:
    from kiosk.desk import operators

    operators.reset_pin(session, name, pin, by)


def _change(session: Session, operator_id: int, old: str, new: str) -> None:
    from kiosk.desk import operators

    operators.change_pin(session, operator_id, old, new)


class PinForm(FormModal):
    MESSAGE_ID = "pin-message"
    HINT_KEY = "member.form_keys"

    def __init__(self, name: str | None = None) -> None:
        super().__init__()
        self.target = name  # None: the operator's own PIN

    def heading(self) -> str:
        if self.target is None:
            return t("pin.change_title")
        return t("pin.reset_title", name=self.target)

    def form(self) -> ComposeResult:
        if self.target is None:
            yield FieldRow(t("pin.old"), pin_input("pin-old"))
        yield FieldRow(t("pin.new"), pin_input("pin-new"))
        yield FieldRow(t("pin.again"), pin_input("pin-again"))

    def on_mount(self) -> None:
        self.query_one("#pin-old" if self.target is None else "#pin-new", Input).focus()

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        new, again = (
            self.query_one("#pin-new", Input).value,
            self.query_one("#pin-again", Input).value,
        )
        if new != again:
            self.say(t("cli.operator.pin_differs"))
            self.query_one("#pin-again", Input).value = ""
            self.query_one("#pin-again", Input).focus()
            return
        app = self.kiosk
        me = app.operator.id
        if self.target is None:
            old = self.query_one("#pin-old", Input).value
            app.db(_change, me, old, new, then=self._saved, refused=self._saved)
        else:
            app.db(_reset, self.target, new, me, then=self._saved, refused=self._saved)

    def _saved(self, error: str | None) -> None:
        if error:
            self.say(error)
            return
        self.dismiss(True)
