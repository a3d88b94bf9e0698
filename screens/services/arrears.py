"""Arrears, first step: the family's KK, then the terms of its arrears as the family and its
last receipt say them (the months owed, or the last payment and the kiosk counts them; the
persons on the bill; the class; a segment move). F10 keeps them and shows the plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids, rates
from screens.field import Field
from screens.form import FieldRow, MessageLine, date_input
from screens.guarded_input import GuardedInput
from screens.plain import Label, Static
from screens.service_step import ServiceStep
from screens.widgets.toggles import Checkbox, RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.drafts import Holder
    from models import Case


def _begin(session: Session, kk: str, operator_id: int, gateway: str, holder: Holder) -> int:
    from kiosk.cases import arrears_case, store

    return store.row_id(arrears_case.begin(session, kk, operator_id, gateway, holder))


def _load(session: Session, case_id: int) -> Case:
    from kiosk.cases import store

    return store.case_by_id(session, case_id)


def _keep(
    session: Session, case_id: int, values: dict[str, str], kelas: int | None, moved: bool,
    operator_id: int,
) -> None:  # fmt: skip
    from kiosk.cases import arrears_case, store

    terms = arrears_case.Terms(values["head"], values["persons"], kelas, values["last_paid"],
                               values["months"], moved)  # fmt: skip
    arrears_case.set_terms(session, store.case_by_id(session, case_id), terms, operator_id)


class ArrearsScreen(ServiceStep):
    NAME = "arrears"
    MESSAGE_ID = "arrears-message"
    TITLE_KEY = "arrears.title"
    TYPED = ("head", "persons", "last_paid", "months")

    def content(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(t("arrears.kk"))
            kk = GuardedInput(id="kk", max_length=16, restrict=r"[0-9]*", classes="kk-field")
            yield kk
            yield Label(t("arrears.persons_label"), classes="second-label")
            yield GuardedInput(id="persons", max_length=2, restrict=r"[0-9]*", classes="short")
        yield FieldRow(t("arrears.head"), Field(id="head", max_length=100))
        with Horizontal(classes="row"):
            yield Label(t("arrears.last_paid_label"))
            yield date_input("last_paid")
            yield Label(t("arrears.months_label"), classes="second-label")
            yield GuardedInput(id="months", max_length=3, restrict=r"[0-9]*", classes="short")
        with Horizontal(classes="row"):
            radios = RadioSet(
                *(RadioButton(t("arrears.kelas_n", kelas=rates.roman(k)), value=k == 3,
                              id=f"kelas-{k}") for k in rates.CLASSES),
                id="kelas",
            )  # fmt: skip
            radios.border_title = t("arrears.kelas_title")
            yield radios
            yield Checkbox(t("arrears.moved"), id="moved")
        yield MessageLine("arrears-message")
        yield Static(t("arrears.help"), classes="hint")

    def begin_job(self) -> tuple[Callable[..., int], tuple[Any, ...]]:
        return _begin, ()

    def load(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, case: Case) -> None:
        kk = self.query_one("#kk", Input)
        kk.value, kk.disabled = ids.mask_kk(case.kk_number), True
        self.query_one("#head", Input).value = case.head_name
        self.query_one("#persons", Input).value = str(case.persons or "")
        if case.last_paid_on is not None:
            self.query_one("#last_paid", Input).value = case.last_paid_on.strftime("%d-%m-%Y")
        elif case.arrears_months:
            self.query_one("#months", Input).value = str(case.arrears_months)
        if case.kelas in rates.CLASSES:
            self.query_one(f"#kelas-{case.kelas}", RadioButton).value = True
        self.query_one("#moved", Checkbox).value = case.moved_segment
        (self.query_one("#last_paid" if case.head_name else "#head", Input)).focus()
        self.restore_typed()

    def action_next(self) -> None:
        if self.needs_case():
            return
        pressed = self.query_one("#kelas", RadioSet).pressed_button
        kelas = int(str(pressed.id)[6:]) if pressed is not None else None
        moved = self.query_one("#moved", Checkbox).value
        app = self.kiosk
        app.walk_db(self.case_id, _keep, self.case_id, self._typed_values(), kelas, moved,
                    app.operator.id, then=self._kept, refused=self.say)  # fmt: skip

    def _kept(self, _: None) -> None:
        self.go("arrears_plan")
