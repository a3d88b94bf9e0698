"""Textual's own words on screen, in the kiosk's language.

Textual's select menu offers "esc Dismiss menu" in its footer, in English only; the kiosk
replaces that binding's words with its own, once, when the app starts.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets._select import SelectOverlay


def translate() -> None:
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "key.close_menu")]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()
