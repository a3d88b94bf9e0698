"""A data update past its draft: what was asked of BPJS and how; F4 once the change shows at
BPJS, F7 prints the request, F8 cancels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.cases.lifecycle import CaseStatus
from kiosk.desk import audit
from kiosk.rules import casecode, ids
from screens import keys
from screens.base import KioskScreen, add_columns, show_message
from screens.form import MessageLine
from screens.plain import Label, Static, literal
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import AuditEvent, Case

    Loaded = tuple[Case, list[tuple[AuditEvent, str]]]


def _load(session: Session, case_id: int) -> Loaded:
    from kiosk.cases import store

    return store.case_by_id(session, case_id), audit.history(session, case_id)


def _done(session: Session, case_id: int, operator_id: int) -> None:
    from kiosk.cases import data_update, store

    data_update.done(session, store.case_by_id(session, case_id), operator_id)


class DataUpdateCaseScreen(KioskScreen):
    TITLE_KEY = "update.case_title"
    BINDINGS = [
        keys.back(),
        keys.key("open", "done", "key.update_done"),
        keys.key("print", "print_request", "key.print_request"),
        keys.key("cancel", "cancel_case", "key.cancel_case"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="update-summary", classes="summary")
        yield Label(t("case.history"))
        yield from fitted_table("update-history")
        yield MessageLine("update-case-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#update-history", DataTable),
            [(t("case.when"), 16), (t("case.what"), 44), (t("case.who"), 10)],
        )
        self.query_one("#update-history", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: Loaded) -> None:
        case, events = loaded
        self.case = case
        self.refresh_bindings()
        lines = [
            t("case.line1", code=casecode.display(case.code), status=t(f"status.{case.status}"),
              head=case.head_name or "-"),
            t("update.case_kk", kk=ids.mask_kk(case.kk_number),
              channel=t(f"channel.{case.channel}") if case.channel else "-"),
        ]  # fmt: skip
        for key, value in (("update.phone", ids.format_phone(case.phone)),
                           ("update.email", case.email), ("update.address", case.new_address)):  # fmt: skip
            if value:
                lines.append(f"{t(key)}: {value}")
        if case.status == CaseStatus.SUBMITTED:
            lines.append(t("update.check_it"))
        if case.outcome_on is not None:
            lines.append(t("update.done_on", date=clock.day_text(case.outcome_on)))
        if case.gateway == "training":
            lines.append(t("confirm.training"))
        self.query_one("#update-summary", Static).update(Content("\n").join(map(literal, lines)))
        history = self.query_one("#update-history", FittedTable)
        history.clear()
        for e, who in events:
            history.add_fitted(clock.to_local(e.at).strftime("%d-%m-%Y %H:%M"),
                               (audit.describe(e.action, e.detail), 44), who)  # fmt: skip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "cancel_case"):
            return self.case is not None and self.case.status == CaseStatus.SUBMITTED
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_done(self) -> None:
        if self.case is None or not self.check_action("done", ()):
            return
        app = self.kiosk
        app.db(_done, self.case_id, app.operator.id, then=lambda _: self.reload(),
               refused=lambda said: show_message(self.query_one("#update-case-message", Static),
                                                 said))  # fmt: skip

    def action_print_request(self) -> None:
        from screens.print_slip import print_update

        print_update(self, self.case_id, self.query_one("#update-case-message", Static))

    def action_cancel_case(self) -> None:
        from kiosk.cases.lifecycle import cancel_refused

        if self.case is None:
            return
        refused = cancel_refused(self.case.status, self.kiosk.operator.role)
        if refused is not None:
            show_message(self.query_one("#update-case-message", Static), refused.message)
            return
        self.kiosk.open_form("cancel", self.case_id, self.case.code, then=self._changed)

    def _changed(self, changed: bool | None) -> None:
        if changed:
            self.reload()
