"""A data update: the family's KK, then what changes at BPJS (its own phone, so the one-time
codes reach it; its own email in place of the helper's; a new address) and how BPJS is asked.
F10 submits it and opens the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.guarded_input import GuardedInput
from screens.plain import Label, Static
from screens.service_step import ServiceStep
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.drafts import Holder
    from models import Case


def _begin(session: Session, kk: str, operator_id: int, gateway: str, holder: Holder) -> int:
    from kiosk.cases import data_update, store

    return store.row_id(data_update.begin(session, kk, operator_id, gateway, holder))


def _load(session: Session, case_id: int) -> Case:
    from kiosk.cases import store

    return store.case_by_id(session, case_id)


def _submit(
    session: Session, case_id: int, values: dict[str, str], channel: str, operator_id: int
) -> int:
    from kiosk.cases import data_update, store

    update = data_update.Update(values["head"], values["phone"], values["email"],
                                values["address"], channel)  # fmt: skip
    case = data_update.submit(session, store.case_by_id(session, case_id), update, operator_id)
    return store.row_id(case)


class DataUpdateScreen(ServiceStep):
    NAME = "update"
    MESSAGE_ID = "update-message"
    TITLE_KEY = "update.title"
    TYPED = ("head", "phone", "email", "address")

    def content(self) -> ComposeResult:
        from kiosk.cases.data_update import CHANNELS

        with Horizontal(classes="row"):
            yield Label(t("arrears.kk"))
            yield GuardedInput(id="kk", max_length=16, restrict=r"[0-9]*", classes="kk-field")
            yield Label(t("update.head"), classes="second-label")
            yield Field(id="head", max_length=100)
        yield FieldRow(t("update.phone"), GuardedInput(id="phone", max_length=20,
                                                       restrict=r"[0-9 +\-]*",
                                                       refused="input.phone"))  # fmt: skip
        yield FieldRow(t("update.email"), Field(id="email", max_length=254))
        yield FieldRow(t("update.address"), Field(id="address", max_length=200))
        radios = RadioSet(
            *(RadioButton(t(f"channel.{c}"), value=n == 0, id=f"via-{c}")
              for n, c in enumerate(CHANNELS)),
            id="update-channel",
        )  # fmt: skip
        radios.border_title = t("update.channel_title")
        yield radios
        yield MessageLine("update-message")
        yield Static(t("update.help"), classes="hint")

    def begin_job(self) -> tuple[Callable[..., int], tuple[Any, ...]]:
        return _begin, ()

    def load(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, case: Case) -> None:
        kk = self.query_one("#kk", Input)
        kk.value, kk.disabled = ids.mask_kk(case.kk_number), True
        self.query_one("#head", Input).value = case.head_name
        self.query_one("#phone" if case.head_name else "#head", Input).focus()
        self.restore_typed()

    def action_next(self) -> None:
        if self.needs_case():
            return
        pressed = self.query_one("#update-channel", RadioSet).pressed_button
        channel = str(pressed.id)[4:] if pressed is not None else ""
        app = self.kiosk
        app.walk_db(self.case_id, _submit, self.case_id, self._typed_values(), channel,
                    app.operator.id, then=self._submitted, refused=self.say)  # fmt: skip

    def _submitted(self, case_id: int) -> None:
        self.kiosk.go_home()
        self.kiosk.open_form("request_case", case_id)
