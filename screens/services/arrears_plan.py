"""Arrears, second step: what BPJS bills, the plans open to the family (all at once, or New
REHAB 2.0's instalments), the service penalty and the open question of when cover returns,
said before the family decides; the family's choice and who made it. F7 prints the figures
to take home; F10 records the choice and opens the case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from screens import keys
from screens.base import add_columns, show_message
from screens.field import Field
from screens.form import MessageLine
from screens.plain import Label, Static, literal
from screens.plain_table import DataTable
from screens.step import WalkScreen
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.arrears_case import Figures
    from models import Case


def _load(session: Session, case_id: int) -> tuple[Case, Figures]:
    from kiosk.cases import arrears_case, store

    case = store.case_by_id(session, case_id)
    return case, arrears_case.figures(case)


def _decide(session: Session, case_id: int, plan: str, who: str, operator_id: int) -> int:
    from kiosk.cases import arrears_case, store

    case = arrears_case.decide(session, store.case_by_id(session, case_id), plan, who,
                               operator_id)  # fmt: skip
    return store.row_id(case)


def figure_lines(found: Figures, short: bool = True) -> list[str]:
    """The bill, the plans and what the family must know before choosing (`short`: said in
    fewer words, for the screen; the paper says them whole)."""
    from kiosk.rules import arrears, rates

    lines = [t("arrears.bill", months=found.months, billed=found.billed_months,
               monthly=rates.rupiah(found.monthly_total), persons=found.persons,
               kelas=rates.roman(found.kelas), bill=rates.rupiah(found.bill))]  # fmt: skip
    lines.append(t("arrears.full", amount=rates.rupiah(found.bill + found.monthly_total)))
    if found.rehab_refused:
        lines.append(t(f"arrears.rehab_{found.rehab_refused}", months=found.months))
    else:
        first = found.plan("rehab", clock.today())[0]
        lines.append(t("arrears.rehab_plan", count=found.rehab_count,
                       first=rates.rupiah(first.amount)))  # fmt: skip
    lines.append(t("arrears.cover_short" if short else "arrears.cover_unconfirmed"))
    lines.append(t("arrears.penalty_short" if short else "participation.penalty",
                   **arrears.penalty_terms()))  # fmt: skip
    return lines


class ArrearsPlanScreen(WalkScreen):
    NAME = "arrears_plan"
    TITLE_KEY = "arrears.plan_title"
    TYPED = ("chosen_by",)
    BINDINGS = [
        *WalkScreen.BINDINGS,
        keys.key("print", "print_plan", "key.print_plan"),
        Binding("ctrl+down", "focus_plan", show=False),
    ]

    def body(self) -> ComposeResult:
        yield from self.content()

    def content(self) -> ComposeResult:
        yield Static("", id="arrears-figures", classes="summary")
        yield DataTable(id="arrears-plan", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="row", id="plan-row"):
            with RadioSet(id="plan"):
                yield RadioButton(t("arrears.choice_full"), value=True, id="plan-full")
                yield RadioButton(t("arrears.choice_rehab"), id="plan-rehab")
            yield Label(t("arrears.chosen_by"))
            yield Field(id="chosen_by", max_length=100)
        yield MessageLine("plan-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#arrears-plan", DataTable),
            [(t("arrears.col_n"), 4), (t("arrears.col_due"), 11), (t("arrears.col_arrears"), 14),
             (t("arrears.col_current"), 12), (t("arrears.col_amount"), 14)],
        )  # fmt: skip
        self.query_one("#plan", RadioSet).focus()
        self.kiosk.db(_load, self.draft_id, then=self._show)

    def _show(self, loaded: tuple[Case, Figures]) -> None:
        from kiosk.rules import rates

        case, found = loaded
        self.found = found
        self.query_one("#arrears-figures", Static).update(
            Content("\n").join(map(literal, figure_lines(found)))
        )
        table = self.query_one("#arrears-plan", DataTable)
        table.clear()
        for i in found.plan("rehab" if not found.rehab_refused else "full", clock.today()):
            table.add_row(str(i.number), clock.day_text(i.due_on), rates.rupiah(i.arrears),
                          rates.rupiah(i.current), rates.rupiah(i.amount))  # fmt: skip
        rehab = self.query_one("#plan-rehab", RadioButton)
        rehab.disabled = bool(found.rehab_refused)
        who = self.query_one("#chosen_by", Input)
        if not who.value:
            who.value = case.head_name
        self.restore_typed()

    def say(self, text: str, kind: str = "error") -> None:
        show_message(self.query_one("#plan-message", Static), text, kind)

    def action_focus_plan(self) -> None:
        self.query_one("#arrears-plan", DataTable).focus()

    def on_input_submitted(self) -> None:
        self.action_next()

    def action_print_plan(self) -> None:
        from screens.print_slip import print_arrears

        print_arrears(self, self.draft_id, self.query_one("#plan-message", Static))

    def action_next(self) -> None:
        pressed = self.query_one("#plan", RadioSet).pressed_button
        plan = str(pressed.id)[5:] if pressed is not None else ""
        who = self.query_one("#chosen_by", Input).value
        app = self.kiosk
        app.walk_db(self.draft_id, _decide, self.draft_id, plan, who, app.operator.id,
                    then=self._decided, refused=self.say)  # fmt: skip

    def _decided(self, case_id: int) -> None:
        self.kiosk.go_home()
        self.kiosk.open_form("arrears_case", case_id)
