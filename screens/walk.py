"""The registration walk: its steps, the keys they share, and resuming a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kiosk.i18n import t
from screens.base import KioskScreen

if TYPE_CHECKING:
    from kiosk.app import KioskApp

STEP_KEYS = ("kk", "members", "fktp", "contact", "confirm")


class WalkScreen(KioskScreen):
    """A step of the walk. Esc or F3 goes back with nothing lost: every step is saved."""

    STEP = ""
    BINDINGS = [
        Binding("escape", "back", t("key.back"), show=False, id="walk.back_esc"),
        Binding("f3", "back", t("key.back"), id="walk.back"),
        Binding("f10", "next", t("key.next"), id="walk.next"),
        Binding("f12", "lock", t("key.lock"), show=False, id="walk.lock"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id

    def body(self) -> ComposeResult:
        yield Static(self._steps(), id="walk-steps")
        yield from self.content()

    def content(self) -> ComposeResult:
        yield from ()

    def _steps(self) -> str:
        parts = []
        for n, key in enumerate(STEP_KEYS, 1):
            label = f"{n}. {t(f'step.{key}')}"
            parts.append(f"[b reverse] {label} [/]" if key == self.STEP else f" {label} ")
        return "".join(parts)

    def action_back(self) -> None:
        self.save_draft()
        self.app.pop_screen()

    def save_draft(self) -> None:
        """Keep what was typed but not yet confirmed with F10 (most steps save at once)."""

    def action_lock(self) -> None:
        self.kiosk.lock()

    def action_next(self) -> None:  # each step defines what going on means
        pass


def resume(app: KioskApp, case_id: int, step: str) -> None:
    """Open a draft where it stopped, with every earlier step on the stack behind it."""
    from screens.confirm import ConfirmScreen
    from screens.contact import ContactScreen
    from screens.fktp import FktpScreen
    from screens.kk_lookup import KKLookupScreen
    from screens.members import MembersScreen

    order = [
        ("kk", KKLookupScreen), ("members", MembersScreen), ("fktp", FktpScreen),
        ("contact", ContactScreen), ("confirm", ConfirmScreen),
    ]  # fmt: skip
    target = step if step in STEP_KEYS else "kk"
    for key, screen in order:
        app.push_screen(screen(case_id))
        if key == target:
            break
