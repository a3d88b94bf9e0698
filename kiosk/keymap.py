"""A desk's own keys: `lock=f11; back=f3,escape` in the keymap setting.

Each name is a concept every screen shares (the binding ids of screens/keys.py); the value
is one or more keys, as the terminal names them.
"""

from __future__ import annotations

import re

from kiosk.ids import Problem

CONCEPTS = ("help", "back", "next", "lock", "quit")
_KEY = re.compile(
    r"^((ctrl|shift|alt)\+)*([a-z0-9]|f([1-9]|1[0-9]|2[0-4])|escape|enter|tab|space|backspace|delete|insert|home|end|pageup|pagedown|up|down|left|right)$"
)


def parse(text: str) -> dict[str, str] | Problem:
    """The keymap written in the setting, or what is wrong with it."""
    keymap: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.replace("\n", ";").split(";"))):
        name, sep, keys = (s.strip().lower() for s in part.partition("="))
        if not sep or name not in CONCEPTS:
            return Problem("keymap.name", {"name": name or part, "names": ", ".join(CONCEPTS)})
        listed = [k.strip() for k in keys.split(",") if k.strip()]
        if not listed or any(not _KEY.match(k) for k in listed):
            return Problem("keymap.key", {"keys": keys})
        keymap[name] = ",".join(listed)
    return keymap
