"""Record the family's first payment: the date on their receipt, checked, then confirmed.

F10 checks the date and says what will be recorded (with a warning outside BPJS's 14-30 day
window); F10 again on the same date records it. Nothing changes before that second key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import casecode, rates, timing
from screens.form import FieldRow, FormModal, date_input
from screens.plain import Static
from screens.typed_fields import KeepsTyped

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from kiosk.cases.payment import PaymentCheck
    from models import Case


def _check(session: Session, case_id: int, raw: str) -> PaymentCheck:
    from kiosk.cases import payment, store

    return payment.check(store.case_by_id(session, case_id), raw)


def _record(session: Session, case_id: int, paid: date, operator_id: int) -> None:
    from kiosk.cases import payment, store

    case = store.case_by_id(session, case_id)
    payment.record(session, case, paid, operator_id)


class PaymentForm(KeepsTyped, FormModal):
    MESSAGE_ID = "pay-message"
    HINT_KEY = "pay.keys"
    # The receipt's date as typed survives a crash until it is recorded or given up.
    TYPED = ("pay-date",)
    TYPED_ON_DRAFT = False

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.confirming: date | None = None  # the date the next F10 records
        self.init_typed()

    @property
    def typed_place(self) -> tuple[int | None, str]:
        return self.case.id, "f_pay"

    def heading(self) -> str:
        return t("pay.title", code=casecode.display(self.case.code))

    def form(self) -> ComposeResult:
        registered = timing.registered_on(self.case)
        if registered is not None:
            window = timing.payment_window(registered)
            yield Static(
                t(
                    "pay.window",
                    registered=registered.strftime("%d-%m-%Y"),
                    opens=window.opens.strftime("%d-%m-%Y"),
                    closes=window.closes.strftime("%d-%m-%Y"),
                    amount=rates.rupiah(self.case.monthly_amount),
                ),
                id="pay-window",
            )
        yield FieldRow(
            t("pay.date"),
            date_input("pay-date", clock.today().strftime("%d-%m-%Y")),
        )

    def on_mount(self) -> None:
        self.query_one("#pay-date", Input).focus()
        self.restore_typed()

    @on(Input.Changed, "#pay-date")
    def _date_changed(self) -> None:
        if self.confirming is not None:  # another date: check it again before recording
            self.confirming = None
            self.say("")

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raw = self.query_one("#pay-date", Input).value
        app = self.kiosk
        if self.confirming is not None:
            app.db(
                _record,
                self.case.id,
                self.confirming,
                app.operator.id,
                then=self._recorded,
                refused=self._recorded,
            )
            return
        app.db(_check, self.case.id, raw, then=self._checked)

    def _checked(self, checked: PaymentCheck) -> None:
        if checked.problem is not None or checked.paid is None:
            self.say(checked.problem.message if checked.problem else t("pay.date_unreadable"))
            self.query_one("#pay-date", Input).focus()
            return
        self.confirming = checked.paid
        text = t(
            "pay.confirm",
            date=checked.paid.strftime("%d-%m-%Y"),
            amount=rates.rupiah(self.case.monthly_amount),
        )
        if checked.warning is not None:
            self.say(f"{checked.warning.message} {text}", "warning")
        else:
            self.say(text, "info")

    def _recorded(self, error: str | None) -> None:
        if error:
            self.confirming = None
            self.say(error)
            return
        self.typed_done()
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.typed_done()  # given up on purpose
        self.dismiss(False)
