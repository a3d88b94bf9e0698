"""An arrears case past its draft: the bill, the family's plan with each payment, and the
check that cover is back; F4 records the next of these, F7 prints the arrears paper, F8
cancels (a supervisor, once money is involved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.cases.lifecycle import CaseStatus
from kiosk.desk import audit
from kiosk.rules import casecode, ids, rates
from screens import keys
from screens.base import KioskScreen, add_columns
from screens.case_history import cancel_case, history_columns, show_history
from screens.form import MessageLine
from screens.plain import Label, Static, literal
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.arrears_case import Figures
    from kiosk.rules.arrears import Instalment
    from models import AuditEvent, Case

    Loaded = tuple[Case, Figures, list[Instalment], list[tuple[AuditEvent, str]]]


def _load(session: Session, case_id: int) -> Loaded:
    from kiosk.cases import arrears_case, store

    case = store.case_by_id(session, case_id)
    return (case, arrears_case.figures(case), arrears_case.plan_of(case),
            audit.history(session, case_id))  # fmt: skip


class ArrearsCaseScreen(KioskScreen):
    TITLE_KEY = "arrears.case_title"
    BINDINGS = [
        keys.back(),
        keys.key("open", "record", "key.record_next"),
        keys.key("print", "print_plan", "key.print_plan"),
        keys.key("cancel", "cancel_case", "key.cancel_case"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None
        self.plan: list[Instalment] = []

    def body(self) -> ComposeResult:
        yield Static("", id="arrears-summary", classes="summary")
        yield DataTable(id="arrears-plan", cursor_type="row", zebra_stripes=True)
        yield Label(t("case.history"))
        yield from fitted_table("arrears-history")
        yield MessageLine("arrears-case-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#arrears-plan", DataTable),
            [(t("arrears.col_n"), 4), (t("arrears.col_due"), 11), (t("arrears.col_amount"), 14),
             (t("arrears.col_state"), 12)],
        )  # fmt: skip
        history_columns(self.query_one("#arrears-history", FittedTable))
        self.query_one("#arrears-plan", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: Loaded) -> None:
        case, found, plan, events = loaded
        self.case, self.plan = case, plan
        self.refresh_bindings()
        lines = [
            t("case.line1", code=casecode.display(case.code), status=t(f"status.{case.status}"),
              head=case.head_name or "-"),
            t("arrears.case_line", kk=ids.mask_kk(case.kk_number), months=found.months,
              persons=found.persons, kelas=rates.roman(found.kelas),
              bill=rates.rupiah(found.bill)),
        ]  # fmt: skip
        if case.plan:
            lines.append(t("arrears.paper_chosen", plan=t(f"arrears.choice_{case.plan}"),
                           who=case.chosen_by, date=clock.day_text(case.plan_start)))  # fmt: skip
        if case.status == CaseStatus.PAID:
            lines.append(t("arrears.check_cover"))
        lines.append(t("arrears.cover_unconfirmed"))
        if case.gateway == "training":
            lines.append(t("confirm.training"))
        self.query_one("#arrears-summary", Static).update(Content("\n").join(map(literal, lines)))
        table = self.query_one("#arrears-plan", DataTable)
        table.clear()
        for i in plan:
            state = t("arrears.paper_paid") if i.number <= case.plan_paid else ""
            table.add_row(str(i.number), clock.day_text(i.due_on), rates.rupiah(i.amount), state)
        show_history(self.query_one("#arrears-history", FittedTable), events)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record":
            return self.case is not None and self.case.status in (
                CaseStatus.VA_ISSUED, CaseStatus.PAID,
            )  # fmt: skip
        if action == "cancel_case":
            from kiosk.cases.lifecycle import CANCELLABLE

            return self.case is not None and self.case.status in CANCELLABLE
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_record(self) -> None:
        from kiosk.cases.arrears_case import next_instalment

        if self.case is None or not self.check_action("record", ()):
            return
        due = next_instalment(self.case) if self.case.status == CaseStatus.VA_ISSUED else None
        self.kiosk.open_form("instalment", self.case, due, then=self._changed)

    def action_print_plan(self) -> None:
        from screens.print_slip import print_arrears

        print_arrears(self, self.case_id, self.query_one("#arrears-case-message", Static))

    def action_cancel_case(self) -> None:
        message = self.query_one("#arrears-case-message", Static)
        cancel_case(self, self.case, message, self._changed)

    def _changed(self, changed: bool | None) -> None:
        if changed:
            self.reload()
