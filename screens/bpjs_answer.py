"""What BPJS sent for a manual case: the VA and each new member's card number."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from kiosk.i18n import t
from screens.base import show_message


def _save(session, case_id: int, va: str, cards: dict[int, str], operator_id: int):  # type: ignore[no-untyped-def]
    from kiosk import registration
    from models import Case

    problems = registration.record_bpjs_answer(
        session, session.get(Case, case_id), va, cards, operator_id
    )
    return {k: p.message for k, p in problems.items()}


class BpjsAnswerForm(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,f3", "cancel", t("key.cancel"), id="answer.cancel"),
        Binding("f10", "save", t("key.save"), id="answer.save"),
    ]

    def __init__(self, case_id: int, members: list) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.case_id = case_id
        self.new = [m for m in members if m.is_new]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("answer.title"), classes="heading")
            with Horizontal(classes="row"):
                yield Label(t("label.va"))
                yield Input(id="va", max_length=24, restrict=r"[0-9 \-]*")
            yield Static("", id="va-message", classes="message")
            for m in self.new:
                with Horizontal(classes="row"):
                    yield Label(m.name[:15])
                    yield Input(
                        m.card_number, id=f"card-{m.id}", max_length=20, restrict=r"[0-9 \-]*"
                    )
            yield Static("", id="answer-message", classes="message")
            yield Static(t("member.form_keys"), classes="hint")
        yield Footer(compact=True)  # this form's own keys, not the screen's beneath

    def on_mount(self) -> None:
        self.query_one("#va", Input).focus()

    def on_input_submitted(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        va = self.query_one("#va", Input).value
        cards = {m.id: self.query_one(f"#card-{m.id}", Input).value for m in self.new}
        self.app.db(_save, self.case_id, va, cards, self.app.operator.id, then=self._saved)  # type: ignore[attr-defined]

    def _saved(self, problems: dict[str, str]) -> None:
        if not problems:
            self.dismiss(True)
            return
        show_message(self.query_one("#va-message", Static), problems.get("va", ""))
        card_problems = [(k, v) for k, v in problems.items() if k.startswith("card:")]
        if card_problems:
            key, text = card_problems[0]
            name = next(m.name for m in self.new if f"card:{m.id}" == key)
            show_message(self.query_one("#answer-message", Static), f"{name}: {text}")
        else:
            show_message(self.query_one("#answer-message", Static), "")
        first = next(iter(problems))
        self.query_one("#va" if first == "va" else f"#card-{first.split(':')[1]}").focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
