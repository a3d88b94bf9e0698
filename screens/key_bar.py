"""The line of keys at the bottom of every screen, drawn as one widget.

Textual's Footer places one widget per key (seven on Home) and styles, lays out and
renders each of them again whenever it is rebuilt. The kiosk draws the same line, in the
same colours, as one line of text: the keys cost one widget at start and nothing to lay out
when they change, which a slow core notices at every screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from kiosk.base.i18n import language, t

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


class KeyBar(Widget, can_focus=False):
    """The keys the operator can press now, in keyboard order, in the kiosk's language.

    Binding descriptions are catalogue keys (screens/keys.py), translated when drawn, so a
    change of language needs no new bindings."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    # The colours of Textual's compact footer, so the theme's footer variables still apply.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.shown: tuple[tuple[str, str, str, bool], ...] = ()
        """(key, key as shown, description, enabled) of each key drawn, in order."""
        self._drawn_from: tuple[object, ...] = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.update_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        # Textual signals at every focus change and every `refresh_bindings`, most often
        # with the same keys (Tab from field to field): the line is drawn only if they differ.
        # An app without the terminal's focus has no focused widget: its keys would be wrong.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self.update_keys)

    def update_keys(self) -> None:
        """Draw the keys of this moment, if they are not the keys already drawn."""
        # A screen being switched away has lost widgets its `check_action` may read: the
        # keys are drawn again, with those of that moment, when the screen comes back.
        if not self.is_attached or self._pruning or not self.screen.is_active:
            return
        firsts: dict[str, tuple[Binding, bool]] = {}
        for _, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show:
                firsts.setdefault(binding.action, (binding, enabled))
        drawn_from = (language(), tuple((b.key, b.description, on) for b, on in firsts.values()))
        if drawn_from == self._drawn_from:
            return
        self._drawn_from = drawn_from
        keys = [
            (b.key, self.app.get_key_display(b), t(b.description) if b.description else "", on)
            for b, on in firsts.values()
        ]
        keys.sort(key=lambda k: key_order(k[0]))  # F2 before F10, as they sit on the keyboard
        self.shown = tuple(keys)
        self.refresh()  # one line high by its style: nothing else moves

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        words_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        for _key, shown, words, enabled in self.shown:
            start = len(line)
            line.append(shown, key_style)
            if words:
                line.append(" " + words, words_style)
            if not enabled:
                line.stylize(dim, start)
            line.append(" ")
        return line


def key_order(key: str) -> tuple[int, str]:
    """F-keys in number order, then the others (Ctrl+O, Esc) as they come."""
    first = key.split(",")[0].lower()
    if first.startswith("f") and first[1:].isdigit():
        return (int(first[1:]), first)
    return (100, first)
