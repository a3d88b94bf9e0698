"""The kiosk's text field: Textual's Input, without a layout of the whole screen per key.

Textual's Input sets its virtual size (the text's width plus the cursor) on every key, and a
widget's virtual size asks for a layout when it changes: the whole screen's widgets placed
again, several milliseconds a key on a slow core, twice that with a browser beside the
kiosk. A field's place on the screen never depends on its text (its width is set by CSS; a
field sized by its text gets its layout from Input itself), so here the virtual size only
repaints the field. Input keeps its own scroll: it follows the cursor at every change
(tests/ui/test_field_layout.py compares the two as text is typed, set, edited and cleared).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class Field(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)
