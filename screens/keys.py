"""The kiosk's keys by concept: one binding id per concept, the same key on every screen.

A desk that wants other keys changes them by id (the keymap setting); every screen follows,
because no screen names these keys itself.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from kiosk.i18n import t

# concept id -> default keys
DEFAULTS = {
    "help": "f1",
    "back": "f3,escape",
    "next": "f10",
    "lock": "f12",
    "quit": "ctrl+q",
}


def back(action: str = "back", label: str = "key.back") -> Binding:
    """Go back one step (or close a form) with nothing lost."""
    return Binding(DEFAULTS["back"], action, t(label), id="back")


def next_(action: str = "next", label: str = "key.next", show: bool = True) -> Binding:
    """Go on: the step is done, the form is saved."""
    return Binding(DEFAULTS["next"], action, t(label), id="next", show=show)


def lock(show: bool = False) -> Binding:
    return Binding(DEFAULTS["lock"], "app.lock", t("key.lock"), id="lock", show=show)


# Help has priority so it works over a form too (a modal screen hides the app's other
# bindings); a form that keeps typed text adds `lock()` itself.
GLOBAL: list[BindingType] = [
    Binding(DEFAULTS["help"], "help", t("key.help"), id="help", priority=True),
    lock(),
    Binding(DEFAULTS["quit"], "quit", t("key.quit"), show=False, id="quit", priority=True),
]
