"""Take back a payment or a cancellation recorded by mistake: a supervisor says why, and the
case returns to where it was by a correcting event of its own (kiosk.cases.correction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import casecode
from screens.field import Field
from screens.form import FieldRow, FormModal
from screens.plain import Static

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.lifecycle import CaseStatus
    from models import Case


def _target(session: Session, case_id: int) -> CaseStatus:
    from kiosk.cases import correction, store

    return correction.target(session, store.case_by_id(session, case_id))


def _correct(session: Session, case_id: int, reason: str, operator_id: int) -> CaseStatus:
    from kiosk.cases import correction, store

    return correction.correct(session, store.case_by_id(session, case_id), reason, operator_id)


class CorrectForm(FormModal):
    MESSAGE_ID = "correct-message"
    HINT_KEY = "correct.keys"

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case

    def heading(self) -> str:
        return t("correct.title", code=casecode.display(self.case.code))

    def form(self) -> ComposeResult:
        yield Static(t(f"correct.explain_{self.case.status}"), classes="hint")
        yield Static("", id="correct-move")
        yield FieldRow(t("correct.reason"), Field(id="correct-reason", max_length=200))

    def on_mount(self) -> None:
        self.query_one("#correct-reason", Input).focus()
        self.kiosk.db(_target, self.case.id, then=self._show_move, refused=self.say)

    def _show_move(self, back: CaseStatus) -> None:
        self.query_one("#correct-move", Static).update(
            t("correct.move", old=t(f"status.{self.case.status}"), new=t(f"status.{back}"))
        )

    @on(Input.Submitted)
    def action_save(self) -> None:
        reason = self.query_one("#correct-reason", Input).value
        self.kiosk.db(
            _correct, self.case.id, reason, self.kiosk.operator.id,
            then=self._saved, refused=self.say,
        )  # fmt: skip

    def _saved(self, back: CaseStatus) -> None:
        self.dismiss(True)
