"""The one way a screen puts text on the clipboard (a field for BPJS's form, a line for the
family)."""

from __future__ import annotations

import contextlib
import subprocess

from textual.screen import Screen

from kiosk.base import system
from kiosk.base.i18n import t
from screens.base import show_message
from screens.plain import Static


def to_clipboard(screen: Screen, text: str) -> None:
    """Put `text` on the clipboard: through the terminal (OSC 52: Windows Terminal, most
    terminals on a desktop) and the system's clipboard command where there is one."""
    screen.app.copy_to_clipboard(text)
    command = system.clipboard_command()
    if command is None:
        return
    # Windows' clip reads the console's code page unless the text is UTF-16 with a BOM.
    data = text.encode("utf-16" if system.WINDOWS else "utf-8")

    def run() -> None:
        # A failure loses nothing: the terminal's copy may still have worked.
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            subprocess.run(command, input=data, timeout=5, check=False, capture_output=True)

    screen.run_worker(run, thread=True, group="clipboard")


def copy_for_family(screen: Screen, message: Static, text: str) -> None:
    """The line for the family on the clipboard, and the operator told what it says."""
    to_clipboard(screen, text)
    show_message(message, t("share.copied", text=text), "info")
