"""The FKTP printed on each issued card: the kiosk flags any that differs from the family's choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.cases.lifecycle import CaseStatus
from screens.field import Field
from screens.widgets.per_member_form import PerMemberForm

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import CaseMember


def _save(
    session: Session, case_id: int, codes: dict[int, str], operator_id: int
) -> tuple[str, object] | None:
    """None once recorded, else (message, the member whose code is wrong). On an active case
    these are the cards after an FKTP change."""
    from kiosk.base.errors import WorkflowError
    from kiosk.cases import answers, fktp_remedy, store

    case = store.case_by_id(session, case_id)
    record = (
        fktp_remedy.record_new_cards if case.status == CaseStatus.ACTIVE else answers.record_cards
    )
    try:
        record(session, case, codes, operator_id)
    except WorkflowError as exc:
        return exc.message, exc.problem.params.get("member_id")
    return None


class CardForm(PerMemberForm):
    TITLE_KEY = "cards.title"
    MESSAGE_ID = "cards-message"

    TYPED_STEP = "f_cards"

    def member_field(self, member: CaseMember) -> str:
        return f"fktp-{member.id}"

    def member_input(self, member: CaseMember) -> Input:
        # Empty on purpose: the code is read off the card. Pre-filling the family's choice
        # would let F10 record "matches" without anyone looking, the one check that matters.
        return Field(
            member.card_fktp,
            id=self.member_field(member),
            max_length=8,
            placeholder=t("cards.placeholder"),
        )

    def member_note(self, member: CaseMember) -> str:
        return t("cards.chose", code=member.chosen_fktp)

    def action_save(self) -> None:
        codes = {m.id: self.query_one(f"#fktp-{m.id}", Input).value for m in self.new}
        self.kiosk.db(_save, self.case_id, codes, self.kiosk.operator.id, then=self._saved)

    def _saved(self, refused: tuple[str, object] | None) -> None:
        if refused is None:
            self.saved()
            return
        message, member_id = refused
        self.say(message)
        if member_id is not None:
            self.query_one(f"#fktp-{member_id}", Input).focus()
