"""One door-to-door visit, recorded: what the agent found at the family, who walked, on which
day, and for a family that will come, the day it said (kiosk.followup.visits).

Each set's title is in its frame, so the form fits 80x24 with every choice in sight; the option
highlighted is the one recorded (screens.widgets.toggles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules.outreach import REFUSAL_REASONS, VISIT_OUTCOMES
from screens.field import Field
from screens.form import FormModal, date_input
from screens.plain import Label
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session


def _record(session: Session, family_id: int, values: dict[str, str], operator_id: int) -> str:
    from kiosk.followup import visits

    visits.record(session, family_id, visits.Entry(**values), operator_id)
    return values["agent"]


class VisitForm(FormModal):
    MESSAGE_ID = "visit-message"
    HINT_KEY = "visit.keys"

    def __init__(
        self, family_id: int, head: str, agent: str = "",
        remember: Callable[[str], None] | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.family_id, self.head, self.agent = family_id, head, agent
        self.remember = remember  # told the agent's name once saved, for the next visit

    def heading(self) -> str:
        return t("visit.title", head=self.head or "-")

    def form(self) -> ComposeResult:
        outcomes = RadioSet(
            *(RadioButton(t(f"visit.outcome.{o}"), value=n == 0, id=f"out-{o}")
              for n, o in enumerate(VISIT_OUTCOMES)),
            id="visit-outcome",
        )  # fmt: skip
        outcomes.border_title = t("visit.outcome")
        yield outcomes
        # "-" first and pressed: a refusal's reason is chosen, never taken from a default.
        reasons = RadioSet(
            *(RadioButton(t(f"visit.reason.{r or 'none'}"), value=not r, id=f"why-{r}")
              for r in ("", *REFUSAL_REASONS)),
            id="visit-reason",
        )  # fmt: skip
        reasons.border_title = t("visit.reason")
        yield reasons
        with Horizontal(classes="row", id="visit-when"):
            yield Label(t("visit.agent"))
            yield Field(self.agent, id="visit-agent", max_length=60)
            yield Label(t("visit.day"), classes="visit-label")
            yield date_input("visit-day", clock.day_text(clock.today()))
            yield Label(t("visit.come_by"), classes="visit-label")
            yield date_input("visit-come-by")
        note = Field(id="visit-note", max_length=200, placeholder=t("log.note_placeholder"))
        note.border_title = t("log.note")
        yield note

    def on_mount(self) -> None:
        self.query_one("#visit-outcome", RadioSet).focus()

    def values(self) -> dict[str, str]:
        """What the form holds, as kiosk.followup.visits.Entry takes it."""
        outcome = self.query_one("#visit-outcome", RadioSet).pressed_button
        reason = self.query_one("#visit-reason", RadioSet).pressed_button
        return {
            "outcome": str(outcome.id)[4:] if outcome is not None else "",
            "reason": str(reason.id)[4:] if reason is not None else "",
            "agent": self.query_one("#visit-agent", Input).value,
            "day": self.query_one("#visit-day", Input).value,
            "come_by": self.query_one("#visit-come-by", Input).value,
            "note": self.query_one("#visit-note", Input).value,
        }

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        app = self.kiosk
        app.db(_record, self.family_id, self.values(), app.operator.id, then=self._saved,
               refused=self.say)  # fmt: skip

    def _saved(self, agent: str) -> None:
        if self.remember is not None:
            self.remember(agent)
        self.dismiss(True)
