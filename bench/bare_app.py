"""The baseline for bench/startup.py: a bare Textual app with one Input."""

from textual.app import App, ComposeResult
from textual.widgets import Input, Label


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Label("PIN")
        yield Input()


if __name__ == "__main__":
    Bare().run()
