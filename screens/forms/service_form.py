"""One person served, in a few keys: the kind of service, what it was about, how it ended, how
satisfied they were if asked, and a note. Nothing personal is asked (kiosk.cases.service_log).

Each set's title is in its frame, so the form fits 80x24 with every choice in sight; the
option highlighted is the one recorded (screens.widgets.toggles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.cases.service_log import NOT_DONE, SATISFACTION, SERVICES, TOPICS
from screens.field import Field
from screens.form import FieldRow, FormModal
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

# How it ended, in one set: done, or not done and why.
ENDINGS = ("done", *NOT_DONE)
SETS = {
    "service": ("information", SERVICES, "service"),
    "topic": ("status", TOPICS, "topic"),
    "ending": ("done", ENDINGS, "ending"),
    "satisfaction": ("", ("", *SATISFACTION), "satisfaction"),
}


def _record(session: Session, chosen: dict[str, str], note: str, operator_id: int) -> None:
    from kiosk.cases import service_log

    ending = chosen["ending"]
    entry = service_log.Entry(
        service=chosen["service"], topic=chosen["topic"],
        outcome="done" if ending == "done" else "not_done" if ending else "",
        reason="" if ending == "done" else ending, satisfaction=chosen["satisfaction"], note=note,
    )  # fmt: skip
    service_log.record(session, entry, operator_id)


class ServiceForm(FormModal):
    MESSAGE_ID = "log-message"
    HINT_KEY = "log.keys"
    TITLE_KEY = "log.title"

    def form(self) -> ComposeResult:
        for name, (default, options, prefix) in SETS.items():
            buttons = [
                RadioButton(t(f"{prefix}.{option or 'not_asked'}"), value=option == default,
                            id=f"{name}-{option or 'none'}")
                for option in options
            ]  # fmt: skip
            if name == "satisfaction":  # optional: one line, its label beside it
                radios = RadioSet(*buttons, id=f"log-{name}", compact=True)
                yield FieldRow(t(f"log.{name}"), radios, id="log-satisfaction-row")
                continue
            radios = RadioSet(*buttons, id=f"log-{name}")
            radios.border_title = t(f"log.{name}")
            yield radios
        note = Field(id="log-note", max_length=200, placeholder=t("log.note_placeholder"))
        note.border_title = t("log.note")
        yield note

    def on_mount(self) -> None:
        self.query_one("#log-service", RadioSet).focus()

    def chosen(self) -> dict[str, str]:
        """Each set's pressed option ("" for none, or for "not asked")."""
        values = {}
        for name in SETS:
            pressed = self.query_one(f"#log-{name}", RadioSet).pressed_button
            option = str(pressed.id).partition("-")[2] if pressed is not None else ""
            values[name] = "" if option == "none" else option
        return values

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#log-note", Input).value
        app = self.kiosk
        app.db(_record, self.chosen(), note, app.operator.id, then=self._saved,
               refused=self.say)  # fmt: skip

    def _saved(self, _: None) -> None:
        self.dismiss(True)
