"""A field that takes only some characters (digits for a NIK, L or P for sex) and says so
when a key is refused: Textual's own field drops the key with at most a bell, and an
operator who typed a letter into a number saw nothing happen."""

from __future__ import annotations

import time
from typing import Any

from kiosk.base.i18n import t
from kiosk.base.text import printable
from screens.field import Field

# The same refusal said again at most this often while keys keep coming.
REPEAT_AFTER = 2.0


class GuardedInput(Field):
    def __init__(self, *args: Any, refused: str = "input.digits", **kwargs: Any) -> None:
        """`refused`: the catalogue message that says what the field takes."""
        super().__init__(*args, **kwargs)
        self.refused = refused
        self._attempt = ""
        self._said: tuple[str, float] = ("", 0.0)

    def replace(self, text: str, start: int, end: int) -> None:
        self._attempt = text  # what restricted() is about, if it is refused
        super().replace(text, start, end)

    def restricted(self) -> None:
        too_long = self.max_length and len(self.value) + len(self._attempt) > self.max_length
        if too_long:
            message = t("input.too_long", max=self.max_length)
        else:
            message = t(self.refused, typed=printable(self._attempt[:10]))
        last, when = self._said
        now = time.monotonic()
        if message != last or now - when > REPEAT_AFTER:
            self._said = (message, now)
            self.app.notify(message, severity="warning", timeout=4)
        super().restricted()
