"""Checkboxes and radio buttons whose state is in the text, not only in the colour.

Textual draws both as a coloured block with the same glyph on and off; on a monochrome
console, an odd palette or for a colour-blind operator, consent and "the family chose" could
not be read. These draw `[x]`/`[ ]` and `(*)`/`( )`, plain ASCII, in every look.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox as _Checkbox
from textual.widgets import RadioButton as _RadioButton


class Checkbox(_Checkbox):
    @property
    def _button(self) -> Content:
        return Content("[x]" if self.value else "[ ]")


class RadioButton(_RadioButton):
    @property
    def _button(self) -> Content:
        return Content("(*)" if self.value else "( )")
