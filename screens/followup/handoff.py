"""Hand-off to BPJS: every field BPJS's registration asks, in its order, in clear on this
screen only (opening it is audited, as a reveal is); Enter copies the field under the cursor
to the system clipboard, ticks it and moves on; F4 records what BPJS sent back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult

from kiosk.base.i18n import t
from kiosk.rules import ids
from screens import keys
from screens.base import KioskScreen, add_columns, show_message
from screens.form import MessageLine
from screens.plain import Static
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.handoff import HandoffField
    from kiosk.papers.printing import PrintResult
    from models import Case, CaseMember

    Opened = tuple[Case, list[HandoffField], set[str], list[CaseMember]]


def _open(session: Session, case_id: int, operator_id: int) -> Opened:
    from kiosk.cases import handoff, store

    case = store.case_by_id(session, case_id)
    found = handoff.open_handoff(session, case, operator_id)
    return case, found, handoff.done(case), store.members_of(session, case)


def _tick(session: Session, case_id: int, key: str) -> set[str]:
    from kiosk.cases import handoff, store

    return handoff.tick(session, store.case_by_id(session, case_id), key)


def _office_form(
    session: Session, case_id: int, printer: str, operator_id: int | None
) -> PrintResult:
    from kiosk.cases import store
    from kiosk.papers import office_form
    from kiosk.papers.issue import issue

    case = store.case_by_id(session, case_id)
    path = office_form.save(session, case)
    return issue(session, f"office_form {case.code}", path, printer, operator_id)


def masked(field: HandoffField) -> str:
    """A value as any other screen shows it: personal numbers masked, words as they are."""
    kind = field.key.split(":")[0]
    mask = {"kk": ids.mask_kk, "nik": ids.mask_nik, "account": ids.mask_account}.get(kind)
    return mask(field.value) if mask and field.value else field.value


class HandoffScreen(KioskScreen):
    TITLE_KEY = "handoff.title"
    BINDINGS = [
        keys.back(),
        keys.key("choose", "copy", "key.copy"),
        keys.key("open", "answer", "key.bpjs_answer"),
        keys.key("reveal", "reveal", "key.reveal"),
        keys.key("print", "office_form", "key.office_form"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.fields: list[HandoffField] = []
        self.ticked: set[str] = set()
        self.members: list = []
        self.clear = False  # the values are shown in clear (opened, audited)
        self.form_asked = False  # F7 pressed once: the office form's whole numbers were said

    def body(self) -> ComposeResult:
        yield Static(t("handoff.explain"), classes="hint")
        yield from fitted_table("handoff")
        yield MessageLine("handoff-message")
        yield Static(t("handoff.reminders"), classes="hint")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#handoff", DataTable),
            [("", 3), (t("handoff.col.field"), 22), (t("handoff.col.value"), 34),
             (t("handoff.col.member"), 16)],
        )  # fmt: skip
        self.query_one("#handoff", DataTable).focus()
        self.action_reveal()

    def action_reveal(self) -> None:
        self.kiosk.db(_open, self.case_id, self.kiosk.operator.id, then=self._opened,
                      refused=self._say)  # fmt: skip

    def _say(self, text: str | None) -> None:
        show_message(self.query_one("#handoff-message", Static), text or "")

    def _opened(self, opened: Opened) -> None:
        _, self.fields, self.ticked, self.members = opened
        self.clear = True
        self._draw()
        # Where the operator stopped: the first field not copied yet.
        table = self.query_one("#handoff", DataTable)
        first = next((n for n, f in enumerate(self.fields) if f.key not in self.ticked), 0)
        table.move_cursor(row=first)
        self.refresh_bindings()

    def _draw(self) -> None:
        table = self.query_one("#handoff", FittedTable)
        row = table.cursor_row
        table.clear()
        for f in self.fields:
            value = f.value if self.clear else masked(f)
            table.add_fitted(
                "[x]" if f.key in self.ticked else "[ ]", (t(f.label), 22),
                (value or t("handoff.empty"), 34), (f.member, 16),
            )  # fmt: skip
        if self.fields:
            table.move_cursor(row=min(row, len(self.fields) - 1))

    def on_screen_suspend(self) -> None:
        # Another screen over this one (help, a form): nothing stays in clear beneath it.
        if self.clear:
            self.clear = False
            self._draw()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.clear
        if action == "copy":
            return self.clear and bool(self.fields)
        return True

    @on(DataTable.RowSelected, "#handoff")
    def action_copy(self) -> None:
        if not self.clear or not self.fields:
            self._say(t("handoff.reveal_first"))
            return
        row = self.query_one("#handoff", DataTable).cursor_row
        field = self.fields[row]
        if not field.value:
            self._say(t("handoff.nothing", field=t(field.label)))
            return
        from screens.clipboard import to_clipboard

        to_clipboard(self, field.value)
        self._say(t("handoff.copied", field=t(field.label)))
        self.kiosk.db(_tick, self.case_id, field.key, then=self._ticked)

    def _ticked(self, ticked: set[str]) -> None:
        self.ticked = ticked
        table = self.query_one("#handoff", DataTable)
        row = table.cursor_row
        self._draw()
        table.move_cursor(row=min(row + 1, len(self.fields) - 1))

    def action_office_form(self) -> None:
        """BPJS's form filled in for the office. It prints NIKs and numbers whole: said on
        the first press, made on the second."""
        message = self.query_one("#handoff-message", Static)
        if not self.form_asked:
            self.form_asked = True
            show_message(message, t("handoff.office_form_warn"), "warning")
            return
        self.form_asked = False
        from screens.print_slip import print_job

        print_job(self, message, _office_form, self.case_id)

    def action_answer(self) -> None:
        self.kiosk.open_form("bpjs_answer", self.case_id, self.members, then=self._answered)

    def _answered(self, changed: bool | None) -> None:
        if changed:
            self._say(t("handoff.answered"))

    def action_back(self) -> None:
        self.app.pop_screen()
