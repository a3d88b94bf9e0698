"""What BPJS sent for a manual case: the VA and each new member's card number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from screens.form import FieldRow, MessageLine
from screens.guarded_input import GuardedInput
from screens.widgets.per_member_form import PerMemberForm

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import CaseMember


def _save(
    session: Session, case_id: int, va: str, cards: dict[int, str], operator_id: int
) -> dict[str, str]:
    from kiosk.cases import answers, store

    problems = answers.record_bpjs_answer(
        session, store.case_by_id(session, case_id), va, cards, operator_id
    )
    return {k: p.message for k, p in problems.items()}


class BpjsAnswerForm(PerMemberForm):
    TITLE_KEY = "answer.title"
    MESSAGE_ID = "answer-message"
    TYPED_STEP = "f_answer"
    CASE_FIELDS = ("va",)

    def member_field(self, member: CaseMember) -> str:
        return f"card-{member.id}"

    def fields(self) -> ComposeResult:
        yield FieldRow(t("label.va"), GuardedInput(id="va", max_length=24, restrict=r"[0-9 \-]*"))
        yield MessageLine("va-message")

    def member_input(self, member: CaseMember) -> Input:
        return GuardedInput(
            member.card_number, id=self.member_field(member), max_length=20,
            restrict=r"[0-9 \-]*",
        )  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#va", Input).focus()

    def action_save(self) -> None:
        va = self.query_one("#va", Input).value
        cards = {m.id: self.query_one(f"#card-{m.id}", Input).value for m in self.new}
        self.kiosk.db(_save, self.case_id, va, cards, self.kiosk.operator.id, then=self._saved)

    def _saved(self, problems: dict[str, str]) -> None:
        if not problems:
            self.saved()
            return
        self.query_one("#va-message", MessageLine).say(problems.get("va", ""))
        card_problems = [(k, v) for k, v in problems.items() if k.startswith("card:")]
        if card_problems:
            key, text = card_problems[0]
            name = next(m.name for m in self.new if f"card:{m.id}" == key)
            self.say(f"{name}: {text}")
        else:
            self.say("")
        first = next(iter(problems))
        self.query_one("#va" if first == "va" else f"#card-{first.split(':')[1]}").focus()
