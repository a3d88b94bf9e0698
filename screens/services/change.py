"""An FKTP change or a class change: the family's KK, from what to what, since when, whether the
card was checked active and how many months are unpaid, and for an FKTP change the exception
that lets it come before 3 months (with its letter seen). F10 submits it, or says why BPJS
would refuse and from when it is possible."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids, rates
from kiosk.rules.timing import FKTP_EXCEPTIONS
from screens.field import Field
from screens.form import MessageLine, date_input
from screens.guarded_input import GuardedInput
from screens.plain import Label, Static
from screens.service_step import ServiceStep
from screens.widgets.toggles import Checkbox, RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.drafts import Holder
    from models import Case


def _begin(
    session: Session, kk: str, kind: str, operator_id: int, gateway: str, holder: Holder
) -> int:
    from kiosk.cases import change_request, store

    case = change_request.begin(session, kind, kk, operator_id, gateway, holder)
    return store.row_id(case)


def _load(session: Session, case_id: int) -> Case:
    from kiosk.cases import store

    return store.case_by_id(session, case_id)


def _name(session: Session, code: str) -> str:
    from kiosk.cases import change_request

    return change_request.facility_name(session, code)


def _submit(session: Session, case_id: int, values: dict[str, object], operator_id: int) -> int:
    from kiosk.cases import change_request, store

    change = change_request.Change(**values)  # type: ignore[arg-type]
    case = change_request.submit(session, store.case_by_id(session, case_id), change, operator_id)
    return store.row_id(case)


class ChangeScreen(ServiceStep):
    KIND = ""
    MESSAGE_ID = "change-message"
    TYPED: tuple[str, ...] = ("head", "since", "arrears")

    def content(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(t("arrears.kk"))
            yield GuardedInput(id="kk", max_length=16, restrict=r"[0-9]*", classes="kk-field")
            yield Label(t("update.head"), classes="second-label")
            yield Field(id="head", max_length=100)
        yield from self.what()
        with Horizontal(classes="row"):
            yield Label(t("change.since_label"))
            yield date_input("since")
            yield Label(t("change.arrears_label"), classes="second-label")
            yield GuardedInput(id="arrears", max_length=3, restrict=r"[0-9]*", classes="short")
        with Horizontal(classes="checks"):
            yield Checkbox(t("change.active"), id="active")
            if self.KIND == "fktp_change":
                yield Checkbox(t("change.letter_seen"), id="letter")
        yield from self.exceptions()
        yield MessageLine("change-message")
        yield Static(t(f"change.help.{self.KIND}"), classes="hint")

    def what(self) -> ComposeResult:
        yield from ()

    def exceptions(self) -> ComposeResult:
        yield from ()

    def begin_job(self) -> tuple[Callable[..., int], tuple[Any, ...]]:
        return _begin, (self.KIND,)

    def load(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, case: Case) -> None:
        kk = self.query_one("#kk", Input)
        kk.value, kk.disabled = ids.mask_kk(case.kk_number), True
        self.query_one("#head", Input).value = case.head_name
        self.show_from(case.change_from)
        self.query_one("#since", Input).focus()
        self.restore_typed()

    def show_from(self, value: str) -> None:
        """Put the current FKTP or class the desk knows on screen."""

    def chosen(self) -> tuple[str, str, str]:
        """(from, to, exception) as the screen holds them."""
        return "", "", ""

    def action_next(self) -> None:
        if self.needs_case():
            return
        old, new, exception = self.chosen()
        typed = self._typed_values()
        letters = self.query(Checkbox).filter("#letter")
        values: dict[str, object] = {
            "head_name": typed["head"], "change_from": old, "change_to": new,
            "since": typed["since"], "active": self.query_one("#active", Checkbox).value,
            "arrears": typed["arrears"], "exception": exception,
            "letter_seen": bool(letters) and letters.first().value,
        }  # fmt: skip
        app = self.kiosk
        app.walk_db(self.case_id, _submit, self.case_id, values, app.operator.id,
                    then=self._submitted, refused=self.say)  # fmt: skip

    def _submitted(self, case_id: int) -> None:
        self.kiosk.go_home()
        self.kiosk.open_form("request_case", case_id)


class FktpMoveScreen(ChangeScreen):
    NAME = "fktp_move"
    KIND = "fktp_change"
    TITLE_KEY = "change.title.fktp_change"
    TYPED = (*ChangeScreen.TYPED, "fktp-from", "fktp-to")

    def what(self) -> ComposeResult:
        for name in ("from", "to"):
            with Horizontal(classes="row"):
                yield Label(t(f"change.fktp_{name}"))
                yield Field(id=f"fktp-{name}", max_length=8, classes="code-field")
                yield Static("", id=f"fktp-{name}-name", classes="facility-name")

    def exceptions(self) -> ComposeResult:
        radios = RadioSet(
            *(RadioButton(t(f"exception.{e or 'none'}"), value=not e, id=f"exc-{e or 'none'}")
              for e in ("", *FKTP_EXCEPTIONS)),
            id="exception",
        )  # fmt: skip
        radios.border_title = t("change.exception_title")
        yield radios

    def show_from(self, value: str) -> None:
        if value:
            self.query_one("#fktp-from", Input).value = value

    @on(Input.Changed, "#fktp-from, #fktp-to")
    def _code_typed(self, event: Input.Changed) -> None:
        label = self.query_one(f"#{event.input.id}-name", Static)
        code = event.value.strip()
        if len(code) < 8:
            label.update("")
            return
        self.kiosk.db(_name, code, then=lambda name: label.update(name or t("change.no_such")))

    def chosen(self) -> tuple[str, str, str]:
        pressed = self.query_one("#exception", RadioSet).pressed_button
        exception = str(pressed.id)[4:] if pressed is not None else "none"
        return (self.query_one("#fktp-from", Input).value, self.query_one("#fktp-to", Input).value,
                "" if exception == "none" else exception)  # fmt: skip


class ClassMoveScreen(ChangeScreen):
    NAME = "class_move"
    KIND = "class_change"
    TITLE_KEY = "change.title.class_change"

    def what(self) -> ComposeResult:
        with Horizontal(classes="row"):
            for name, default in (("from", 3), ("to", 2)):
                radios = RadioSet(
                    *(RadioButton(rates.roman(k), value=k == default, id=f"class-{name}-{k}")
                      for k in rates.CLASSES),
                    id=f"class-{name}",
                )  # fmt: skip
                radios.border_title = t(f"change.class_{name}")
                yield radios

    def show_from(self, value: str) -> None:
        if value in ("1", "2", "3"):
            self.query_one(f"#class-from-{value}", RadioButton).value = True

    def chosen(self) -> tuple[str, str, str]:
        def pressed(name: str) -> str:
            button = self.query_one(f"#class-{name}", RadioSet).pressed_button
            return str(button.id).rpartition("-")[2] if button is not None else ""

        return pressed("from"), pressed("to"), ""
