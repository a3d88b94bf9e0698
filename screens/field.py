"""The kiosk's text field: Textual's Input, without a layout of the whole screen per key.

Textual's Input sets its virtual size (the text's width plus the cursor) on every key, and a
widget's virtual size asks for a layout when it changes: the whole screen's widgets placed
again, several milliseconds a key on a slow core, twice that with a browser beside the
kiosk. A field's place on the screen never depends on its text (its width is set by CSS), so
the field only repaints itself and keeps its horizontal scroll within the new width.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class Field(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)

    def watch_virtual_size(self, size: Size) -> None:
        if self.styles.auto_dimensions:
            # A field sized by its text does move the others: Input itself asks for the
            # layout then, and the scroll is settled there.
            return
        # What the layout would have done for this widget alone: a shorter text must not
        # leave the view scrolled past its end.
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
