"""What every form shares: a labelled field row, a message line, and the form-modal skeleton.

A form opens over the screen it belongs to; Esc or F3 closes it without saving, F10 saves,
F1 lists its keys, as everywhere in the kiosk.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from kiosk.base.i18n import t
from screens import keys
from screens.base import show_message
from screens.guarded_input import GuardedInput
from screens.host import Host, host
from screens.key_bar import KeyBar
from screens.plain import Label, Static


class FieldRow(Horizontal):
    """A label and its field(s) on one line."""

    def __init__(self, label: str, *fields: Widget, id: str | None = None) -> None:
        super().__init__(Label(label), *fields, classes="row", id=id)


class MessageLine(Static):
    """The line that says what is wrong with what was typed, or what was done."""

    def __init__(self, id: str) -> None:
        super().__init__("", id=id, classes="message")

    def say(self, text: str, kind: str = "error") -> None:
        show_message(self, text, kind)


def date_input(id: str, value: str = "") -> Input:
    """A date typed as HH-BB-TTTT (digits, dashes and slashes only)."""
    return GuardedInput(
        value,
        id=id,
        max_length=10,
        placeholder="HH-BB-TTTT",
        restrict=r"[0-9\-/]*",
        refused="input.date",
    )


def pin_input(id: str) -> Input:
    """A PIN: digits only, never shown, as long as a PIN may be."""
    from kiosk.rules.pin import MAX_PIN

    return GuardedInput(id=id, password=True, max_length=MAX_PIN, restrict=r"[0-9]*")


class FormModal(ModalScreen[bool]):
    """A heading, the form's fields, its message line and keys; dismissed True once saved."""

    TITLE_KEY = ""
    MESSAGE_ID = "form-message"
    HINT_KEY = "member.form_keys"
    BINDINGS = [
        keys.back("cancel", "key.cancel"),
        keys.next_("save", "key.save"),
        # Shown only: the app's own F1 (a priority binding) answers it over any form.
        keys.key("help", "app.help", "key.help"),
    ]

    @property
    def kiosk(self) -> Host:
        return host(self)

    def heading(self) -> str:
        return t(self.TITLE_KEY)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading(), classes="heading")
            yield from self.form()
            yield MessageLine(self.MESSAGE_ID)
            yield Static(t(self.HINT_KEY), classes="hint")
        yield KeyBar()  # this form's own keys, not the screen's beneath

    def form(self) -> ComposeResult:
        yield from ()

    def say(self, text: str, kind: str = "error") -> None:
        self.query_one(f"#{self.MESSAGE_ID}", MessageLine).say(text, kind)

    def action_cancel(self) -> None:
        self.dismiss(False)
