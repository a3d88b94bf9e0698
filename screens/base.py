"""What every kiosk screen shares: the header line, the training banner and field messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from kiosk.i18n import t

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from kiosk.app import KioskApp


class DatabaseReady(Message):
    """The database is open (or failed to open): the login screen may go on."""


class TopBar(Static):
    """One line: the help desk, the operator, and TRAINING when the simulator is on."""

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self.title = title

    def on_mount(self) -> None:
        # Settings may change the desk name or the gateway, a login the operator: follow them.
        for name in ("operator", "training", "desk_name"):
            self.watch(self.app, name, self.refresh_bar, init=False)
        self.refresh_bar()

    def refresh_bar(self, _: object = None) -> None:
        app: KioskApp = self.app  # type: ignore[assignment]
        parts = [f"[b]{self.title}[/b]"]
        if app.desk_name:
            parts.append(app.desk_name)
        if app.operator is not None:
            parts.append(t("bar.operator", name=app.operator.name))
        self.update("  |  ".join(parts))
        self.set_class(app.training, "-training")
        if app.training:
            self.update("  |  ".join(parts) + "  " + t("bar.training"))


class KioskScreen(Screen):
    """Base of the walk's screens: a top bar, the content, the footer with the keys."""

    TITLE_KEY = "app.title"

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[return-value]

    def fit(self, text: str, width: int) -> str:
        return fit(text, width, self.app.has_class("-ascii"))

    def compose(self) -> ComposeResult:
        yield TopBar(t(self.TITLE_KEY))
        yield from self.body()
        # Compact: every key of the busiest screen still fits in 80 columns.
        yield Footer(compact=True)

    def body(self) -> ComposeResult:
        yield from ()


def fit(text: str, width: int, ascii_only: bool = False) -> str:
    """Text cut to `width` with a visible mark that it was cut ("Kepala Keluar…"), never
    silently clipped; the ASCII look marks it with "~"."""
    if len(text) <= width:
        return text
    return text[: width - 1] + ("~" if ascii_only else "\u2026")


def show_message(widget: Static, text: str, kind: str = "error") -> None:
    """A message under a field: 'error' (red), 'warning' (yellow) or 'info'."""
    widget.update(text)
    widget.set_classes(f"message -{kind}" if text else "message")


def add_columns(table: DataTable, spec: list[tuple[str, int]]) -> None:
    """Fixed widths, planned for 80 columns: auto widths settle only when the app is idle."""
    for label, width in spec:
        table.add_column(label, width=width)
