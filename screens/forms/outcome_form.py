"""The answer of the office a family was sent to (Dinsos, the village's SIKS-NG operator, the
regency): covered, refused with the reason, or self-paying after all; audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import casecode
from screens.field import Field
from screens.form import FieldRow, FormModal, date_input
from screens.plain import Select, Static

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import Case


def _save(
    session: Session, case_id: int, outcome: str, note: str, on: str, operator_id: int
) -> Case:
    from kiosk.cases import routes, store

    return routes.record_outcome(session, store.case_by_id(session, case_id), outcome, note, on,
                                 operator_id)  # fmt: skip


class OutcomeForm(FormModal):
    MESSAGE_ID = "outcome-message"

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case

    def heading(self) -> str:
        what = t(f"route.{self.case.route}") if self.case.route else t(f"reason.{self.case.reason}")
        return t("outcome.title", code=casecode.display(self.case.code), route=what)

    def form(self) -> ComposeResult:
        from kiosk.cases.routes import outcomes_for

        referral = not self.case.route
        yield Static(t("outcome.explain_referral" if referral else "outcome.explain"),
                     classes="hint")  # fmt: skip
        answers = [(t(f"outcome.{o}"), o) for o in outcomes_for(self.case)]
        yield FieldRow(t("outcome.answer"), Select(answers, id="outcome", allow_blank=False))
        yield FieldRow(
            t("outcome.on"), date_input("outcome-on", clock.today().strftime("%d-%m-%Y"))
        )
        yield FieldRow(t("outcome.note"), Field(id="outcome-note", max_length=300))

    def on_mount(self) -> None:
        self.query_one("#outcome", Select).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.kiosk.db(
            _save, self.case.id, str(self.query_one("#outcome", Select).value),
            self.query_one("#outcome-note", Input).value,
            self.query_one("#outcome-on", Input).value, self.kiosk.operator.id,
            then=self._saved, refused=self.say,
        )  # fmt: skip

    def _saved(self, case: Case) -> None:
        self.dismiss(True)
