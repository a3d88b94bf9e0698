"""The cases a name, NIK, KK, card or phone number found on Home: one to open. Numbers are
masked; F9 shows the highlighted family's KK number for a moment, audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.timer import Timer

from kiosk.base.i18n import t
from kiosk.rules import casecode, ids
from screens import keys
from screens.base import add_columns
from screens.form import FormModal
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.search import Hit


def _reveal(session: Session, case_id: int, operator_id: int | None) -> str:
    """The case's KK number in full, the reveal audited."""
    from kiosk.cases import store
    from kiosk.desk import audit

    case = store.case_by_id(session, case_id)
    audit.record(session, "kk_revealed", case_id=case_id, operator_id=operator_id)
    session.commit()
    return case.kk_number


class SearchForm(FormModal):
    MESSAGE_ID = "search-message"
    HINT_KEY = "search.keys"
    BINDINGS = [
        keys.back("cancel", "key.cancel"),
        keys.next_("save", "key.open"),
        keys.key("reveal", "reveal", "key.reveal_kk"),
    ]

    def __init__(self, hits: list[Hit], open_hit: Callable[[Hit], None]) -> None:
        super().__init__()
        self.hits = hits
        self.open_hit = open_hit
        self.revealed: tuple[int, str] | None = None  # (row, KK number) shown in clear
        self._mask_timer: Timer | None = None

    def heading(self) -> str:
        return t("search.title", count=len(self.hits))

    def form(self) -> ComposeResult:
        yield from fitted_table("search-hits")

    def on_mount(self) -> None:
        table = self.query_one("#search-hits", FittedTable)
        add_columns(
            table,
            [(t("col.code"), 9), (t("col.head"), 16), (t("search.col_matched"), 9),
             (t("col.status"), 11), (t("label.kk"), 19)],
        )  # fmt: skip
        self._draw()
        table.focus()

    def _draw(self) -> None:
        table = self.query_one("#search-hits", FittedTable)
        row = table.cursor_row
        table.clear()
        for n, hit in enumerate(self.hits):
            matched = t(hit.matched) + (f": {hit.member}" if hit.member else "")
            kk = (
                ids.group(self.revealed[1])
                if self.revealed and self.revealed[0] == n
                else hit.kk_masked
            )
            table.add_fitted(
                casecode.display(hit.code), (hit.head_name or "-", 16), (matched, 9),
                (t(f"status.{hit.status}"), 11), kk,
            )  # fmt: skip
        table.move_cursor(row=max(0, min(row, len(self.hits) - 1)))

    @on(DataTable.RowSelected, "#search-hits")
    def _chosen(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        row = self.query_one("#search-hits", FittedTable).cursor_row
        self.dismiss(True)
        self.open_hit(self.hits[row])

    def action_reveal(self) -> None:
        row = self.query_one("#search-hits", FittedTable).cursor_row
        operator = self.kiosk.operator
        hit = self.hits[row]

        def shown(kk: str) -> None:
            self.revealed = (row, kk)
            self._draw()
            if self._mask_timer is not None:
                self._mask_timer.stop()
            from kiosk.desk.settings import int_of

            self._mask_timer = self.set_timer(
                int_of(self.kiosk.settings, "reveal_seconds"), self._mask
            )

        self.kiosk.db(_reveal, hit.case_id, operator.id if operator else None, then=shown)

    def _mask(self) -> None:
        self.revealed = None
        self._draw()
