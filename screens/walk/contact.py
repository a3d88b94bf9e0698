"""Contact and payment: mobile number, email (the help desk's own is fine), what BPJS's form
asks of the head (occupation, income, postcode), the autodebit account and its holder.

More fields than 24 rows hold: they scroll, each shown as it takes the focus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids, participant
from kiosk.rules.reference import BANKS
from screens.base import show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.guarded_input import GuardedInput
from screens.plain import Select, Static
from screens.step import WalkScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import Case

# In the order of the screen, which is BPJS's form's for the fields it asks.
FIELDS = ("phone", "email", "occupation", "income", "postcode", "bank", "account", "holder")


@dataclass(frozen=True)
class Loaded:
    case: Case
    default_email: str
    bank_required: bool
    income_required: bool
    postcode: str  # the desk's village's, offered for its own families


def _load(session: Session, case_id: int) -> Loaded:
    from kiosk.cases import store
    from kiosk.desk import settings

    case = store.case_by_id(session, case_id)
    own_village = case.region_code and case.region_code == settings.get(session, "village_code")
    return Loaded(
        case, settings.get(session, "default_email"), settings.get_bool(session, "bank_required"),
        not settings.get_bool(session, "income_optional"),
        settings.get(session, "village_postcode") if own_village else "",
    )  # fmt: skip


def _save(
    session: Session, case_id: int, values: dict[str, str], bank_required: bool,
    income_required: bool,
) -> dict[str, str]:  # fmt: skip
    from kiosk.cases import choices, store

    case = store.case_by_id(session, case_id)
    problems = choices.set_contact(
        session, case, bank_required=bank_required, income_required=income_required, **values
    )
    return {k: p.message for k, p in problems.items()}


class ContactScreen(WalkScreen):
    NAME = "contact"
    TYPED = FIELDS
    TITLE_KEY = "contact.title"

    def content(self) -> ComposeResult:
        with VerticalScroll(id="contact-fields"):
            yield from self._fields()

    def _fields(self) -> ComposeResult:
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
            Field(id="email", max_length=254),
        )
        yield MessageLine("email-message")
        suggest = SuggestFromList(participant.OCCUPATIONS, case_sensitive=False)
        yield FieldRow(t("contact.occupation"), Field(id="occupation", max_length=40,
                                                      suggester=suggest))  # fmt: skip
        yield MessageLine("occupation-message")
        bands = [(t(f"income.{b}"), b) for b in participant.INCOME_BANDS]
        yield FieldRow(t("contact.income"),
                       Select(bands, id="income", prompt=t("contact.no_income")))  # fmt: skip
        yield MessageLine("income-message")
        yield FieldRow(
            t("contact.postcode"),
            GuardedInput(id="postcode", max_length=5, restrict=r"[0-9]*", refused="input.digits"),
        )
        yield MessageLine("postcode-message")
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
        yield FieldRow(t("contact.holder"), Field(id="holder", max_length=100))
        yield MessageLine("holder-message")

    def on_mount(self) -> None:
        # Until the draft's details have arrived, the empty fields are not the operator's:
        # saving them would blank what the draft holds.
        self.loaded = False
        self.bank_required = False
        self.income_required = True
        self.family_region = ""
        self.query_one("#phone", Input).focus()
        self.kiosk.db(_load, self.case_id, then=self._prefill)

    def _prefill(self, loaded: Loaded) -> None:
        case, default_email, bank_required = loaded.case, loaded.default_email, loaded.bank_required
        self.bank_required, self.income_required = bank_required, loaded.income_required
        self.family_region = case.region_code
        for field, value in (
            ("occupation", case.occupation),
            ("postcode", case.postcode or loaded.postcode),
            ("holder", case.account_holder or case.head_name),
        ):
            widget = self.query_one(f"#{field}", Input)
            if value and not widget.value:
                widget.value = value
        if case.income_band:
            self.query_one("#income", Select).value = case.income_band
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
        if event.input.id == FIELDS[-1]:
            self.action_next()
        else:
            self.focus_next()

    @on(Input.Changed, "#postcode")
    def _postcode_typed(self, event: Input.Changed) -> None:
        """Said as it is typed: five digits, and whether they fit the family's province."""
        message = self.query_one("#postcode-message", Static)
        if len(event.value) < 5:  # still typing
            show_message(message, "")
            return
        checked = participant.check_postcode(event.value, self.family_region)
        said = checked.errors or checked.warnings
        show_message(message, said[0].message if said else "",
                     "error" if checked.errors else "warning")  # fmt: skip

    @on(Input.Changed, "#occupation")
    def _occupation_typed(self, event: Input.Changed) -> None:
        message = self.query_one("#occupation-message", Static)
        checked = participant.check_occupation(event.value)
        show_message(message, (checked.error or "") if event.value else "")

    def save_draft(self) -> None:
        # Whatever is valid is kept; problems are shown again when the operator comes back.
        if not self.loaded:
            return
        # Every field as on screen (a list with nothing chosen: ""), as the lock keeps them.
        self.kiosk.walk_db(self.case_id, _save, self.case_id, self._typed_values(),
                           self.bank_required, self.income_required)  # fmt: skip

    def action_next(self) -> None:
        if not self.loaded:
            return
        self.kiosk.walk_db(
            self.case_id, _save, self.case_id, self._typed_values(), self.bank_required,
            self.income_required, then=self._saved,
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
