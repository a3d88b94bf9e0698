"""The FKTP printed on each issued card: the kiosk flags any that differs from the family's choice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from kiosk.i18n import t
from kiosk.reference import FACILITY_CODE
from screens.base import show_message


def _save(session, case_id: int, codes: dict[int, str], operator_id: int) -> int:  # type: ignore[no-untyped-def]
    from kiosk import registration
    from models import Case

    return len(registration.record_cards(session, session.get(Case, case_id), codes, operator_id))


class CardForm(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,f3", "cancel", t("key.cancel"), id="cards.cancel"),
        Binding("f10", "save", t("key.save"), id="cards.save"),
    ]

    def __init__(self, case_id: int, members: list) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.case_id = case_id
        self.new = [m for m in members if m.is_new]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("cards.title"), classes="heading")
            for m in self.new:
                with Horizontal(classes="row"):
                    yield Label(m.name[:15])
                    yield Input(m.card_fktp or m.chosen_fktp, id=f"fktp-{m.id}", max_length=8)
            yield Static("", id="cards-message", classes="message")
            yield Static(t("member.form_keys"), classes="hint")
        yield Footer(compact=True)  # this form's own keys, not the screen's beneath

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        codes = {
            m.id: self.query_one(f"#fktp-{m.id}", Input).value.strip().upper() for m in self.new
        }
        bad = [m for m in self.new if not FACILITY_CODE.match(codes[m.id])]
        if bad:
            show_message(
                self.query_one("#cards-message", Static),
                f"{bad[0].name}: {t('import.facility_code')}",
            )
            self.query_one(f"#fktp-{bad[0].id}", Input).focus()
            return
        self.app.db(
            _save, self.case_id, codes, self.app.operator.id, then=lambda _: self.dismiss(True)
        )  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.dismiss(False)
