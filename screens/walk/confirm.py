"""Confirmation: everything on one screen, personal numbers masked; consent; submit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import casecode, ids, rates, relations
from screens import keys
from screens.base import show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.plain import Static
from screens.step import WalkScreen
from screens.widgets.toggles import Checkbox

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.papers.printing import PrintResult
    from models import Case, CaseMember


Loaded = tuple["Case", list["CaseMember"], dict[str, str], list[str]]


def _load(session: Session, case_id: int) -> Loaded:
    """The case as saved, its members, the chosen facilities' names, and the steps that
    hold typed text not yet saved."""
    from kiosk.cases import choices, store, typed

    case = store.case_by_id(session, case_id)
    members = store.members_of(session, case)
    names = {c.code: c.name for c in choices.fktp_choices(session, case)}
    return case, members, names, typed.unsaved_steps(session, case_id)


def _step_words(step: str) -> str:
    """A step as the bar names it; a member's form as such."""
    return t("confirm.unsaved_member") if step.startswith("m") else t(f"step.{step}")


def _submit(session: Session, case_id: int, operator_id: int, by: str) -> str:
    """What BPJS answered (accepted, pending, kk_not_found, already_registered)."""
    from kiosk.cases import gateway, store, submission

    case = store.case_by_id(session, case_id)
    mode = gateway.for_mode(case.gateway)
    return submission.consent_and_submit(session, case, mode, operator_id, by).outcome


def _consent_form(session: Session, case_id: int, printer: str, operator_id: int) -> PrintResult:
    from kiosk.cases import store
    from kiosk.papers import consent_form
    from kiosk.papers.issue import issue

    case = store.case_by_id(session, case_id)
    path = consent_form.save(session, case)
    return issue(session, f"consent_form {case.code}", path, printer, operator_id)


class ConfirmScreen(WalkScreen):
    NAME = "confirm"
    unsaved: tuple[str, ...] = ()  # the steps holding typed text not saved, in words
    unsaved_seen = False  # the operator was told, and F10 again sends what is saved
    TITLE_KEY = "confirm.title"
    BINDINGS = [
        *WalkScreen.BINDINGS,
        keys.key("choose", "consent", "key.consent"),
        keys.key("print", "consent_form", "key.consent_form"),
    ]

    def content(self) -> ComposeResult:
        with VerticalScroll(id="confirm-scroll"):
            yield Static("", id="summary", classes="summary")
        yield FieldRow(t("confirm.consenter"), Field(id="consenter", max_length=100))
        yield Checkbox(t("confirm.consent"), id="consent")
        yield MessageLine("confirm-message")

    def on_mount(self) -> None:
        self.query_one("#consent", Checkbox).focus()
        self.kiosk.db(_load, self.case_id, then=self._show)
        self.kiosk.preload_printing()  # while the family reads the summary

    def _show(self, loaded: Loaded) -> None:
        case, members, facility_names, unsaved = loaded
        self.kk_number = case.kk_number
        self.query_one("#consent", Checkbox).value = case.consent_at is not None
        who = self.query_one("#consenter", Input)
        if not who.value:
            who.value = case.consent_by or case.head_name
        lines = [
            t("confirm.case", code=casecode.display(case.code), kk=ids.mask_kk(case.kk_number)),
            t("confirm.head", name=case.head_name),
        ]
        for m in members:
            what = (
                t("confirm.member_new", code=m.chosen_fktp)
                if m.is_new
                else f"{m.segment} {ids.mask_card(m.existing_card)[-5:]}"
            )
            lines.append(
                f" {self.fit(m.name, 20):<20} {ids.mask_nik(m.nik)}  "
                f"{self.fit(relations.label(m.relation), 10):<10} {what}"
            )
        for code in sorted({m.chosen_fktp for m in members if m.is_new and m.chosen_fktp}):
            lines.append(t("confirm.fktp", code=code, name=facility_names.get(code, "?")))
        kelas = rates.roman(case.kelas)
        lines.append(t("confirm.class", kelas=kelas, total=rates.rupiah(case.monthly_amount)))
        bank = (
            t(
                "confirm.bank",
                bank=case.bank,
                account=ids.mask_account(case.bank_account),
                holder=case.account_holder or case.head_name,
            )
            if case.bank
            else t("contact.no_bank")
        )
        lines.append(
            t("confirm.contact", phone=ids.format_phone(case.phone), email=case.email, bank=bank)
        )
        income = t(f"income.{case.income_band}") if case.income_band else "-"
        lines.append(t("confirm.details", occupation=case.occupation or "-", income=income,
                       postcode=case.postcode or "-"))  # fmt: skip
        if case.gateway == "training":
            lines.append(t("confirm.training"))
        self.query_one("#summary", Static).update("\n".join(lines))
        self.unsaved = tuple(_step_words(step) for step in unsaved)
        if self.unsaved:  # what is shown above is what is saved, not what was typed since
            show_message(
                self.query_one("#confirm-message", Static),
                t("confirm.unsaved", steps=", ".join(self.unsaved)),
                "warning",
            )

    def action_consent(self) -> None:
        box = self.query_one("#consent", Checkbox)
        box.value = not box.value

    def action_next(self) -> None:
        if not self.query_one("#consent", Checkbox).value:
            show_message(self.query_one("#confirm-message", Static), t("consent.missing"))
            return
        if self.unsaved and not self.unsaved_seen:
            # Sent only once the operator has seen that the typed text will not go with it.
            self.unsaved_seen = True
            message = t("confirm.unsaved_again", steps=", ".join(self.unsaved))
            show_message(self.query_one("#confirm-message", Static), message, "warning")
            return
        show_message(self.query_one("#confirm-message", Static), t("confirm.sending"), "info")
        who = self.query_one("#consenter", Input).value
        self.kiosk.walk_db(
            self.case_id, _submit, self.case_id, self.kiosk.operator.id, who,
            then=self._submitted, refused=self._refused,
        )  # fmt: skip

    def action_consent_form(self) -> None:
        from screens.print_slip import print_job

        print_job(self, self.query_one("#confirm-message", Static), _consent_form, self.case_id)

    def _refused(self, message: str) -> None:
        show_message(self.query_one("#confirm-message", Static), message)

    def _submitted(self, outcome: str) -> None:
        if outcome == "already_registered":
            # Back to the members, where those already registered are marked for their card.
            self.go("members")
        elif outcome == "kk_not_found":
            # The kiosk's data has this family, BPJS does not: other words, other remedies.
            self.go("not_found", kk=self.kk_number, reason="bpjs")
        else:
            self.go_next()
