"""A change asked of BPJS, past its draft (a data update, an FKTP or class change): what was
asked and from when it holds; F4 once the change shows at BPJS (on the family's card), F7
prints the request to take along, F8 cancels."""

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
from screens.base import KioskScreen, TopBar, show_message
from screens.case_history import cancel_case, history_columns, show_history
from screens.form import MessageLine
from screens.plain import Label, Static, literal
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import AuditEvent, Case

    Loaded = tuple[Case, list[tuple[AuditEvent, str]], dict[str, str]]


def _load(session: Session, case_id: int) -> Loaded:
    from kiosk.cases import store

    case = store.case_by_id(session, case_id)
    return case, audit.history(session, case_id), _names(session, case)


def _done(session: Session, case_id: int, operator_id: int) -> Case:
    from kiosk.cases import add_member, change_request, data_update, store

    case = store.case_by_id(session, case_id)
    done = {data_update.KIND: data_update.done, add_member.KIND: add_member.done}
    return done.get(case.kind, change_request.done)(session, case, operator_id)


def _names(session: Session, case: Case) -> dict[str, str]:
    """The names a summary shows: an FKTP change's facilities by code, a new member's name
    and birth date."""
    from kiosk.cases import change_request, store

    names = {code: change_request.facility_name(session, code)
             for code in (case.change_from, case.change_to) if code}  # fmt: skip
    for member in store.members_of(session, case)[:1]:
        names.update(member=member.name, born=member.birth_date.strftime("%d-%m-%Y"))
    return names


def member_lines(case: Case, names: dict[str, str]) -> list[str]:
    """The member asked for, and the way the case took (on the bill, Dinsos, Dukcapil)."""
    from kiosk.rules import rates

    lines = [t("newborn.case_line", kk=ids.mask_kk(case.kk_number),
               kind=t(f"newborn.kind.{case.member_kind or 'newborn'}"),
               name=names.get("member", "-"), born=names.get("born", "-"))]  # fmt: skip
    if case.route:
        lines.append(t(f"route.{case.route}"))
    elif case.reason:
        lines.append(t(f"reason.{case.reason}"))
    elif case.follow_up_on is not None:
        lines.append(t("newborn.case_bill", monthly=rates.rupiah(case.monthly_amount),
                       kelas=rates.roman(case.kelas), deadline=clock.day_text(case.follow_up_on)))  # fmt: skip
    return lines


def asked_lines(case: Case, names: dict[str, str]) -> list[str]:
    """What the family asked of BPJS, in the operator's words."""
    from kiosk.rules import rates

    if case.kind == "add_member":
        return member_lines(case, names)
    if case.kind == "data_update":
        lines = [t("update.case_kk", kk=ids.mask_kk(case.kk_number),
                   channel=t(f"channel.{case.channel}") if case.channel else "-")]  # fmt: skip
        for key, value in (("update.phone", ids.format_phone(case.phone)),
                           ("update.email", case.email), ("update.address", case.new_address)):  # fmt: skip
            if value:
                lines.append(f"{t(key)}: {value}")
        return lines
    if case.kind == "class_change":
        what = t("change.class_line", old=rates.roman(int(case.change_from or 0)),
                 new=rates.roman(int(case.change_to or 0)), amount=rates.rupiah(case.monthly_amount))  # fmt: skip
    else:
        what = t("change.fktp_line", old=f"{case.change_from} {names.get(case.change_from, '')}",
                 new=f"{case.change_to} {names.get(case.change_to, '')}")  # fmt: skip
    lines = [f"KK {ids.mask_kk(case.kk_number)}  {what}"]
    if case.change_exception:
        lines.append(t("change.because", why=t(f"exception.{case.change_exception}")))
    if case.follow_up_on is not None:
        lines.append(t("change.effective", date=clock.day_text(case.follow_up_on)))
    return lines


class RequestCaseScreen(KioskScreen):
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
        history_columns(self.query_one("#update-history", FittedTable))
        self.query_one("#update-history", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: Loaded) -> None:
        case, events, names = loaded
        self.case = case
        self.refresh_bindings()
        bar = self.query_one(TopBar)
        if bar.title != (title := t(f"request.title.{case.kind}")):  # one screen, three kinds
            bar.title = title
            bar.refresh_bar()
        lines = [
            t("case.line1", code=casecode.display(case.code), status=t(f"status.{case.status}"),
              head=case.head_name or "-"),
            *asked_lines(case, names),
        ]  # fmt: skip
        if case.status == CaseStatus.SUBMITTED:
            lines.append(t(f"request.check.{case.kind}"))
        if case.outcome_on is not None:
            lines.append(t("update.done_on", date=clock.day_text(case.outcome_on)))
        if case.gateway == "training":
            lines.append(t("confirm.training"))
        self.query_one("#update-summary", Static).update(Content("\n").join(map(literal, lines)))
        show_history(self.query_one("#update-history", FittedTable), events)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "cancel_case"):
            # A new member may also be back from Dukcapil, or answered by Dinsos.
            waiting = (CaseStatus.SUBMITTED, CaseStatus.ROUTED, CaseStatus.REFERRED)
            return self.case is not None and self.case.status in waiting
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_done(self) -> None:
        if self.case is None or not self.check_action("done", ()):
            return
        app = self.kiosk
        app.db(_done, self.case_id, app.operator.id, then=self._recorded,
               refused=lambda said: show_message(self.query_one("#update-case-message", Static),
                                                 said))  # fmt: skip

    def _recorded(self, case: Case) -> None:
        if case.status == CaseStatus.DRAFT:  # back from Dukcapil: the member is typed again
            self.app.pop_screen()
            self.kiosk.open_case(self.case_id, case.status, case.step)
            return
        self.reload()

    def action_print_request(self) -> None:
        from screens.print_slip import print_request

        print_request(self, self.case_id, self.query_one("#update-case-message", Static))

    def action_cancel_case(self) -> None:
        message = self.query_one("#update-case-message", Static)
        cancel_case(self, self.case, message, self._changed)

    def _changed(self, changed: bool | None) -> None:
        if changed:
            self.reload()
