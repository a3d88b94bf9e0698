"""Checkboxes and radio buttons whose state is in the text, not only in the colour.

Textual draws both as a coloured block with the same glyph on and off; on a monochrome
console, an odd palette or for a colour-blind operator, consent and "the family chose" could
not be read. These draw `[x]`/`[ ]` and `(*)`/`( )`, plain ASCII, in every look. Their labels are text,
never markup (screens/plain.py).
"""

from __future__ import annotations

from textual.content import Content, ContentText
from textual.widgets import Checkbox as _Checkbox
from textual.widgets import RadioButton as _RadioButton

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
