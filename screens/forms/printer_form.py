"""The printer chosen from the printers this computer knows (kiosk.papers.printers), not
typed: the choice goes into the Settings field, saved with the other settings on F10 there."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult

from screens import keys
from screens.form import FormModal
from screens.plain import Static
from screens.widgets.toggles import RadioButton, RadioSet


class PrinterForm(FormModal):
    TITLE_KEY = "printers.title"
    MESSAGE_ID = "printers-message"
    HINT_KEY = "printers.keys"
    BINDINGS = [
        keys.back("cancel", "key.cancel"),
        keys.next_("save", "key.use_printer"),
    ]

    def __init__(
        self,
        choices: list[tuple[str, str]],
        problem: str,
        current: str,
        use: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.choices = choices
        self.problem = problem
        self.current = current
        self.use = use

    def form(self) -> ComposeResult:
        known = [value for value, _ in self.choices]
        pressed = known.index(self.current) if self.current in known else 0
        with RadioSet(id="printer-list"):
            for n, (value, words) in enumerate(self.choices):
                label = words if words == value else f"{words}  [{value}]"
                yield RadioButton(label, value=n == pressed, id=f"p-{n}")
        if self.problem:
            yield Static(self.problem, id="printers-problem", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#printer-list", RadioSet).focus()

    def action_save(self) -> None:
        index = self.query_one("#printer-list", RadioSet).pressed_index
        self.use(self.choices[max(index, 0)][0])
        self.dismiss(True)
