"""Member review: everyone on the KK registers together; members already in JKN keep their cover."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from kiosk.base import clock
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

    from models import Case, CaseMember


def _load(session: Session, case_id: int) -> tuple[Case, list[CaseMember]]:
    from kiosk.cases import store

    case = store.case_by_id(session, case_id)
    return case, store.members_of(session, case)


def _finish(session: Session, case_id: int) -> None:
    from kiosk.cases import membership, store

    membership.finish_members(session, store.case_by_id(session, case_id))


def _revealed(session: Session, case_id: int, operator_id: int) -> None:
    from kiosk.desk import audit

    audit.record(session, "nik_revealed", case_id=case_id, operator_id=operator_id)
    session.commit()


class MembersScreen(WalkScreen):
    NAME = "members"
    TITLE_KEY = "members.title"
    BINDINGS = [
        *WalkScreen.BINDINGS,
        keys.key("new", "add", "key.add_member"),
        keys.key("choose", "covered", "key.covered"),
        keys.key("open", "edit", "key.edit"),
        keys.key("reveal", "reveal", "key.reveal"),
    ]

    def content(self) -> ComposeResult:
        yield Static("", id="family", classes="summary")
        yield from fitted_table("members")
        yield MessageLine("members-message")

    def on_mount(self) -> None:
        self.members: list = []
        self.reveal = False
        table = self.query_one("#members", DataTable)
        add_columns(
            table,
            [
                (t("col.name"), 18),
                (t("label.nik"), 19),
                (t("col.relation"), 10),
                (t("col.age_sex"), 7),
                (t("col.jkn"), 15),
            ],
        )
        table.focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one load, and again after every form.
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: tuple[Case, list[CaseMember]]) -> None:
        case, members = loaded
        self.members = members
        table = self.query_one("#members", FittedTable)
        row = table.cursor_row
        table.clear()
        for m in members:
            if m.is_new and m.segment:
                status = t("members.reported", segment=m.segment)  # BPJS says already registered
            elif m.is_new:
                status = t("members.new")
            elif m.existing_card:
                status = f"{m.segment} {ids.mask_card(m.existing_card)[-5:]}"
            else:
                status = t("members.card_needed", segment=m.segment)
            nik = ids.group(m.nik) if self.reveal else ids.mask_nik(m.nik)
            years = f"{clock.age(m.birth_date)} {m.sex}"
            table.add_fitted((m.name, 18), nik, (relations.label(m.relation), 10), years, status)
        if members:
            table.move_cursor(row=min(row, len(members) - 1))
        self.refresh_bindings()
        new = sum(1 for m in members if m.is_new)
        self.query_one("#family", Static).update(
            t(
                "members.family",
                kk=ids.mask_kk(case.kk_number),
                count=len(members),
                new=new,
                covered=len(members) - new,
            )
        )
        if case.reason == "already_registered":
            show_message(
                self.query_one("#members-message", Static), t("members.already"), "warning"
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("covered", "edit", "reveal"):
            return self._current() is not None
        return True

    def _current(self) -> CaseMember | None:
        if not getattr(self, "members", None):
            return None
        return self.members[self.query_one("#members", DataTable).cursor_row]

    def action_add(self) -> None:
        self.kiosk.open_form("member", self.draft_id, then=self._after_form)

    def action_edit(self) -> None:
        member = self._current()
        if member is not None:
            self.kiosk.open_form("member", self.draft_id, member, then=self._after_form)

    def action_covered(self) -> None:
        member = self._current()
        if member is not None:
            self.kiosk.open_form("covered", self.draft_id, member, then=self._after_form)

    def _after_form(self, changed: bool | None) -> None:
        if changed:
            show_message(self.query_one("#members-message", Static), "")
            self.reload()

    def on_screen_suspend(self) -> None:
        # Full NIKs never stay on screen once the operator moves on.
        self.reveal = False

    def action_reveal(self) -> None:
        self.reveal = not self.reveal
        if self.reveal:
            self.kiosk.db(_revealed, self.case_id, self.kiosk.operator.id)
        self.reload()

    def action_next(self) -> None:
        self.kiosk.walk_db(
            self.case_id, _finish, self.case_id, then=self._finished, refused=self._finished
        )

    def _finished(self, error: str | None) -> None:
        if error:
            show_message(self.query_one("#members-message", Static), error)
            return
        self.go_next()
