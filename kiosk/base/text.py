"""Text that comes from outside (village files, the keyboard, a paste): what of it may be kept.

A control character in a name is never a name: ESC starts a terminal command (a name holding
`\\x1b[2J` wiped the screen of whoever listed it), the C1 range does the same on some
terminals, and the bidirectional overrides make a name read differently from what it holds.
Line breaks and tabs are the exception: a spreadsheet cell with a line break in an address
is an ordinary address (its words are joined with spaces where it is read).
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.base.errors import Problem, WorkflowError

# C0 without tab/line feed/carriage return, DEL, C1; the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# A run of this many digits in a free note is probably a NIK, a KK or a card number (16, 16
# and 13 digits; a phone has 10 or more): a note that is kept or audited refuses it.
_NUMBER_RUN = re.compile(r"\d{10,}")

# How the operator reads a character's name: the short names people know.
_SHORT = {"\x1b": "ESC", "\x00": "NUL", "\x7f": "DEL", "\x08": "BACKSPACE", "\x07": "BEL"}


def refused_char(text: str) -> str | None:
    """The first character `text` may not hold, or None: the one check for every source."""
    found = _REFUSED.search(text)
    return found.group() if found else None


def char_name(char: str) -> str:
    """ "ESC (U+001B)": a character no one can see, named so the operator can find it."""
    code = f"U+{ord(char):04X}"
    name = _SHORT.get(char) or unicodedata.name(char, "")
    return f"{name} ({code})" if name else code


def first_refused(cells: list[str]) -> tuple[int, str] | None:
    """The 1-based column and the character of the first cell holding a refused character.
    One search over the whole row: a clean row, nearly every row, costs one regex call."""
    if not _REFUSED.search("".join(cells)):
        return None
    for column, cell in enumerate(cells, 1):
        char = refused_char(cell)
        if char is not None:
            return column, char
    return None


def printable(text: str) -> str:
    """`text` safe to hand to a terminal, a paper or a spreadsheet: every refused character
    shown as "?" (data saved before they were refused may still hold one); line breaks kept,
    as a message of several lines has them."""
    if _REFUSED.search(text):
        text = _REFUSED.sub("?", text)
    return text.replace("\r", "") if "\r" in text else text


def control_problem(text: str) -> Problem | None:
    """Why a typed value is refused for its control character, or None."""
    char = refused_char(text)
    return None if char is None else Problem("text.control_char", {"char": char_name(char)})


def refuse_control(*typed: str) -> None:
    """Refuse the first typed value holding a control character, with the reason."""
    for value in typed:
        if (control := control_problem(value)) is not None:
            raise WorkflowError(control)


def holds_number(text: str) -> bool:
    """Whether a note holds what looks like a personal number: 10 digits or more in a row
    ("3201 0101" is two short numbers, a date or an amount is shorter)."""
    return _NUMBER_RUN.search(text) is not None


def note_problem(note: str, limit: int) -> Problem | None:
    """Why a free note is refused: a control character, a personal number in it (a NIK, a
    KK, a card: notes are read by anyone with the reports), or more than `limit` characters."""
    if (control := control_problem(note)) is not None:
        return control
    if holds_number(note):
        return Problem("log.note_number")
    if len(note.strip()) > limit:
        return Problem("log.note_long", {"max": limit})
    return None
