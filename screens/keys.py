"""The kiosk's keys by concept: one binding id per concept, the same key on every screen.

Each concept (kiosk.base.keymap.DEFAULTS) has one key wherever it applies: F7 always prints, F8
always stops (cancels or refers), F4 always opens what is selected. A desk that wants other
keys changes them by concept (the keymap setting) and every screen follows, because no
screen names a key itself.

A binding's description is a catalogue key, not words: the footer and F1 translate it when
they draw, so the language can change while the kiosk runs.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from kiosk.base.keymap import DEFAULTS


def key(concept: str, action: str, label: str, show: bool = True) -> Binding:
    """`action` on the concept's key, described by the catalogue key `label`."""
    return Binding(DEFAULTS[concept], action, label, id=concept, show=show)


def back(action: str = "back", label: str = "key.back") -> Binding:
    """Go back one step (or close a form) with nothing lost."""
    return key("back", action, label)


def next_(action: str = "next", label: str = "key.next", show: bool = True) -> Binding:
    """Go on: the step is done, the form is saved."""
    return key("next", action, label, show)


def lock(show: bool = False) -> Binding:
    return key("lock", "app.lock", "key.lock", show)


# Help has priority so it works over a form too (a modal screen hides the app's other
# bindings); a form that keeps typed text adds `lock()` itself.
GLOBAL: list[BindingType] = [
    Binding(DEFAULTS["help"], "help", "key.help", id="help", priority=True),
    lock(),
    Binding(DEFAULTS["quit"], "quit", "key.quit", show=False, id="quit", priority=True),
]
