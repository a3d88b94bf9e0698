"""Cancel a draft or a case: a reason from the list and a note, audited.

Past a draft only a supervisor may cancel (the core refuses others with a message).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.cases.lifecycle import CANCEL_REASONS, CaseStatus
from kiosk.rules import casecode
from screens import keys
from screens.field import Field
from screens.form import FieldRow, FormModal
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session


def _cancel(
    session: Session, case_id: int, reason: str, note: str, operator_id: int, holder: Any
) -> None:
    """Cancel the case; a draft open at another kiosk is refused, with who has it."""
    from kiosk.base.errors import WorkflowError
    from kiosk.cases import drafts, lifecycle, store

    case = store.case_by_id(session, case_id)
    if case.status == CaseStatus.DRAFT:
        other = drafts.claim(session, case_id, holder)
        if other is not None:
            raise WorkflowError(other.problem)
        session.refresh(case)
    lifecycle.cancel(session, case, reason, note, operator_id)


class CancelForm(FormModal):
    MESSAGE_ID = "cancel-message"
    HINT_KEY = "cancel.keys"
    BINDINGS = [
        keys.back("cancel", "key.cancel"),
        keys.next_("save", "key.cancel_case"),
    ]

    def __init__(self, case_id: int, code: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.code = code

    def heading(self) -> str:
        return t("cancel.title", code=casecode.display(self.code))

    def form(self) -> ComposeResult:
        with RadioSet(id="cancel-reason"):
            for n, reason in enumerate(CANCEL_REASONS):
                yield RadioButton(t(f"reason.{reason}"), value=n == 0, id=f"r-{reason}")
        yield FieldRow(t("cancel.note"), Field(id="cancel-note", max_length=300))

    def on_mount(self) -> None:
        self.query_one("#cancel-reason", RadioSet).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        pressed = self.query_one("#cancel-reason", RadioSet).pressed_button
        reason = str(pressed.id)[2:] if pressed is not None else ""
        note = self.query_one("#cancel-note", Input).value
        app = self.kiosk
        app.db(
            _cancel, self.case_id, reason, note, app.operator.id, app.holder(),
            then=self._done, refused=self._done,
        )  # fmt: skip

    def _done(self, error: str | None) -> None:
        if error:
            self.say(error)
            return
        self.dismiss(True)
