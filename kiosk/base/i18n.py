"""Operator-facing text. Bahasa Indonesia by default; English with KIOSK_LANG=en.

Catalogues are plain dictionaries (kiosk/base/locale/<lang>.py): no compile step, and a
test keeps both languages on the same keys and placeholders.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from kiosk.base import keymap

LANGUAGES = ("id", "en")
_current: str | None = None
_catalogues: dict[str, dict[str, str]] = {}
# Paper for the family is in its own language, whatever the operator reads on screen; a
# context variable, so a slip made in a worker thread does not switch the screen's language.
_speaking: ContextVar[str | None] = ContextVar("speaking", default=None)


def _catalogue(lang: str) -> dict[str, str]:
    if lang not in _catalogues:
        _catalogues[lang] = importlib.import_module(f"kiosk.base.locale.{lang}").MESSAGES
    return _catalogues[lang]


def language() -> str:
    global _current
    override = _speaking.get()
    if override is not None:
        return override
    if _current is None:
        _current = env_language()
    return _current


def env_language() -> str:
    """The language KIOSK_LANG asks for; Bahasa Indonesia when it is unset or unknown."""
    env = os.environ.get("KIOSK_LANG", "id").strip().lower()[:2]
    return env if env in LANGUAGES else "id"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "id"


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Everything `t` says in this thread, inside the block, is in `lang`."""
    token = _speaking.set(lang if lang in LANGUAGES else "id")
    try:
        yield
    finally:
        _speaking.reset(token)


def t(key: str, /, **params: object) -> str:
    """The message `key` in the current language, with `params` filled in."""
    text = _catalogue(language()).get(key)
    if text is None:
        text = _catalogue("id").get(key, key)
    if "[[" in text:
        text = _PLURAL.sub(lambda m: _plural(m, params), text)
        text = _KEY.sub(_key, text)
    return text.format(**params) if params else text


# "[[count:person|people]]": the first form when `count` is 1, else the second. Bahasa
# Indonesia has no plural forms; English needs them ("1 person", "2 people").
_PLURAL = re.compile(r"\[\[(\w+):([^|\]]*)\|([^\]]*)\]\]")


# "[[key:choose]]": the key the desk uses for a concept ("F6" unless its keymap says else),
# so a message never names a key that does something else at this desk.
_KEY = re.compile(r"\[\[key:(\w+)\]\]")


def _key(match: re.Match[str]) -> str:
    return shown(match.group(1))


def shown(concept: str) -> str:
    """How the key of a concept is written on screen: "F6", "F3/Esc", "Ctrl+Q"."""
    return "/".join(key_name(k) for k in keymap.keys_of(concept).split(","))


_NAMED = ("escape", "enter", "space", "down", "up")


def key_name(key: str) -> str:
    """How one key is written on the keyboard: F3, Esc, Ctrl+Q, Enter."""
    if key in _NAMED:
        return t(f"keyname.{key}")
    return "+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+"))


def _plural(match: re.Match[str], params: dict[str, object]) -> str:
    name, one, other = match.groups()
    return one if params.get(name) == 1 else other
