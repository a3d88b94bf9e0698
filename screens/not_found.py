"""KK not found: the remedies, one key each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kiosk.i18n import t
from screens.walk import WalkScreen


class NotFoundScreen(WalkScreen):
    STEP = "kk"
    TITLE_KEY = "nf.title"
    BINDINGS = [
        Binding("escape", "back", t("key.back"), show=False, id="nf.back_esc"),
        Binding("f3", "back", t("key.back"), id="nf.back"),
        Binding("1,f5", "retry", t("key.nf_retry"), id="nf.retry"),
        Binding("2,f6", "by_hand", t("key.nf_by_hand"), id="nf.by_hand"),
        Binding("3,f7", "refer", t("key.nf_refer"), id="nf.refer"),
        Binding("f12", "lock", t("key.lock"), show=False, id="nf.lock"),
    ]

    def content(self) -> ComposeResult:
        yield Static(t("nf.explain"), classes="box")
        yield Static(t("nf.options"), classes="summary")

    def action_retry(self) -> None:
        from textual.widgets import Input

        self.app.pop_screen()
        field = self.app.screen.query_one("#kk", Input)
        field.value = ""
        field.focus()

    def action_by_hand(self) -> None:
        from screens.manual_family import ManualFamilyScreen

        self.app.push_screen(ManualFamilyScreen(self.case_id))

    def action_refer(self) -> None:
        from screens.refer import ReferScreen

        self.app.push_screen(ReferScreen(self.case_id))
