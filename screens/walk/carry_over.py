"""A new KK from the civil registry: carry the family's members over from the old KK.

Each member is confirmed by the operator (someone may have left the family); their state
is written as text, `[x]` or `[ ]`, so it reads without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding

from kiosk.base.i18n import t
from kiosk.rules import ids, relations
from screens import keys
from screens.base import add_columns, show_message
from screens.form import MessageLine
from screens.plain import Static
from screens.plain_table import DataTable
from screens.step import WalkScreen
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.drafts import Holder
    from kiosk.registry.lookup import MemberRecord
    from models import Case


def _load(session: Session, kk: str) -> tuple[list[str], list[MemberRecord]]:
    from kiosk.registry.lookup import family_members, replaced_families

    olds = replaced_families(session, kk)
    members = [m for old in olds for m in family_members(session, old.id)]
    return [old.kk_number for old in olds], members


def _carry(
    session: Session, case_id: int | None, kk: str, keep: list[int], operator_id: int, gateway: str,
    holder: Holder,
) -> Case:  # fmt: skip
    from kiosk.cases import household, store

    case = store.case_or_none(session, case_id)
    return household.carry_over(session, kk, keep, operator_id, gateway, case, holder=holder)


class CarryOverScreen(WalkScreen):
    NAME = "carry_over"
    TITLE_KEY = "carry.title"
    BINDINGS = [
        *WalkScreen.BINDINGS,
        Binding("space", "toggle_member", "key.toggle", id="carry.toggle"),
        keys.key("choose", "all", "key.all"),
    ]

    def content(self) -> ComposeResult:
        yield Static("", id="carry-explain", classes="hint")
        yield from fitted_table("carry")
        yield Static("", id="carry-count", classes="summary")
        yield MessageLine("carry-message")

    def on_mount(self) -> None:
        self.members: list = []
        self.keep: set[int] = set()
        add_columns(
            self.query_one("#carry", DataTable),
            [
                (t("col.comes"), 5),
                (t("col.name"), 24),
                (t("label.nik"), 19),
                (t("col.relation"), 16),
            ],
        )
        self.query_one("#carry", DataTable).focus()
        self.kiosk.db(_load, self.kk, then=self._loaded)

    def _loaded(self, loaded: tuple[list[str], list[MemberRecord]]) -> None:
        olds, self.members = loaded
        self.query_one("#carry-explain", Static).update(
            t(
                "carry.explain",
                new=ids.mask_kk(self.kk),
                old=", ".join(ids.mask_kk(k) for k in olds),
            )
        )
        self._show()

    def _show(self) -> None:
        table = self.query_one("#carry", FittedTable)
        row = table.cursor_row
        table.clear()
        for m in self.members:
            mark = "[x]" if m.person_id in self.keep else "[ ]"
            table.add_fitted(
                mark, (m.name, 24), ids.mask_nik(m.nik), (relations.label(m.relation), 16)
            )
        if self.members:
            table.move_cursor(row=min(row, len(self.members) - 1))
        self.query_one("#carry-count", Static).update(
            t("carry.count", kept=len(self.keep), total=len(self.members))
        )

    def action_toggle_member(self) -> None:
        if not self.members:
            return
        member = self.members[self.query_one("#carry", DataTable).cursor_row]
        self.keep ^= {member.person_id}
        self._show()

    def action_all(self) -> None:
        self.keep = {m.person_id for m in self.members}
        self._show()

    def action_next(self) -> None:
        if not self.keep:
            show_message(self.query_one("#carry-message", Static), t("carry.none"))
            return
        self.kiosk.walk_db(
            self.case_id, _carry, self.case_id, self.kk, sorted(self.keep),
            self.kiosk.operator.id, self.kiosk.settings.get("gateway", "manual"),
            self.kiosk.holder(), then=self._carried, refused=self._carried,
        )  # fmt: skip

    def _carried(self, carried: Case | str) -> None:
        if isinstance(carried, str):
            show_message(self.query_one("#carry-message", Static), carried)
            return
        self.go_next(case_id=carried.id)
