"""The audit trail for a supervisor: newest first, filtered by case, operator, action or
day, with the chain's state on top (intact, or the first event that breaks it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import casecode
from screens import keys
from screens.base import KioskScreen, add_columns
from screens.field import Field
from screens.form import MessageLine
from screens.plain import Label, Static
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.base.errors import Problem
    from kiosk.desk.audit import ChainCheck
    from models import AuditEvent

    # The events found (each with who and the case code), or why the filter was refused.
    Found = tuple[list[tuple[AuditEvent, str, str]] | Problem, ChainCheck | None]

FILTERS = ("case", "operator", "action", "day")


def _load(session: Session, filters: dict[str, str], check_chain: bool) -> Found:
    """The events matching the filters (or what is wrong with a filter), and the chain's
    state when asked: walking the whole trail is for F5 and opening, not every filter."""
    from kiosk.desk import audit

    found = audit.search(
        session, case=filters["case"], operator=filters["operator"], action=filters["action"],
        day=filters["day"],
    )  # fmt: skip
    return found, audit.verify(session) if check_chain else None


class AuditScreen(KioskScreen):
    TITLE_KEY = "auditview.title"
    BINDINGS = [
        keys.back(),
        keys.key("again", "refresh", "key.refresh"),
    ]

    def body(self) -> ComposeResult:
        with Horizontal(classes="row", id="audit-filters"):
            for name in FILTERS:
                yield Label(t(f"auditview.{name}"))
                yield Field(id=f"audit-{name}", max_length=20)
        yield Static("", id="audit-chain", classes="summary")
        yield from fitted_table("audit-events")
        yield MessageLine("audit-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#audit-events", FittedTable),
            [(t("case.when"), 16), (t("case.who"), 10), (t("col.code"), 9), (t("case.what"), 38)],
        )
        self.query_one("#audit-day", Input).placeholder = "HH-BB-TTTT"
        self.query_one("#audit-case", Input).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load(check_chain=True)

    @on(Input.Submitted)
    def _filtered(self) -> None:
        self._load(check_chain=False)

    def _load(self, check_chain: bool) -> None:
        filters = {name: self.query_one(f"#audit-{name}", Input).value for name in FILTERS}
        self.kiosk.db(_load, filters, check_chain, then=self._show)

    def _show(self, loaded: Found) -> None:
        from kiosk.desk import audit

        found, chain = loaded
        if chain is not None:
            self._show_chain(chain)
        message = self.query_one("#audit-message", MessageLine)
        if isinstance(found, audit.Problem):
            message.say(found.message)
            return
        message.say("")
        table = self.query_one("#audit-events", FittedTable)
        table.clear()
        for event, who, code in found:
            table.add_fitted(
                clock.to_local(event.at).strftime("%d-%m-%Y %H:%M"),
                (who or "-", 10),
                casecode.display(code) if code else "",
                (audit.describe(event.action, event.detail), 38),
            )
        if not found:
            message.say(t("auditview.none"), "info")

    def _show_chain(self, chain: ChainCheck) -> None:
        line = self.query_one("#audit-chain", Static)
        if chain.problem is None:
            head = chain.head_hash[:12]
            line.update(t("auditview.intact", count=chain.checked, seq=chain.head_seq, hash=head))
        else:
            line.update(t("auditview.broken", why=chain.problem.message))

    def action_back(self) -> None:
        self.app.pop_screen()
