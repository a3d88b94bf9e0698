"""A modal form with one row per new member of a case: what BPJS sent, what the cards say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from screens.form import FieldRow, FormModal
from screens.plain import Static

if TYPE_CHECKING:
    from models import CaseMember


class PerMemberForm(FormModal):
    """Subclasses name the title and message keys, and build each member's input.

    Enter moves to the next field; F10 saves (the subclass's `action_save`); Esc or F3 closes
    without saving, as everywhere in the kiosk.
    """

    def __init__(self, case_id: int, members: list[CaseMember]) -> None:
        super().__init__()
        self.case_id = case_id
        self.new = [m for m in members if m.is_new]

    def form(self) -> ComposeResult:
        yield from self.fields()
        for m in self.new:
            note = self.member_note(m)
            beside = [Static(note, classes="member-note")] if note else []
            yield FieldRow(m.name[:15], self.member_input(m), *beside)

    def fields(self) -> ComposeResult:
        """Fields for the whole case, above the members' rows."""
        yield from ()

    def member_input(self, member: CaseMember) -> Input:
        raise NotImplementedError

    def member_note(self, member: CaseMember) -> str:
        """Shown beside a member's field, e.g. what the family chose."""
        return ""

    def on_input_submitted(self) -> None:
        self.focus_next()
