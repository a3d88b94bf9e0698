"""Each key means one thing on every screen: F7 always prints, F8 always stops."""

from __future__ import annotations

import importlib

from textual.binding import Binding

from kiosk.base.keymap import DEFAULTS
from screens import router

SCREENS = [*router.screens(), ("screens.desk.home", "HomeScreen"),
           ("screens.desk.login", "LoginScreen")]  # fmt: skip


def test_every_function_key_is_bound_by_its_concept() -> None:
    by_key = {k: concept for concept, keys in DEFAULTS.items() for k in keys.split(",")}
    seen: dict[str, set[str]] = {}
    for module, name in SCREENS:
        screen = getattr(importlib.import_module(module), name)
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                if key in by_key:  # a concept's key: bound only under that concept's id
                    assert binding.id == by_key[key], (name, key, binding.action)
                    seen.setdefault(key, set()).add(name)
    # The concepts are in use: F7 prints on more than one screen, F4 opens on several.
    assert len(seen["f7"]) >= 2 and len(seen["f4"]) >= 3 and len(seen["f8"]) >= 3
