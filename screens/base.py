"""What every kiosk screen shares: the header line, the training banner and field messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen

from kiosk.base.i18n import language, t
from screens.host import Host, host
from screens.key_bar import KeyBar
from screens.messages import LanguageChanged
from screens.plain import Static, literal, styled

if TYPE_CHECKING:
    from screens.plain_table import DataTable


class TopBar(Static):
    """One line: the help desk, the operator, and TRAINING when the simulator is on."""

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self.title = title

    def on_mount(self) -> None:
        # Settings may change the desk name or the gateway, a login the operator: the app
        # then redraws every bar (`Host.redraw_bars`). A bar watching the app itself
        # would be kept alive by the app's list of watchers after its screen closed.
        self.refresh_bar()

    def refresh_bar(self) -> None:
        app = host(self)
        # The desk and operator names are typed by people: text, never markup.
        parts = [Content.styled(self.title, "bold")]
        if app.desk_name:
            parts.append(literal(app.desk_name))
        if app.operator is not None:
            parts.append(literal(t("bar.operator", name=app.operator.name)))
        bar = Content("  |  ").join(parts)
        self.set_class(app.training, "-training")
        if app.training:
            bar = Content.assemble(bar, "  ", styled("bar.training"))
        self.update(bar)


class KioskScreen(Screen):
    """Base of the walk's screens: a top bar, the content, the footer with the keys."""

    TITLE_KEY = "app.title"

    @property
    def kiosk(self) -> Host:
        return host(self)

    def fit(self, text: str, width: int) -> str:
        return fit(text, width, self.app.has_class("-ascii"))

    words = ""  # the language the screen was drawn in

    def compose(self) -> ComposeResult:
        self.words = language()
        yield TopBar(t(self.TITLE_KEY))
        yield from self.body()
        yield KeyBar()

    def body(self) -> ComposeResult:
        yield from ()

    @property
    def stale_words(self) -> bool:
        """Drawn in another language than the kiosk now speaks (Settings changed it)."""
        return bool(self.words) and self.words != language()

    async def on_language_changed(self, _: LanguageChanged) -> None:
        await self.relabel()

    async def relabel(self) -> None:
        """Draw the screen again in the kiosk's language; what is typed stays typed."""
        from textual.widgets import Input

        if not self.stale_words:
            return
        typed = {w.id: w.value for w in self.query(Input) if w.id}
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        for field in self.query(Input):
            if field.id in typed:
                field.value = typed[field.id]
        mounted = getattr(self, "on_mount", None)
        if mounted is not None:  # the new widgets are set up as the first ones were
            mounted()
        if focused:
            for widget in self.query(f"#{focused}"):
                widget.focus()
        self.relabelled()

    def relabelled(self) -> None:
        """After `relabel`: say again, in the new words, what the screen was saying."""


def fit(text: str, width: int, ascii_only: bool = False) -> str:
    """Text cut to `width` with a visible mark that it was cut ("Kepala Keluar…"), never
    silently clipped; the ASCII look marks it with "~"."""
    if len(text) <= width:
        return text
    return text[: width - 1] + ("~" if ascii_only else "\u2026")


def _spans(text: object) -> list[object]:
    return list(text.spans) if isinstance(text, Content) else []


def set_text(widget: Static, text: str | Content) -> None:
    """Put `text` in `widget`, placing the screen's widgets again only if it must.

    The same text again is left alone. A widget whose height the stylesheet fixes (the line
    under a table), or a text that stays one line high (the KK's "12/16 digit" hint at each
    digit, a total at each class key), moves nothing below it: it is repainted without a
    layout of the whole screen, which costs a key several milliseconds on a slow core."""
    old = widget.content
    if old == text and _spans(old) == _spans(text):  # Content's == compares the text alone
        return
    height = widget.styles.height
    width = widget.size.width
    lines = [v.plain if isinstance(v, Content) else v for v in (old, text)]
    one_line = all(
        isinstance(line, str) and "\n" not in line and width > 0 and cell_len(line) <= width
        for line in lines
    )
    fixed = height is not None and not height.is_auto
    widget.update(text, layout=not (fixed or one_line))


def show_message(widget: Static, text: str, kind: str = "error") -> None:
    """A message under a field: 'error' (red), 'warning' (yellow) or 'info'."""
    set_text(widget, text)
    classes = f"message -{kind}" if text else "message"
    if set(widget.classes) != set(classes.split()):
        widget.set_classes(classes)


def add_columns(table: DataTable, spec: list[tuple[str, int]]) -> None:
    """Fixed widths, planned for 80 columns: auto widths settle only when the app is idle."""
    for label, width in spec:
        table.add_column(label, width=width)
