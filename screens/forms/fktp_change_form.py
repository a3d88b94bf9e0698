"""The family asked BPJS to move them to the FKTP they chose: when, and where.

Shows which cards differ and from when BPJS allows the change; F10 records the request,
F7 prints the statement of the family's choice to take along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.cases.fktp_remedy import CHANNELS
from kiosk.rules import casecode
from screens import keys
from screens.form import FieldRow, FormModal, date_input
from screens.plain import Static
from screens.widgets.toggles import RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.fktp_remedy import Remedy
    from kiosk.papers.printing import PrintResult
    from models import Case


def _save(session: Session, case_id: int, raw: str, channel: str, operator_id: int) -> None:
    from kiosk.cases import fktp_remedy, store

    case = store.case_by_id(session, case_id)
    fktp_remedy.request_change(session, case, raw, channel, operator_id)


def _print(session: Session, case_id: int, printer: str, operator_id: int) -> PrintResult:
    from kiosk.cases import store
    from kiosk.papers import statement
    from kiosk.papers.issue import issue

    case = store.case_by_id(session, case_id)
    path = statement.save(session, case)
    return issue(session, f"statement {case.code}", path, printer, operator_id)


class FktpChangeForm(FormModal):
    MESSAGE_ID = "change-message"
    HINT_KEY = "change.keys"
    BINDINGS = [
        *FormModal.BINDINGS,
        keys.key("print", "statement", "key.statement"),
    ]

    def __init__(self, case: Case, remedy: Remedy) -> None:
        super().__init__()
        self.case = case
        self.remedy = remedy

    def heading(self) -> str:
        return t("change.title", code=casecode.display(self.case.code))

    def form(self) -> ComposeResult:
        lines = [
            t("change.differs", name=m.name[:20], card=m.card_fktp, chosen=m.chosen_fktp)
            for m in self.remedy.differing
        ]
        lines.append(t("change.allowed", date=clock.day_text(self.remedy.allowed_from)))
        change = self.remedy.change
        if change is not None:
            lines.append(
                t(
                    "change.asked",
                    date=clock.day_text(change.requested_on),
                    channel=t(f"channel.{change.channel}"),
                    effective=clock.day_text(change.effective_from),
                )
            )
        yield Static("\n".join(lines), id="change-info")
        yield FieldRow(
            t("change.date"),
            date_input("change-date", clock.today().strftime("%d-%m-%Y")),
        )
        current = change.channel if change is not None else CHANNELS[0]
        with RadioSet(id="change-channel"):
            for channel in CHANNELS:
                yield RadioButton(
                    t(f"channel.{channel}"), value=channel == current, id=f"ch-{channel}"
                )

    def on_mount(self) -> None:
        self.query_one("#change-date", Input).focus()

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        pressed = self.query_one("#change-channel", RadioSet).pressed_button
        channel = str(pressed.id)[3:] if pressed is not None else ""
        raw = self.query_one("#change-date", Input).value
        app = self.kiosk
        app.db(
            _save,
            self.case.id,
            raw,
            channel,
            app.operator.id,
            then=self._saved,
            refused=self._saved,
        )

    def _saved(self, error: str | None) -> None:
        if error:
            self.say(error)
            self.query_one("#change-date", Input).focus()
            return
        self.dismiss(True)

    def action_statement(self) -> None:
        from screens.print_slip import print_job

        print_job(self, self.query_one(f"#{self.MESSAGE_ID}", Static), _print, self.case.id)
