"""A member already in JKN (often PBI whose card never arrived): their card number and segment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules.reference import ANY_SEGMENT
from screens import keys
from screens.form import FieldRow, FormModal
from screens.plain import Select, Static

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import CaseMember


def _save(
    session: Session, case_id: int, member_id: int, card: str, segment: str, operator_id: int
) -> None:
    from kiosk.cases import membership, store

    def save() -> None:
        case = store.case_by_id(session, case_id)
        member = store.member_by_id(session, case, member_id)
        membership.set_covered(session, case, member, card, segment, operator_id)

    save()


def _set_new(session: Session, case_id: int, member_id: int) -> None:
    from kiosk.cases import membership, store

    def set_new() -> None:
        case = store.case_by_id(session, case_id)
        membership.set_new(session, case, store.member_by_id(session, case, member_id))

    set_new()


class CoveredForm(FormModal):
    """Opened with F6 on a member: mark them as already in JKN, fix their card number, or
    (F8) register them as new after all."""

    MESSAGE_ID = "covered-message"
    BINDINGS = [keys.key("cancel", "register_new", "key.register_new")]

    def __init__(self, case_id: int, member: CaseMember) -> None:
        super().__init__()
        self.case_id = case_id
        self.member = member

    def heading(self) -> str:
        return t("covered.title", name=self.member.name)

    def form(self) -> ComposeResult:
        yield Static(t("covered.explain"), classes="hint")
        # The segment above the card number: its list opens inside the form's box.
        segments = Select([(s, s) for s in ANY_SEGMENT], id="segment", allow_blank=False)
        yield FieldRow(t("covered.segment"), segments)
        card = Input(
            id="card", max_length=20, restrict=r"[0-9 .\-]*", placeholder="0001 2345 67890"
        )
        yield FieldRow(t("label.card"), card)

    def on_mount(self) -> None:
        card = self.query_one("#card", Input)
        card.value = self.member.existing_card
        self.query_one("#segment", Select).value = self.member.segment or "PBI-APBN"
        card.focus()

    @on(Input.Submitted, "#card")
    def action_save(self) -> None:
        card = self.query_one("#card", Input).value
        segment = str(self.query_one("#segment", Select).value)
        self.kiosk.walk_db(
            self.case_id,
            _save,
            self.case_id,
            self.member.id,
            card,
            segment,
            self.kiosk.operator.id,
            then=self._saved,
            refused=self._saved,
        )

    def _saved(self, error: str | None) -> None:
        if error:
            self.say(error)
            self.query_one("#card", Input).focus()
            return
        self.dismiss(True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "register_new":
            return not self.member.is_new  # marked as having a card: undo that
        return True

    def action_register_new(self) -> None:
        self.kiosk.walk_db(
            self.case_id,
            _set_new,
            self.case_id,
            self.member.id,
            then=self._saved,
            refused=self._saved,
        )
