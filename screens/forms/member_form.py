"""Add or correct a family member (a newborn not yet in the data, a typo), with full NIK checks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids, relations
from screens import keys
from screens.base import show_message
from screens.field import Field
from screens.form import FieldRow, FormModal, MessageLine
from screens.guarded_input import GuardedInput
from screens.plain import Label, Select
from screens.typed_fields import KeepsTyped

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.membership import MemberInput
    from models import CaseMember

FIELDS = ("nik", "name", "relation", "sex", "birth_date")


def parse_date(raw: str) -> date | None:
    from kiosk.base.clock import parse_date as parse

    return parse(raw)


def _save(
    session: Session, case_id: int, member_id: int | None, data: MemberInput, warned: bool,
    operator_id: int,
) -> dict[str, str]:  # fmt: skip
    """{} once saved; else a message per field, or the warnings to confirm ("warnings")."""
    from kiosk.cases import membership, store

    case = store.case_by_id(session, case_id)
    member = store.member_by_id(session, case, member_id) if member_id else None
    check = membership.check_member(session, case, data, editing=member)
    if check.errors:
        return {k: p.message for k, p in check.errors.items()}
    if check.warnings and not warned:
        return {"warnings": " ".join(w.message for w in check.warnings)}
    if member is None:
        membership.add_member(session, case, data, operator_id)
    else:
        membership.update_member(session, case, member, data, operator_id)
    return {}


class MemberForm(KeepsTyped, FormModal):
    # A newborn's details typed here survive a crash or the lock until saved or cancelled.
    TYPED = ("nik", "name", "sex", "birth_date")
    BINDINGS = [keys.lock()]  # the kiosk locks from this form too, keeping what was typed

    def __init__(self, case_id: int, member: CaseMember | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.member = member
        self.init_typed()

    @property
    def typed_place(self) -> tuple[int | None, str]:
        # One place per member edited, and one for a member being added.
        return self.case_id, f"m{self.member.id}" if self.member else "m_new"

    def heading(self) -> str:
        return t("member.edit_title") if self.member else t("member.add_title")

    def form(self) -> ComposeResult:
        yield FieldRow(
            t("label.nik"), GuardedInput(id="nik", max_length=24, restrict=r"[0-9 .\-]*")
        )
        yield MessageLine("nik-message")
        yield FieldRow(t("member.name"), Field(id="name", max_length=100))
        # The relation before the last row: its list opens inside the form's box.
        relation = Select(
            [(relations.label(code), code) for code in relations.CODES],
            id="relation", prompt=t("member.relation_prompt"),
        )  # fmt: skip
        yield FieldRow(t("member.relation_label"), relation)
        yield FieldRow(
            t("member.sex_label"),
            GuardedInput(
                id="sex", max_length=1, restrict=r"[LlPp]", placeholder="L / P", refused="input.sex"
            ),
            Label(t("member.birth_label")),
            Field(id="birth_date", max_length=10, placeholder="HH-BB-TTTT"),
        )

    def on_mount(self) -> None:
        m = self.member
        if m is not None:
            self.query_one("#nik", Input).value = m.nik
            self.query_one("#name", Input).value = m.name
            self.query_one("#sex", Input).value = m.sex
            self.query_one("#birth_date", Input).value = m.birth_date.strftime("%d-%m-%Y")
            self.query_one("#relation", Select).value = m.relation
        else:
            self.query_one("#relation", Select).value = 4  # most often a child
        self.query_one("#nik", Input).focus()
        self.restore_typed()

    @on(Input.Changed, "#nik")
    def _nik_typed(self, event: Input.Changed) -> None:
        value = ids.normalise_digits(event.value)
        message = self.query_one("#nik-message", MessageLine)
        if len(value) < 16:
            show_message(message, t("member.nik_typing", count=len(value)) if value else "", "info")
            return
        check = ids.check_nik(value)
        if not check.ok:
            show_message(message, check.errors[0].message)
            return
        # Fill sex and birth date from the NIK when not typed yet: fewer keys, fewer typos.
        sex = self.query_one("#sex", Input)
        born = self.query_one("#birth_date", Input)
        if not sex.value and check.sex:
            sex.value = check.sex
        if not born.value and check.birth_date:
            born.value = check.birth_date.strftime("%d-%m-%Y")
        show_message(message, t("member.nik_ok", place=_place(check.region_code)), "info")

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def _data(self) -> MemberInput:
        from kiosk.cases.membership import MemberInput

        relation = self.query_one("#relation", Select).value
        return MemberInput(
            nik=self.query_one("#nik", Input).value,
            name=self.query_one("#name", Input).value,
            sex=self.query_one("#sex", Input).value.upper(),
            birth_date=parse_date(self.query_one("#birth_date", Input).value),
            relation=relation if isinstance(relation, int) else None,
        )

    def action_save(self) -> None:
        data = self._data()
        # A warning (NIK sex digit or date against what was typed) is shown once; the same
        # data saved again means the operator checked the paper KK and it is right.
        warned = data == getattr(self, "warned_for", None)
        self.kiosk.walk_db(
            self.case_id,
            _save,
            self.case_id,
            self.member.id if self.member else None,
            data,
            warned,
            self.kiosk.operator.id,
            then=self._saved,
        )

    def _saved(self, errors: dict[str, str]) -> None:
        if not errors:
            self.typed_done()
            self.dismiss(True)
            return
        if "warnings" in errors:
            self.warned_for = self._data()
            text = f"{errors['warnings']} {t('member.warning_confirm')}"
            self.query_one("#nik-message", MessageLine).say(text, "warning")
            return
        # Keep every field as typed; say what is wrong and put the cursor on the first field.
        self.query_one("#nik-message", MessageLine).say(errors.get("nik", ""))
        others = [f for f in FIELDS if f in errors and f != "nik"]
        self.say(errors[others[0]] if others else "")
        self.query_one(f"#{next(f for f in FIELDS if f in errors)}").focus()

    def action_cancel(self) -> None:
        self.typed_done()  # given up on purpose: nothing to bring back
        self.dismiss(False)


def _place(region: str) -> str:
    from kiosk.rules import regions

    return regions.describe(region) or region
