"""Reading the CSV files people bring: UTF-8 with or without BOM, `,` `;` or tab separated."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Generator
from pathlib import Path
from typing import Any, TextIO

from kiosk.base.errors import Problem
from kiosk.importing.cells import MAX_FIELD, MAX_LINE, FileProblem, RowCells, header_key


def read_rows(path: Path) -> tuple[list[str], Generator[tuple[int, RowCells], None, None]]:
    """The header (as keys) and (line number, cells) for each non-empty data row; a
    spreadsheet (.xlsx, .xls) is read as one (kiosk.importing.spreadsheets).

    The file is read as the rows are taken, never whole: a kabupaten's file of a million
    rows would otherwise sit in memory several times over. Bytes that are not UTF-8 further
    down raise FileProblem when they are reached. The file closes when the rows run out or
    are dropped.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from kiosk.importing import spreadsheets

        return spreadsheets.read_rows(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FileProblem(
            Problem("import.unreadable", {"file": path.name, "why": exc.strerror or ""})
        ) from exc
    lines = _lines(handle, path.name)
    header = next(lines)
    return header, lines


def _bounded(handle: TextIO, name: str, nul_lines: set[int]) -> Generator[str, None, None]:
    """The file's lines, each at most MAX_LINE characters (`/dev/zero` has no line end).
    Lines holding a NUL character are noted in `nul_lines`: no database stores one alike."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise FileProblem(
                Problem("import.line_too_long", {"file": name, "line": number, "max": MAX_LINE})
            )
        if "\x00" in line:
            nul_lines.add(number)
        yield line


def _lines(handle: TextIO, name: str) -> Generator[Any, None, None]:
    """The header first, then (line number, cells): one generator, so it owns the file."""
    with handle:
        nul_lines: set[int] = set()
        lines = _bounded(handle, name, nul_lines)
        try:
            # Blank lines above the header (some exports start with one) are no header.
            skipped = 0
            for first in lines:
                if first.strip():
                    break
                skipped += 1
            else:
                raise FileProblem(Problem("import.empty", {"file": name}))
            delimiter = max((";", ",", "\t"), key=first.count)
            csv.field_size_limit(MAX_FIELD)
            reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
            yield [header_key(h) for h in next(reader)]
            for cells in reader:
                # The first cell settles it for almost every row; blank cells are blank.
                if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                    if nul_lines and reader.line_num in nul_lines:
                        yield reader.line_num + skipped, Problem("import.nul_cell")
                        continue
                    yield reader.line_num + skipped, cells
        except UnicodeDecodeError as exc:
            raise FileProblem(Problem("import.not_utf8", {"file": name})) from exc
        except csv.Error as exc:
            why = str(exc)  # the csv module's English: only its gist is said
            if "field larger" in why:
                key = "import.field_too_long"
            elif "NUL" in why:  # Python 3.10; later ones read it, and the row is refused
                key = "import.nul"
            else:
                key = "import.csv_error"
            line = reader.line_num + skipped
            raise FileProblem(Problem(key, {"file": name, "line": line, "max": MAX_FIELD})) from exc
