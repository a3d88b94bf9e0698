"""A member added to a family already in JKN: the family's KK, then the new member (a newborn,
a spouse, someone moved in), the family's class, and for a baby whether its mother is a PBI
member. What the rules say is shown as it is typed: the 28-day deadline, the months owed from
birth, Dukcapil's NIK first, or the PBI way. F10 sends the case its way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import ids, rates
from screens.field import Field
from screens.form import MessageLine, date_input
from screens.guarded_input import GuardedInput
from screens.plain import Label, Static
from screens.service_step import ServiceStep
from screens.widgets.toggles import Checkbox, RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.add_member import NewMember
    from kiosk.cases.drafts import Holder
    from models import Case

KINDS = ("newborn", "spouse", "moved_in")


def _begin(session: Session, kk: str, operator_id: int, gateway: str, holder: Holder) -> int:
    from kiosk.cases import add_member, store

    return store.row_id(add_member.begin(session, kk, operator_id, gateway, holder))


def _load(session: Session, case_id: int) -> Case:
    from kiosk.cases import store

    return store.case_by_id(session, case_id)


def _submit(session: Session, case_id: int, member: NewMember, operator_id: int) -> int:
    from kiosk.cases import add_member, store

    case = add_member.submit(session, store.case_by_id(session, case_id), member, operator_id)
    return store.row_id(case)


def outlook_text(member: NewMember) -> str:
    """What the rules say of the member as typed, in the operator's words."""
    from kiosk.cases.add_member import outlook

    seen = outlook(member, clock.today())
    monthly = rates.rupiah(seen.monthly)
    if not seen.state:  # a spouse or someone moved in; a newborn before its birth date
        waiting = member.member_kind == "newborn"
        return t("newborn.outlook.birth_first" if waiting else "newborn.outlook.other",
                 monthly=monthly)  # fmt: skip
    said = t(f"newborn.outlook.{seen.state}", deadline=clock.day_text(seen.deadline),
             monthly=monthly, months=seen.months_owed, owed=rates.rupiah(seen.owed))  # fmt: skip
    return f"{said} {t('newborn.documents')}"


class NewbornScreen(ServiceStep):
    NAME = "newborn"
    MESSAGE_ID = "newborn-message"
    TITLE_KEY = "newborn.title"
    TYPED = ("name", "birth", "nik")

    def content(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(t("arrears.kk"))
            yield GuardedInput(id="kk", max_length=16, restrict=r"[0-9]*", classes="kk-field")
            yield Label(t("update.head"), classes="second-label")
            yield Static("", id="head", classes="facility-name")
        with Horizontal(classes="row"):
            kinds = RadioSet(*(RadioButton(t(f"newborn.kind.{k}"), value=k == "newborn",
                                           id=f"kind-{k}") for k in KINDS), id="member-kind")  # fmt: skip
            kinds.border_title = t("newborn.kind_title")
            yield kinds
            kelas = RadioSet(*(RadioButton(rates.roman(k), value=k == 3, id=f"kelas-{k}")
                               for k in rates.CLASSES), id="kelas")  # fmt: skip
            kelas.border_title = t("arrears.kelas_title")
            yield kelas
        with Horizontal(classes="row"):
            yield Label(t("newborn.name"))
            yield Field(id="name", max_length=100)
            sexes = RadioSet(RadioButton(t("sex.L"), id="sex-L", value=True),
                             RadioButton(t("sex.P"), id="sex-P"), id="sex")  # fmt: skip
            sexes.border_title = t("newborn.sex_title")
            yield sexes
        with Horizontal(classes="row"):
            yield Label(t("newborn.birth"))
            yield date_input("birth")
            yield Label(t("label.nik"), classes="second-label")
            yield GuardedInput(id="nik", max_length=16, restrict=r"[0-9]*", classes="kk-field")
        yield Checkbox(t("newborn.mother_pbi"), id="mother-pbi")
        yield Static("", id="newborn-outlook")
        yield MessageLine("newborn-message")

    def begin_job(self) -> tuple[Callable[..., int], tuple[Any, ...]]:
        return _begin, ()

    def load(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, case: Case) -> None:
        kk = self.query_one("#kk", Input)
        kk.value, kk.disabled = ids.mask_kk(case.kk_number), True
        self.query_one("#head", Static).update(case.head_name or "-")
        if case.kelas in rates.CLASSES:
            self.query_one(f"#kelas-{case.kelas}", RadioButton).value = True
        self.query_one("#member-kind", RadioSet).focus()
        self.restore_typed()
        self.set_timer(0.1, self._say_outlook)

    def _pressed(self, selector: str, default: str) -> str:
        button = self.query_one(selector, RadioSet).pressed_button
        return str(button.id).partition("-")[2] if button is not None else default

    def member(self) -> NewMember:
        from kiosk.cases.add_member import NewMember

        kelas = self._pressed("#kelas", "")
        return NewMember(
            self._pressed("#member-kind", ""), self.query_one("#name", Input).value,
            self._pressed("#sex", ""), self.query_one("#birth", Input).value,
            self.query_one("#nik", Input).value, int(kelas) if kelas else None,
            self.query_one("#mother-pbi", Checkbox).value,
        )  # fmt: skip

    @on(Input.Changed, "#birth, #nik")
    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _say_outlook(self) -> None:
        if self.case_id is not None:
            self.query_one("#newborn-outlook", Static).update(outlook_text(self.member()))

    def action_next(self) -> None:
        if self.needs_case():
            return
        app = self.kiosk
        app.walk_db(self.case_id, _submit, self.case_id, self.member(), app.operator.id,
                    then=self._submitted, refused=self.say)  # fmt: skip

    def _submitted(self, case_id: int) -> None:
        self.kiosk.go_home()
        self.kiosk.open_form("request_case", case_id)
