"""Outside text on screen: a name is shown as it is written, never read as markup.

A family named `ASEP [/] HIDAYAT` (from a village file, or data saved before control
characters were refused) shut the kiosk down at Home, at every desk sharing the database.
"""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.app import ComposeResult

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.base.logs import fault_report
from kiosk.base.text import printable
from kiosk.desk import settings as desk_settings
from kiosk.registry import facilities
from kiosk.rules import casecode
from models import Case, Facility, Family, Person
from screens.jobs import DatabaseJobs
from screens.plain import Label, Select, Static
from screens.plain_table import DataTable
from screens.widgets.toggles import Checkbox, RadioButton
from tests.helpers.screens import (
    KeyCounter,
    demo_family,
    login,
    open_by_code,
    screen_name,
    start_registration,
    text_of,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Each is something Rich or Textual would read as markup or a terminal as a command.
HEAD = "ASEP [/] HIDAYAT"
CHILD = "DEDI \x1b[2J[/]]"
FACILITY = "PUSKESMAS [b]KADUNGORA[/] [red]"
DESK = "Meja [/bold] Desa"


def rows_of(table: DataTable) -> list[str]:
    """Each row of a table as the operator reads it, cells joined by " | "."""
    out = []
    for index in range(table.row_count):
        cells = table.get_row_at(index)
        out.append(" | ".join(getattr(c, "plain", str(c)) for c in cells))
    return out


async def test_names_holding_markup_are_shown_as_written_from_lookup_to_the_case_screen(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
        family = s.exec(select(Family).where(Family.kk_number == kk)).one()
        people = s.exec(
            select(Person).where(Person.family_id == family.id).order_by(Person.relation)
        ).all()
        people[0].name, people[1].name = HEAD, CHILD  # as an old import left them
        facility = s.exec(select(Facility).where(Facility.code == "0403P001")).one()
        facility.name = FACILITY
        s.add_all([*people, facility])
        desk_settings.put(s, "desk_name", DESK)
        facilities.facilities_changed(s)  # as an import does: every kept index is stale
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        assert DESK in text_of(app, "#topbar")
        await start_registration(keys, kk)
        assert screen_name(app) == "MembersScreen"
        shown = "\n".join(rows_of(app.screen.query_one("#members", DataTable)))
        assert HEAD in shown and printable(CHILD) in shown and "\x1b" not in shown
        await keys.press("f10")
        await keys.press("3")
        await keys.press("tab")
        await keys.type("#search", "kadungora")
        await keys.press("enter")
        assert FACILITY in text_of(app, "#choice")
        await keys.press("f6", "f10")
        await keys.fill_contact("0812 3456 7890")
        await keys.press("f10")
        assert screen_name(app) == "ConfirmScreen"
        assert HEAD in text_of(app, "#summary")
        await keys.press("f6", "f10")
        assert screen_name(app) == "DoneScreen"
        done = text_of(app, "#done-summary")
        assert FACILITY in done and "[b]" not in done.replace(FACILITY, "")
        await keys.press("escape")
        assert screen_name(app) == "HomeScreen"
        with make_session(demo_engine) as s:
            case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        listed = "\n".join(rows_of(app.screen.query_one("#waiting", DataTable)))
        assert HEAD[:18] in listed
        await open_by_code(keys, casecode.display(case.code))
        assert screen_name(app) == "CaseScreen"
        assert HEAD in text_of(app, "#case-summary")
        assert app.is_running


class _Probe(DatabaseJobs):
    """Every widget that shows outside text, fed the same strings."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts

    def compose(self) -> ComposeResult:
        for n, text in enumerate(self.texts):
            yield Static(text, id=f"static-{n}")
            yield Label(text, id=f"label-{n}")
            yield Checkbox(text, id=f"check-{n}")
            yield RadioButton(text, id=f"radio-{n}")
        yield Select([(text, n) for n, text in enumerate(self.texts)], id="select")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("[b]name[/]", "[/]")
        table.add_rows([(text, text) for text in self.texts])
        for text in self.texts:
            self.notify(text, title=text)


async def _show(texts: list[str]) -> None:
    app = _Probe(texts)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n, text in enumerate(texts):
            assert str(app.query_one(f"#static-{n}", Static).render()) == printable(text)
            assert str(app.query_one(f"#label-{n}", Label).render()) == printable(text)
        assert rows_of(app.query_one(DataTable)) == [
            f"{printable(x)} | {printable(x)}" for x in texts
        ]
        app.query_one(DataTable).update_cell_at((0, 0), texts[0])
        await pilot.pause()
    assert app.return_code in (None, 0)


# Names as they come from the worst village file: brackets, markup tags, escapes, controls.
_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "[/]",
        "[bold]",
        "[/bold]",
        "[@click=app.quit]",
        "\\",
        "\x1b[2J",
        "\x07",
        "$x",
        "\u202e",
    ]
)
_NAMES = st.lists(st.one_of(_PIECES, st.text(min_size=1, max_size=4)), min_size=1, max_size=6).map(
    "".join
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NAMES, min_size=1, max_size=6))
def test_any_name_is_shown_literally_and_the_app_keeps_running(texts: list[str]) -> None:
    asyncio.run(_show(texts))


def test_a_fault_report_names_the_place_not_the_data() -> None:
    def save(nik: str) -> None:
        raise ValueError(f"cannot save {nik} for ASEP [/] HIDAYAT")

    try:
        save("3205100512800002")
    except ValueError as exc:
        report = fault_report(exc)
    assert "ValueError" in report and "test_literal_text" not in report
    assert "3205100512800002" not in report and "ASEP" not in report


def test_screens_take_text_widgets_only_from_screens_plain() -> None:
    plain = {"Static", "Label", "DataTable", "Select", "Checkbox", "RadioButton", "RadioSet"}
    root = Path(__file__).resolve().parents[2] / "screens"
    allowed = {root / "plain.py", root / "plain_table.py", root / "widgets" / "toggles.py"}
    found = []
    for path in root.rglob("*.py"):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                found += [f"{path.name}: {a.name}" for a in node.names if a.name in plain]
    assert found == []
