"""Routes: when self-paying is not the family's only way back into JKN (a member inactive, a
poor household by its DTSEN desil, a regency that covers its residents), the routes that
apply with their reasons; the family chooses, and who chose is recorded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from screens.base import add_columns, show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.plain import Static
from screens.plain_table import DataTable
from screens.step import WalkScreen
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.routes import Triage
    from models import Case


def _load(session: Session, case_id: int) -> tuple[Case, Triage]:
    from kiosk.cases import routes, store

    case = store.case_by_id(session, case_id)
    return case, routes.triage(session, case)


def _desil(session: Session, case_id: int, raw: str, operator_id: int) -> int:
    from kiosk.cases import routes, store

    return routes.record_desil(session, store.case_by_id(session, case_id), raw, operator_id)


def _choose(
    session: Session, case_id: int, route: str, chosen_by: str, note: str, operator_id: int
) -> Case:
    from kiosk.cases import routes, store

    return routes.choose(session, store.case_by_id(session, case_id), route, chosen_by, note,
                         operator_id)  # fmt: skip


def situation_lines(found: Triage) -> list[str]:
    """Why the family is here: its inactive members, its desil, its regency's UHC status."""
    from kiosk.rules import routes, standing

    today = clock.today()
    lines = []
    for member, claim in found.inactive:
        line = t("route.inactive_line", name=member.name, segment=claim.segment,
                 since=clock.day_text(claim.inactive_since, "?"))  # fmt: skip
        if claim.inactive_since and not standing.reactivation_open(claim.inactive_since, today):
            until = standing.reactivation_until(claim.inactive_since)
            line += " " + t("route.window_closed", until=clock.day_text(until))
        lines.append(line)
    if found.desil is None:
        lines.append(t("route.desil_unknown"))
    else:
        lines.append(t("route.desil_line", desil=found.desil, source=found.desil_source or "-",
                       date=clock.day_text(found.desil_as_of, "?")))  # fmt: skip
    if found.uhc:
        lines.append(routes.uhc_words(found.uhc, found.uhc_verified_on, today))
    else:
        lines.append(t("route.uhc_unset"))
    return lines


class RoutesScreen(WalkScreen):
    NAME = "routes"
    TITLE_KEY = "route.title"
    TYPED = ("chosen_by", "note", "desil")

    def content(self) -> ComposeResult:
        yield Static("", id="situation", classes="summary")
        yield from fitted_table("routes")
        yield FieldRow(
            t("route.chosen_by"),
            Field(id="chosen_by", max_length=100),
            Field(id="desil", max_length=8, placeholder=t("route.desil_field")),
        )
        yield FieldRow(t("route.note"), Field(id="note", max_length=300))
        yield MessageLine("routes-message")
        yield Static(t("route.help"), classes="hint")

    def on_mount(self) -> None:
        self.offers: list = []
        add_columns(
            self.query_one("#routes", DataTable), [(t("col.route"), 30), (t("col.why"), 44)]
        )
        self.query_one("#routes", DataTable).focus()
        self.restore_typed()
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.draft_id, then=self._show)

    def _show(self, loaded: tuple[Case, Triage]) -> None:
        case, found = loaded
        self.offers = found.offers
        self.query_one("#situation", Static).update("\n".join(situation_lines(found)))
        table = self.query_one("#routes", FittedTable)
        row = table.cursor_row
        table.clear()
        for offer in found.offers:
            params = {k: clock.day_text(v) if isinstance(v, date) else v
                      for k, v in offer.params.items()}  # fmt: skip
            table.add_fitted((t(f"route.{offer.route}"), 30), (t(offer.reason, **params), 44))
        table.move_cursor(row=min(row, len(found.offers) - 1))
        chosen_by = self.query_one("#chosen_by", Input)
        if not chosen_by.value:
            chosen_by.value = case.head_name  # the head, unless a guardian chose

    @on(Input.Submitted, "#desil")
    def _save_desil(self) -> None:
        raw = self.query_one("#desil", Input).value
        self.kiosk.walk_db(self.draft_id, _desil, self.draft_id, raw, self.kiosk.operator.id,
                           then=self._desil_saved, refused=self._say)  # fmt: skip

    def _desil_saved(self, desil: int) -> None:
        self._say("")
        self.reload()

    def _say(self, text: str | None) -> None:
        show_message(self.query_one("#routes-message", Static), text or "")

    def action_next(self) -> None:
        if not self.offers:
            return
        offer = self.offers[self.query_one("#routes", DataTable).cursor_row]
        chosen_by = self.query_one("#chosen_by", Input).value
        note = self.query_one("#note", Input).value
        self.kiosk.walk_db(
            self.draft_id, _choose, self.draft_id, offer.route, chosen_by, note,
            self.kiosk.operator.id, then=self._chosen, refused=self._say,
        )  # fmt: skip

    def _chosen(self, case: Case) -> None:
        from kiosk.cases.lifecycle import CaseStatus

        self.typed_done()  # chosen: the name and note typed here are the case's now
        if case.status == CaseStatus.ROUTED:
            self.go("done", reason="print")  # the letter, on paper, for the office
        else:
            self.go("fktp")
