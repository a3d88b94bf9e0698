"""Fields as an operator meets them: a key a field cannot take (a letter in a KK number, a
third letter for sex) is said, not dropped without a word; a form starts on its first field."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import Input

from kiosk.app import KioskApp
from tests.helpers.screens import KeyCounter, login, screen_name

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_letter_in_the_kk_number_is_told(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        assert screen_name(app) == "KKLookupScreen"
        await keys.press("3", "2", "o", "5")  # "o" for a zero
        field = app.screen.query_one("#kk", Input)
        assert field.value == "325"
        said = [str(n.message) for n in app._notifications]
        assert any('"o" tidak bisa diketik di sini' in m and "angka" in m for m in said), said
        await keys.press("o", "o")  # said once while the same key keeps coming
        said = [str(n.message) for n in app._notifications]
        assert sum('"o"' in m for m in said) == 1


def test_every_restricted_field_says_what_it_refuses() -> None:
    """Every field given `restrict=` is a GuardedInput: none drops keys silently."""
    plain = []
    for path in Path("screens").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and any(k.arg == "restrict" for k in node.keywords):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name != "GuardedInput":
                    plain.append(f"{path}:{node.lineno}")
    assert plain == []


async def test_the_paper_kk_form_starts_on_its_first_field(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await keys.type("#kk", "3205 1001 0199 9999")
        await keys.press("enter", "f2")
        assert screen_name(app) == "ManualFamilyScreen"
        assert app.focused is not None and app.focused.id == "kk"
        await keys.press("enter")  # on to the address, the next line of the paper
        assert app.focused is not None and app.focused.id == "address"
