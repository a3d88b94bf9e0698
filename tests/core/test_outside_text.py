"""Text from outside (village files, the keyboard): control characters are refused where they
come in, named so the operator can find them, and masked wherever old data still holds one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.base import text
from kiosk.base.errors import WorkflowError
from kiosk.cases import consent, household, lifecycle, membership, submission
from kiosk.desk import operators, settings
from kiosk.importing.run import import_file
from models import Person
from tests.helpers.screens import demo_family
from tests.helpers.village_files import GOOD, HEADER

HOSTILE = ["\x1b[2J", "\x07", "\x00", "\x9b", "\u202e", "\x7f", "\x08"]


@pytest.mark.parametrize("char", HOSTILE)
def test_every_control_character_is_named_and_refused(char: str) -> None:
    problem = text.control_problem(f"ASEP{char}HIDAYAT")
    assert problem is not None and problem.key == "text.control_char"
    assert f"U+{ord(char[0]):04X}" in problem.message
    assert text.printable(f"A{char}B") == "A?" + char[1:] + "B"


def test_brackets_tabs_and_line_breaks_are_ordinary_text() -> None:
    for ordinary in ("ASEP [/] HIDAYAT", "[bold]SITI[/bold]", "KP. LEGOK\nRT 1", "A\tB", "Ñañá"):
        assert text.control_problem(ordinary) is None
        assert text.printable(ordinary) == ordinary.replace("\r", "")


def test_escape_says_esc_so_the_operator_knows_what_to_look_for() -> None:
    assert text.char_name("\x1b") == "ESC (U+001B)"
    assert text.char_name("\u202e") == "RIGHT-TO-LEFT OVERRIDE (U+202E)"


def test_an_import_row_with_escape_is_reported_with_its_line_and_column(
    session: Session, tmp_path: Path
) -> None:
    row = GOOD[2].replace("Rizki Hidayat", "Rizki\x1b[2JHidayat")
    path = tmp_path / "f.csv"
    path.write_text("\n".join([HEADER, GOOD[0], GOOD[1], row]) + "\n", encoding="utf-8")
    report = import_file(session, "families", path)
    assert report.rejected == 1 and not report.written
    bad = [line for line in report.lines if line.startswith("baris 4")]
    assert bad and "kolom 3" in bad[0] and "ESC (U+001B)" in bad[0], report.lines
    assert "\x1b" not in "".join(report.lines)
    assert session.exec(select(Person)).all() == []
    skipped = import_file(session, "families", path, skip_bad=True)
    assert skipped.inserted == 2
    assert all("\x1b" not in p.name for p in session.exec(select(Person)))


def test_typed_names_and_notes_refuse_control_characters(demo_session: Session) -> None:
    s = demo_session
    kk = demo_family(s, covered=0, size=2)
    begun = household.begin(s, kk, None, "training")
    assert begun.case is not None
    case = begun.case
    born = date(2020, 1, 1)
    check = membership.check_member(
        s, case, membership.MemberInput("3205100101200001", "BAYI\x1b[31m", "P", born, 4)
    )
    assert check.errors["name"].key == "text.control_char"
    with pytest.raises(WorkflowError) as exc:
        lifecycle.cancel(s, case, "other", "pindah\x1b]0;x\x07", None)
    assert "ESC" in exc.value.message and case.status == "draft"
    with pytest.raises(WorkflowError):
        submission.refer(s, case, "dukcapil", "catatan\x9b", None)
    assert consent.check_consenter("SITI\u202eAMINAH", []) is not None
    assert operators.check_name("op\x1b") is not None and operators.check_name("op [/]") is None
    assert settings.check({"desk_name": "Desa\x1b[2J"})["desk_name"].key == "text.control_char"
    assert "desk_name" not in settings.check({"desk_name": "Desa [Cikembulan]"})


def test_papers_and_csv_cells_never_carry_a_control_character() -> None:
    from kiosk.base.exports import csv_cell
    from kiosk.papers.page import latin1

    assert latin1("ASEP\x1b[2J\x9bHIDAYAT") == "ASEP?[2J?HIDAYAT"
    assert csv_cell("SITI\x1b]0;x\x07") == "SITI?]0;x?"
    assert csv_cell("\x07=HYPERLINK(1)") == "?=HYPERLINK(1)"
    assert csv_cell("=1+1") == "'=1+1" and csv_cell(5) == 5
