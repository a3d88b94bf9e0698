"""Refer the family (KK not found): to the civil registry or the BPJS office, with the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from screens.base import show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.plain import Label, Static
from screens.step import WalkScreen
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import Case


def _refer(
    session: Session, case_id: int | None, kk: str, reason: str, head: str, note: str,
    operator_id: int, gateway: str,
) -> Case:  # fmt: skip
    """The referred case, or what to tell the operator."""
    from kiosk.cases import store, submission

    return submission.refer(session, store.case_or_none(session, case_id), reason, note,
        operator_id, head_name=head, kk_raw=kk, gateway=gateway,
    )  # fmt: skip


class ReferScreen(WalkScreen):
    NAME = "refer"
    TYPED = ("head", "note")
    TITLE_KEY = "refer.title"

    def content(self) -> ComposeResult:
        yield Label(t("refer.where"))
        with RadioSet(id="reason"):
            yield RadioButton(t("refer.dukcapil"), value=True, id="kk_not_found_dukcapil")
            yield RadioButton(t("refer.bpjs"), id="kk_not_found_bpjs")
        yield FieldRow(
            t("refer.head"),
            Field(id="head", max_length=100),
        )
        yield FieldRow(
            t("refer.note"),
            Field(id="note", max_length=300),
        )
        yield MessageLine("refer-message")
        yield Static(t("refer.help"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#reason", RadioSet).focus()
        self.restore_typed()

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_next(self) -> None:
        pressed = self.query_one("#reason", RadioSet).pressed_button
        head = self.query_one("#head", Input).value
        if not head.strip():
            show_message(self.query_one("#refer-message", Static), t("refer.head_empty"))
            self.query_one("#head", Input).focus()
            return
        reason = pressed.id if pressed is not None else "kk_not_found_dukcapil"
        note = self.query_one("#note", Input).value
        self.kiosk.walk_db(
            self.case_id, _refer, self.case_id, self.kk, reason, head, note,
            self.kiosk.operator.id, self.kiosk.settings.get("gateway", "manual"),
            then=self._done, refused=self._done,
        )  # fmt: skip

    def _done(self, referred: Case | str) -> None:
        if isinstance(referred, str):
            show_message(self.query_one("#refer-message", Static), referred)
            return
        self.go("done", case_id=referred.id, reason="print")
