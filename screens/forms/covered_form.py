"""A member's JKN status as the operator found it by hand (PANDAWA, CHIKA, Mobile JKN, 165...):
active with their card, inactive since a day, or not in JKN; or (F8) the family's choice to
register them as self-paying. A list's word alone never keeps anyone off the bill."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules.standing import ANY_SEGMENT, CHANNELS
from screens import keys
from screens.form import FieldRow, FormModal, date_input
from screens.guarded_input import GuardedInput
from screens.plain import Select, Static

if TYPE_CHECKING:
    from sqlmodel import Session

    from models import CaseMember

ANSWERS = ("active", "inactive", "none")


def _save(
    session: Session, case_id: int, member_id: int, typed: dict[str, str], operator_id: int
) -> str | None:
    """Record the check; the first problem's message (the form stays as typed) or None."""
    from kiosk.cases import membership, store
    from kiosk.registry import coverage

    found = coverage.check_answer(
        typed["answer"], typed["channel"], typed["card"], typed["segment"], typed["since"],
        clock.today(),
    )  # fmt: skip
    if isinstance(found, dict):
        return next(iter(found.values())).message
    case = store.case_by_id(session, case_id)
    membership.record_check(session, case, store.member_by_id(session, case, member_id), found,
                            operator_id)  # fmt: skip
    return None


def _set_new(session: Session, case_id: int, member_id: int, operator_id: int) -> None:
    from kiosk.cases import membership, store

    case = store.case_by_id(session, case_id)
    membership.set_new(session, case, store.member_by_id(session, case, member_id), operator_id)


def _simulated(session: Session, nik: str) -> tuple[str, str, str, str]:
    """What the training simulator says a check of this person finds."""
    from kiosk.cases.gateway import TrainingGateway

    return TrainingGateway().check_answer(session, nik, clock.today())


class CoveredForm(FormModal):
    """Opened with F6 on a member: record what a check by hand found, or (F8) register them
    as self-paying, the family's choice."""

    MESSAGE_ID = "covered-message"
    BINDINGS = [
        keys.key("cancel", "register_new", "key.register_new"),
        keys.key("open", "simulate", "key.simulate"),
    ]

    def __init__(self, case_id: int, member: CaseMember) -> None:
        super().__init__()
        self.case_id = case_id
        self.member = member

    def heading(self) -> str:
        return t("covered.title", name=self.member.name)

    def form(self) -> ComposeResult:
        from kiosk.rules import channels as bpjs

        yield Static(
            t("covered.explain", pandawa=bpjs.PANDAWA, care=bpjs.CARE_CENTER),
            classes="hint",
        )
        answers = [(t(f"covered.answer_{a}"), a) for a in ANSWERS]
        yield FieldRow(t("covered.answer"), Select(answers, id="answer", allow_blank=False))
        # The longest list (segments) high in the form: it opens inside the form's box.
        segments = Select([(s, s) for s in ANY_SEGMENT], id="segment", allow_blank=False)
        yield FieldRow(t("covered.segment"), segments)
        channels = [(t(f"channel.{c}"), c) for c in CHANNELS]
        yield FieldRow(t("covered.channel"), Select(channels, id="channel", allow_blank=False))
        card = GuardedInput(
            id="card", max_length=20, restrict=r"[0-9 .\-]*", placeholder="0001 2345 67890"
        )
        yield FieldRow(t("covered.card_since"), card, date_input("since"))

    def on_mount(self) -> None:
        self.query_one("#card", Input).value = self.member.existing_card
        self.query_one("#segment", Select).value = (
            self.member.segment if self.member.segment in ANY_SEGMENT else "PBI-APBN"
        )
        self.query_one("#answer", Select).focus()

    def _typed(self) -> dict[str, str]:
        return {
            "answer": str(self.query_one("#answer", Select).value),
            "channel": str(self.query_one("#channel", Select).value),
            "segment": str(self.query_one("#segment", Select).value),
            "card": self.query_one("#card", Input).value,
            "since": self.query_one("#since", Input).value,
        }

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.kiosk.walk_db(
            self.case_id, _save, self.case_id, self.member.id, self._typed(),
            self.kiosk.operator.id, then=self._saved, refused=self._saved,
        )  # fmt: skip

    def _saved(self, problem: str | None) -> None:
        """Stays open with what is wrong (a rule's answer or a refusal), else closes."""
        if problem:
            self.say(problem)
            return
        self.dismiss(True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "register_new":
            return not self.member.is_new  # kept off the bill so far: the family may choose
        if action == "simulate":
            return self.kiosk.training
        return True

    def action_register_new(self) -> None:
        self.kiosk.walk_db(
            self.case_id, _set_new, self.case_id, self.member.id, self.kiosk.operator.id,
            then=self._saved, refused=self._saved,
        )  # fmt: skip

    def action_simulate(self) -> None:
        self.kiosk.db(_simulated, self.member.nik, then=self._fill)

    def _fill(self, simulated: tuple[str, str, str, str]) -> None:
        answer, segment, card, since = simulated
        self.query_one("#answer", Select).value = answer
        self.query_one("#channel", Select).value = "pandawa"
        if segment:
            self.query_one("#segment", Select).value = segment
        self.query_one("#card", Input).value = card
        self.query_one("#since", Input).value = since
        self.say(t("covered.simulated"), "info")
