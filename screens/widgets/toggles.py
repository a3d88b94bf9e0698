"""Checkboxes and radio buttons whose state is in the text, not only in the colour, and radio
sets whose highlighted choice is always the one recorded.

Textual draws both as a coloured block with the same glyph on and off; on a monochrome
console, an odd palette or for a colour-blind operator, consent and "the family chose" could
not be read. These draw `[x]`/`[ ]` and `(*)`/`( )`, plain ASCII, in every look. Their labels are text,
never markup (screens/plain.py).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content, ContentText
from textual.widgets import Checkbox as _Checkbox
from textual.widgets import RadioButton as _RadioButton
from textual.widgets import RadioSet as _RadioSet

from screens.plain import literal


class Checkbox(_Checkbox):
    def _make_label(self, label: ContentText) -> Content:
        return literal(label) if isinstance(label, str) else super()._make_label(label)

    @property
    def _button(self) -> Content:
        return Content("[x]" if self.value else "[ ]")


class RadioButton(_RadioButton):
    def _make_label(self, label: ContentText) -> Content:
        return literal(label) if isinstance(label, str) else super()._make_label(label)

    @property
    def _button(self) -> Content:
        return Content("(*)" if self.value else "( )")


class RadioSet(_RadioSet):
    """The arrows choose: the option under the cursor is the pressed one, always.

    Textual's own set moves a cursor shown only by colour and presses with Space or Enter,
    so an operator who moved to "moved away" with the arrows and pressed F10 recorded the
    first reason. Here the cursor starts on the pressed option (a resumed choice included)
    and moving it presses the option it lands on."""

    BINDINGS = [
        Binding("down,right", "choose_next", show=False),
        Binding("up,left", "choose_previous", show=False),
    ]

    def on_mount(self) -> None:
        # After Textual's own mount, which puts the cursor on the first option.
        self.call_later(self._cursor_on_pressed)

    def _cursor_on_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def _press_selected(self) -> None:
        if self._selected is not None:
            button = self._nodes[self._selected]
            if isinstance(button, _RadioButton) and not button.value:
                button.value = True

    # Keys, not Textual's actions (its mount moves the cursor with those): only the operator's
    # arrows press an option.
    def action_choose_previous(self) -> None:
        self.action_previous_button()
        self._press_selected()

    def action_choose_next(self) -> None:
        self.action_next_button()
        self._press_selected()
