"""Login: operator name and PIN. Shown at once; usable as soon as the database is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from kiosk.base.i18n import t
from screens import keys
from screens.base import KioskScreen, show_message
from screens.field import Field
from screens.form import MessageLine, pin_input
from screens.messages import DatabaseReady
from screens.plain import Label, Static

if TYPE_CHECKING:
    from kiosk.desk.operators import LoginResult


class LoginScreen(KioskScreen):
    TITLE_KEY = "login.title"
    BINDINGS = [
        keys.next_("submit", "key.login"),
    ]

    def __init__(self, locked: str = "") -> None:
        """`locked`: why the kiosk was locked ("key", "idle"), or "" at start."""
        super().__init__()
        self.locked = locked

    def body(self) -> ComposeResult:
        with Vertical(id="login-box", classes="box"):
            yield Static(t("login.heading"), classes="heading")
            yield Label(t("login.name"))
            yield Field(id="name", max_length=40)
            yield Label(t("login.pin"))
            yield pin_input("pin")
            yield MessageLine("login-message")
            yield Static("", id="training-hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        if self.locked:
            said = "login.was_locked_key" if self.locked == "key" else "login.was_locked"
            show_message(self.query_one("#login-message", Static), t(said), "info")
        elif not self.kiosk.ready:
            show_message(self.query_one("#login-message", Static), t("login.preparing"), "info")
        self._show_training()

    def _show_training(self) -> None:
        hint = self.query_one("#training-hint", Static)
        hint.update(t("login.training_hint") if self.kiosk.training else "")
        self.query_one("#topbar").refresh_bar()  # type: ignore[attr-defined]

    def on_database_ready(self, _: DatabaseReady) -> None:
        message = self.query_one("#login-message", Static)
        if self.kiosk.load_error:
            show_message(message, self.kiosk.load_error)
            return
        if not self.kiosk.has_operators:
            show_message(message, t("login.no_operators"), "warning")
        elif not self.locked:
            show_message(message, "")
        self._show_training()

    @on(Input.Submitted, "#name")
    def _to_pin(self) -> None:
        self.set_focus(self.query_one("#pin", Input))

    @on(Input.Submitted, "#pin")
    def action_submit(self) -> None:
        message = self.query_one("#login-message", Static)
        if not self.kiosk.ready:
            show_message(message, self.kiosk.load_error or t("login.preparing"), "info")
            return
        name = self.query_one("#name", Input).value
        pin = self.query_one("#pin", Input).value
        if not name.strip():
            show_message(message, t("login.name_empty"))
            self.query_one("#name", Input).focus()
            return
        from kiosk.desk import operators

        self.kiosk.db(operators.login, name, pin, then=self._logged_in)

    def _logged_in(self, result: LoginResult) -> None:
        pin = self.query_one("#pin", Input)
        if result.operator is None:
            refused = result.problem.message if result.problem else t("login.failed")
            show_message(self.query_one("#login-message", Static), refused)
            pin.value = ""
            pin.focus()
            return
        self.kiosk.operator = result.operator
        self.kiosk.show_home()
