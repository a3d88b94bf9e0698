"""A modal form with one row per new member of a case: what BPJS sent, what the cards say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from screens.form import FieldRow, FormModal
from screens.plain import Static
from screens.typed_fields import KeepsTyped

if TYPE_CHECKING:
    from models import CaseMember


class PerMemberForm(KeepsTyped, FormModal):
    """Subclasses name the title and message keys, and build each member's input.

    Enter moves to the next field; F10 saves (the subclass's `action_save`); Esc or F3 closes
    without saving, as everywhere in the kiosk. What is typed (a 16-digit VA, thirteen-digit
    cards read off a letter) is kept until saved or given up: a crash loses none of it.
    """

    TYPED_ON_DRAFT = False
    TYPED_STEP = ""  # where the case keeps this form's typed text
    CASE_FIELDS: tuple[str, ...] = ()  # the fields above the members' rows

    def __init__(self, case_id: int, members: list[CaseMember]) -> None:
        super().__init__()
        self.case_id = case_id
        self.new = [m for m in members if m.is_new]
        self.init_typed()
        self.TYPED = (*self.CASE_FIELDS, *(self.member_field(m) for m in self.new))

    @property
    def typed_place(self) -> tuple[int | None, str]:
        return self.case_id, self.TYPED_STEP

    def member_field(self, member: CaseMember) -> str:
        """The id of the member's input."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.restore_typed()

    def saved(self) -> None:
        """Saved: nothing typed is to be brought back."""
        self.typed_done()
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.typed_done()  # given up on purpose
        self.dismiss(False)

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
