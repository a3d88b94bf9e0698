"""Contact and payment: mobile number, email (the help desk's own is fine), autodebit account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids
from kiosk.rules.reference import BANKS
from screens.base import show_message
from screens.form import FieldRow, MessageLine
from screens.guarded_input import GuardedInput
from screens.plain import Select, Static
from screens.step import WalkScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import Case

FIELDS = ("phone", "email", "bank", "account")


def _load(session: Session, case_id: int) -> tuple[Case, str, bool]:
    from kiosk.cases import store
    from kiosk.desk import settings

    case = store.case_by_id(session, case_id)
    return case, settings.get(session, "default_email"), settings.get_bool(session, "bank_required")


def _save(
    session: Session, case_id: int, values: dict[str, str], bank_required: bool
) -> dict[str, str]:
    from kiosk.cases import choices, store

    case = store.case_by_id(session, case_id)
    problems = choices.set_contact(session, case, bank_required=bank_required, **values)
    return {k: p.message for k, p in problems.items()}


class ContactScreen(WalkScreen):
    NAME = "contact"
    TYPED = FIELDS
    TITLE_KEY = "contact.title"

    def content(self) -> ComposeResult:
        yield FieldRow(
            t("contact.phone"),
            GuardedInput(
                id="phone",
                max_length=20,
                restrict=r"[0-9 +\-()]*",
                placeholder="0812-3456-7890",
                refused="input.phone",
            ),
        )
        yield MessageLine("phone-message")
        yield FieldRow(
            t("contact.email"),
            Input(id="email", max_length=254),
        )
        yield MessageLine("email-message")
        yield FieldRow(
            t("contact.bank"),
            Select([(b, b) for b in BANKS], id="bank", prompt=t("contact.no_bank")),
        )
        yield MessageLine("bank-message")
        yield FieldRow(
            t("contact.account"),
            GuardedInput(id="account", max_length=24, restrict=r"[0-9 \-]*"),
        )
        yield MessageLine("account-message")

    def on_mount(self) -> None:
        # Until the draft's details have arrived, the empty fields are not the operator's:
        # saving them would blank what the draft holds.
        self.loaded = False
        self.bank_required = False
        self.query_one("#phone", Input).focus()
        self.kiosk.db(_load, self.case_id, then=self._prefill)

    def _prefill(self, loaded: tuple[Case, str, bool]) -> None:
        case, default_email, bank_required = loaded
        self.bank_required = bank_required
        phone = self.query_one("#phone", Input)
        if case.phone and not phone.value:
            phone.value = ids.format_phone(case.phone)
        email = self.query_one("#email", Input)
        if not email.value:
            email.value = case.email or default_email
        if case.bank:
            self.query_one("#bank", Select).value = case.bank
        if case.bank_account:
            self.query_one("#account", Input).value = case.bank_account
        hint = t("contact.bank_required") if bank_required else t("contact.bank_optional")
        show_message(self.query_one("#bank-message", Static), hint, "info")
        self.loaded = True
        self.restore_typed()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "account":
            self.action_next()
        else:
            self.focus_next()

    def save_draft(self) -> None:
        # Whatever is valid is kept; problems are shown again when the operator comes back.
        if not self.loaded:
            return
        self.kiosk.walk_db(self.case_id, _save, self.case_id, self._values(), self.bank_required)

    def _values(self) -> dict[str, str]:
        bank = self.query_one("#bank", Select).value
        return {
            "phone": self.query_one("#phone", Input).value,
            "email": self.query_one("#email", Input).value,
            "bank": bank if isinstance(bank, str) else "",
            "account": self.query_one("#account", Input).value,
        }

    def action_next(self) -> None:
        if not self.loaded:
            return
        self.kiosk.walk_db(
            self.case_id, _save, self.case_id, self._values(), self.bank_required,
            then=self._saved,
        )  # fmt: skip

    def _saved(self, problems: dict[str, str]) -> None:
        for field in FIELDS:
            show_message(self.query_one(f"#{field}-message", Static), problems.get(field, ""))
        if problems:
            self.query_one(f"#{next(iter(problems))}").focus()
            return
        self.typed_done()
        phone = self.query_one("#phone", Input)
        phone.value = ids.format_phone(ids.check_phone(phone.value).value)
        self.go_next()
