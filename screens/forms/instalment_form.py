"""An arrears case's next step, recorded: a payment under the family's plan (the date on its
receipt; today if left as it is), or, once the last is paid, where the operator checked that
cover is back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import casecode, rates
from kiosk.rules.standing import CHANNELS
from screens.form import FieldRow, FormModal, date_input
from screens.plain import Static
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.rules.arrears import Instalment
    from models import Case


def _paid(session: Session, case_id: int, raw: str, operator_id: int) -> None:
    from kiosk.cases import arrears_case, store

    arrears_case.record_payment(session, store.case_by_id(session, case_id), raw, operator_id)


def _back(session: Session, case_id: int, channel: str, operator_id: int) -> None:
    from kiosk.cases import arrears_case, store

    arrears_case.cover_back(session, store.case_by_id(session, case_id), channel, operator_id)


class InstalmentForm(FormModal):
    MESSAGE_ID = "instalment-message"
    HINT_KEY = "instalment.keys"

    def __init__(self, case: Case, due: Instalment | None) -> None:
        super().__init__()
        self.case, self.due = case, due  # no instalment due: the cover check

    def heading(self) -> str:
        key = "instalment.title" if self.due is not None else "instalment.cover_title"
        return t(key, code=casecode.display(self.case.code))

    def form(self) -> ComposeResult:
        if self.due is not None:
            yield Static(t("instalment.due", number=self.due.number, count=self.case.plan_count,
                           date=clock.day_text(self.due.due_on),
                           amount=rates.rupiah(self.due.amount)), id="instalment-due")  # fmt: skip
            yield FieldRow(t("pay.date"),
                           date_input("instalment-date", clock.today().strftime("%d-%m-%Y")))  # fmt: skip
            return
        yield Static(t("instalment.cover_help"))
        with RadioSet(id="instalment-channel"):
            for n, channel in enumerate(CHANNELS):
                yield RadioButton(t(f"channel.{channel}"), value=n == 0, id=f"ch-{channel}")

    def on_mount(self) -> None:
        target = "#instalment-date" if self.due is not None else "#instalment-channel"
        self.query_one(target).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        app = self.kiosk
        if self.due is not None:
            raw = self.query_one("#instalment-date", Input).value
            app.db(_paid, self.case.id, raw, app.operator.id, then=self._done, refused=self.say)
            return
        pressed = self.query_one("#instalment-channel", RadioSet).pressed_button
        channel = str(pressed.id)[3:] if pressed is not None else ""
        app.db(_back, self.case.id, channel, app.operator.id, then=self._done, refused=self.say)

    def _done(self, _: None) -> None:
        self.dismiss(True)
