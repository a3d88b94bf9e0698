"""A table that cuts long cells visibly and shows the row under the cursor in full."""

from __future__ import annotations

from textual.app import ComposeResult

from kiosk.base.i18n import t
from screens.base import fit, set_text
from screens.plain import Static
from screens.plain_table import DataTable


class FittedTable(DataTable):
    """A table whose long cells are cut to their column with a visible mark; the row under
    the cursor is shown in full on the line `#<table id>-full` below it, if any was cut."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.full_texts: list[str] = []

    def clear(self, columns: bool = False) -> FittedTable:
        self.full_texts = []
        super().clear(columns)
        self._show_full(-1)
        return self

    def add_fitted(self, *cells: str | tuple[str, int]) -> None:
        """A row; a cell given as (text, width) is cut to width, and kept whole for the line."""
        ascii_only = self.app.has_class("-ascii")
        shown: list[str] = []
        cut: list[str] = []
        for cell in cells:
            text, width = cell if isinstance(cell, tuple) else (cell, 0)
            if width and len(text) > width:
                cut.append(text)
                text = fit(text, width, ascii_only)
            shown.append(text)
        self.full_texts.append(" | ".join(cut))
        self.add_row(*shown)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_full(event.cursor_row)

    def _show_full(self, row: int) -> None:
        for line in self.screen.query(f"#{self.id}-full"):
            text = self.full_texts[row] if 0 <= row < len(self.full_texts) else ""
            assert isinstance(line, Static)
            # One line high (screens.tcss): new text moves nothing; showing or hiding the line
            # does, and `display` asks for that layout itself.
            set_text(line, t("table.full", text=text) if text else "")
            if line.display != bool(text):
                line.display = bool(text)


def fitted_table(table_id: str) -> ComposeResult:
    """The table, and under it the line that shows its highlighted row in full."""
    yield FittedTable(id=table_id)
    yield Static("", id=f"{table_id}-full", classes="full-text")
