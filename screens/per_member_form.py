"""A modal form with one row per new member of a case: what BPJS sent, what the cards say."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from kiosk.i18n import t
from screens.base import KioskFooter


class PerMemberForm(ModalScreen[bool]):
    """Subclasses name the title and message keys, and build each member's input.

    Enter moves to the next field; F10 saves (the subclass's `action_save`); Esc or F3 closes
    without saving, as everywhere in the kiosk.
    """

    TITLE_KEY = ""
    MESSAGE_ID = ""

    def __init__(self, case_id: int, members: list) -> None:
        super().__init__()
        self.case_id = case_id
        self.new = [m for m in members if m.is_new]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t(self.TITLE_KEY), classes="heading")
            yield from self.fields()
            for m in self.new:
                with Horizontal(classes="row"):
                    yield Label(m.name[:15])
                    yield self.member_input(m)
                    note = self.member_note(m)
                    if note:
                        yield Static(note, classes="member-note")
            yield Static("", id=self.MESSAGE_ID, classes="message")
            yield Static(t("member.form_keys"), classes="hint")
        yield KioskFooter(compact=True)  # this form's own keys, not the screen's beneath

    def fields(self) -> ComposeResult:
        """Fields for the whole case, above the members' rows."""
        yield from ()

    def member_input(self, member) -> Input:
        raise NotImplementedError

    def member_note(self, member) -> str:
        """Shown beside a member's field, e.g. what the family chose."""
        return ""

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(False)
