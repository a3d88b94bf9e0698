"""Done: the case code, status, VA and monthly amount; the slip; the next family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.cases.lifecycle import CaseStatus
from kiosk.rules import casecode, ids, rates
from screens import keys
from screens.form import MessageLine
from screens.plain import Static, literal, styled
from screens.step import WalkScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.choices import FktpChoice
    from models import Case


def _load(session: Session, case_id: int) -> tuple[Case, int, list[FktpChoice]]:
    from kiosk.cases import choices, membership, store

    case = store.case_by_id(session, case_id)
    members = membership.new_members(store.members_of(session, case))
    return case, len(members), choices.fktp_choices(session, case)


class DoneScreen(WalkScreen):
    NAME = "done"
    TITLE_KEY = "done.title"
    BINDINGS = [
        keys.next_(show=False),
        keys.key("print", "slip", "key.slip"),
        keys.key("print", "note", "key.referral_note"),
        keys.key("new", "next_family", "key.next_family"),
        keys.key("reveal", "handoff", "key.handoff"),
        keys.back("home", "key.home"),
        keys.key("copy", "copy", "key.copy"),
    ]

    def body(self) -> ComposeResult:
        with Vertical(id="done-box", classes="box"):
            yield Static("", id="done-summary")
        yield MessageLine("done-message")

    def on_mount(self) -> None:
        self.case: Case | None = None
        self.referred: bool | None = None  # known once loaded: a slip or a referral note
        self.status = ""
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: tuple[Case, int, list[FktpChoice]]) -> None:
        case, new, facilities = loaded
        self.case = case
        self.status = case.status
        # A referral note or a route's letter instead of a payment slip.
        self.referred = case.status in (CaseStatus.REFERRED, CaseStatus.ROUTED)
        lines = [
            styled("done.code", code=casecode.display(case.code)),
            t("done.status", status=t(f"status.{case.status}")),
        ]
        if case.status == CaseStatus.ROUTED:
            lines.append(t("done.routed", route=t(f"route.{case.route}")))
            lines.append(t("done.routed_next", date=clock.day_text(case.follow_up_on)))
        elif self.referred:
            lines.append(t("done.referred", reason=t(f"reason.{case.reason}")))
            lines.append(t("done.referred_next"))
        else:
            va = ids.format_va(case.va_number) if case.va_number else t("done.va_waiting")
            lines.append(styled("done.va", va=va))
            lines.append(t("done.amount", amount=rates.rupiah(case.monthly_amount), new=new))
            if len(facilities) == 1:
                lines.append(t("done.fktp", fktp=f"{facilities[0].name} ({facilities[0].code})"))
            for choice in facilities if len(facilities) > 1 else ():
                # Chosen per member: each facility with the members it was chosen for.
                names = ", ".join(n.split()[0] for n in choice.members)
                lines.append(t("done.fktp_for", fktp=choice.name, code=choice.code, names=names))
            lines.append(t("done.timing"))
        if case.gateway == "training":
            lines.append(t("confirm.training"))
        self.query_one("#done-summary", Static).update(Content("\n").join(map(literal, lines)))
        self.refresh_bindings()
        if self.referred and self.reason == "print":
            self.action_note()  # F10 on the referral screen promised the note on paper

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "handoff":
            from kiosk.cases.handoff import HANDOFF_STATUSES

            return self.status in HANDOFF_STATUSES
        if action == "slip":
            return self.referred is False
        if action == "note":
            return self.referred is True
        return True

    def action_copy(self) -> None:
        if self.case is None:  # not loaded yet
            return
        from kiosk.cases.share import family_message
        from screens.clipboard import copy_for_family

        message = self.query_one("#done-message", Static)
        copy_for_family(self, message, family_message(self.case))

    def action_note(self) -> None:
        self.action_slip()

    def action_slip(self) -> None:
        from screens.print_slip import make_and_print

        make_and_print(self, self.draft_id, self.query_one("#done-message", Static))

    def action_handoff(self) -> None:
        self.kiosk.open_form("handoff", self.draft_id)

    def action_home(self) -> None:
        self.kiosk.go_home()

    def action_next_family(self) -> None:
        self.kiosk.new_registration()
