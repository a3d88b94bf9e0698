"""The widgets that show text, showing it as it is.

Textual reads a string handed to Static, Label, DataTable, Select or a toggle's label as
markup: a family named `ASEP [/] HIDAYAT` raised MarkupError and shut the kiosk, at every
desk listing the case. Every screen takes these widgets from here or, for the table, from
screens/plain_table.py (kept apart: the login screen's first frame needs no table; the UI
tests keep it so), so a name, an address or a catalogue message is shown literally, with any control
character shown as "?" (kiosk.base.text). The few words the kiosk itself sets in bold are
built by `styled`, which fills its values in as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Label as _Label
from textual.widgets import Select as _Select
from textual.widgets import Static as _Static

from kiosk.base.i18n import t
from kiosk.base.text import printable


def literal(text: object) -> Content:
    """`text` as content that is never parsed: brackets are brackets. Content (already built
    by `styled` or `literal`) is kept as it is."""
    return text if isinstance(text, Content) else Content(printable(str(text)))


def styled(key: str, /, **params: object) -> Content:
    """The catalogue message `key`, whose own markup ("[b]...[/b]") is kept, with `params`
    filled in literally: a value holding "[/]" stays text."""
    template = t(key, **{name: f"${name}" for name in params})
    return Content.from_markup(template, **{k: printable(str(v)) for k, v in params.items()})


def _visual(content: VisualType) -> VisualType:
    return literal(content) if isinstance(content, str) else content


class Static(_Static):
    def __init__(self, content: VisualType = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(_visual(content), **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_visual(content), layout=layout)


class Label(_Label):
    def __init__(self, content: VisualType = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(_visual(content), **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_visual(content), layout=layout)


def options(pairs: Iterable[tuple[str, Any]]) -> list[tuple[Any, Any]]:
    """Select options whose prompts are text, for `Select.set_options`."""
    return [
        (Text(printable(prompt)) if isinstance(prompt, str) else prompt, v) for prompt, v in pairs
    ]


class Select(_Select):
    def __init__(self, pairs: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(options(pairs), **kwargs)

    def set_options(self, pairs: Iterable[tuple[Any, Any]]) -> Any:
        return super().set_options(options(pairs))
