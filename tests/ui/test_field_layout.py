"""A key typed into a field places no widget again: Textual's Input asks for a layout of the
whole screen at each key (its virtual size is the text's width), the kiosk's Field does not,
and shows the same text, cursor and scroll as Input would."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from screens.base import show_message
from screens.field import Field
from screens.form import MessageLine
from tests.helpers.screens import (
    KeyCounter,
    burst,
    login,
    registrable_kks,
    screen_name,
    settle,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SCREENS = Path(__file__).resolve().parents[2] / "screens"


class OneField(App[None]):
    CSS = "Input { width: 24; }"

    def __init__(self, kind: type[Input]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(id="f")


def layouts_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    original = Widget.refresh

    def counted(self: Widget, *regions: object, layout: bool = False, **kwargs: object) -> Widget:
        if layout:
            asked.append(f"{type(self).__name__}#{self.id}")
        return original(self, *regions, layout=layout, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Widget, "refresh", counted)
    return asked


async def typed_and_seen(kind: type[Input]) -> list[tuple]:
    """What the field shows after each stage of typing a text longer than it, editing and
    clearing it: (value, scroll, cursor on screen, the visible line)."""
    seen: list[tuple] = []
    app = OneField(kind)
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one("#f", Input)

        def look() -> None:
            line = "".join(s.text for s in field.render_line(0))
            seen.append((field.value, field.scroll_x, field.cursor_screen_offset, line))

        await burst(pilot, *"puskesmas kadungora klinik pratama")
        look()
        field.value = "puskesmas"  # set by the screen (a resumed search), shorter
        await settle(pilot)
        look()
        await burst(pilot, *" kadungora klinik pratama", "home")
        look()
        await burst(pilot, "end", *["backspace"] * 20)
        look()
        await pilot.press("ctrl+u", *"ab")
        await settle(pilot)
        look()
    return seen


async def test_a_field_shows_what_textual_input_shows() -> None:
    field = await typed_and_seen(Field)
    plain = await typed_and_seen(Input)
    assert field == plain
    assert field[0][1] > 0  # the long text scrolled to keep the cursor in view
    assert field[-1][1] == 0  # and a short one is shown from its start
    assert field[-1][3].startswith("ab")


async def test_a_key_in_a_field_asks_for_no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    for kind, at_most in ((Input, None), (Field, 0)):
        app = OneField(kind)
        async with app.run_test(size=(40, 5)) as pilot:
            await settle(pilot)
            asked = layouts_asked(monkeypatch)
            await pilot.press(*"puskesmas")
            await settle(pilot)
            monkeypatch.undo()
        if at_most is None:
            assert len(asked) >= len("puskesmas")  # Textual's own: one per key
        else:
            assert asked == []


async def test_keys_of_the_walk_place_the_step_again_only_when_what_is_shown_moves(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_session(demo_engine) as s:
        kk = registrable_kks(s, 1)[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("f2")
        await settle(pilot)
        asked = layouts_asked(monkeypatch)
        await pilot.press(*kk)
        await settle(pilot)
        # Each digit changes the one-line hint ("12/16 digit", then "Lengkap: Kadungora...").
        assert "Kadungora" in text_of(app, "#kk-message")
        assert asked == []
        monkeypatch.undo()
        await keys.press("enter", "f10")
        assert screen_name(app) == "FktpScreen"
        asked = layouts_asked(monkeypatch)
        await keys.press("3", "2")  # the class, and the total under it
        assert "Rp" in text_of(app, "#total")
        assert asked == []
        monkeypatch.undo()
        await keys.press("tab")
        assert screen_name(app) == "FktpScreen"
        app.screen.query_one("#search", Input).focus()
        await settle(pilot)
        asked = layouts_asked(monkeypatch)
        typed = "puskesmas kadungora"
        await pilot.press(*typed)
        await settle(pilot)
        # Before: three a key (the field's width, the empty message line said again, the
        # line under the table). Now only when the results table itself changes.
        assert not [a for a in asked if a.startswith(("Field", "MessageLine", "Static"))]
        assert len(asked) < len(typed) // 2


async def test_a_line_that_stays_one_line_is_repainted_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class OneLine(App[None]):
        CSS = "Static { width: 30; height: auto; }"

        def compose(self) -> ComposeResult:
            yield MessageLine("m")

    app = OneLine()
    async with app.run_test(size=(40, 6)) as pilot:
        line = app.query_one("#m", MessageLine)
        asked = layouts_asked(monkeypatch)
        for text in ("3/16 digit", "4/16 digit  Kec. Cibatu", "4/16 digit  Kec. Cibatu"):
            show_message(line, text, "info")
        await settle(pilot)
        assert asked == [] and "Kec. Cibatu" in str(line.render())
        show_message(line, "Nomor KK harus 16 digit; yang diketik baru 15 digit.")  # 2 lines
        show_message(line, "")  # and back to one
        await settle(pilot)
        assert asked == ["MessageLine#m", "MessageLine#m"]
        assert line.has_class("message") and not line.has_class("-error")


def test_the_screens_build_fields_not_textual_inputs() -> None:
    built = [
        f"{path.relative_to(SCREENS.parent)}:{node.lineno}"
        for path in SCREENS.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Input"
    ]
    assert built == []
