"""F1: every key the operator can press now, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from kiosk.base.i18n import t
from screens import keys
from screens.key_bar import KeyBar
from screens.plain import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [keys.back("close", "key.close")]

    def __init__(self, shown: list[tuple[str, str]]) -> None:
        super().__init__()
        self.shown = shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-box"):
            yield Static(t("help.title"), classes="heading")
            width = max((len(key) for key, _ in self.shown), default=3)
            lines = [f"{key:<{width}}  {what}" for key, what in self.shown]
            yield Static("\n".join(lines), id="help-keys")
            yield Static(t("help.more"), classes="hint")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
