"""What the app tells the screen shown, as Textual messages."""

from __future__ import annotations

from textual.message import Message


class DatabaseReady(Message):
    """The database is open (or failed to open): the login screen may go on."""


class LanguageChanged(Message):
    """The kiosk speaks another language now: the screen shown draws itself again."""
