"""The data table, showing every cell as text (screens/plain.py says why): in a module of its
own, so the login screen's first frame does not wait for the table widget to load."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.widgets import DataTable as _DataTable

from kiosk.base.text import printable


def _cell(value: Any) -> Any:
    # Rich text, not Content: DataTable renders Rich renderables, and parses a str as markup.
    return Text(printable(value), end="") if isinstance(value, str) else value


class DataTable(_DataTable):
    def add_column(self, label: Any, **kwargs: Any) -> Any:
        return super().add_column(_cell(label), **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(_cell(c) for c in cells), **kwargs)

    def add_rows(self, rows: Iterable[Iterable[Any]]) -> Any:
        return [self.add_row(*row) for row in rows]

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, _cell(value), **kwargs)
