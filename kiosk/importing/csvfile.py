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


class _Record:
    """How much of the file the row being read has taken: a quote left open takes every
    line after it into one row, which the csv module builds whole before handing it over."""

    def __init__(self) -> None:
        self.first = 1  # the physical line the row began on
        self.size = 0


def _bounded(
    handle: TextIO, name: str, nul_lines: set[int], record: _Record
) -> Generator[str, None, None]:
    """The file's lines, each at most MAX_LINE characters (`/dev/zero` has no line end), and
    no row more than MAX_LINE characters over however many lines (a stray quote in a file of
    quoted line breaks held a gigabyte). Lines holding a NUL character are noted in
    `nul_lines`: no database stores one alike."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        record.size += len(line)
        if len(line) > MAX_LINE:
            raise FileProblem(
                Problem("import.line_too_long", {"file": name, "line": number, "max": MAX_LINE})
            )
        if record.size > MAX_LINE:
            raise FileProblem(
                Problem(
                    "import.quote_runs_on",
                    {"file": name, "line": record.first, "last": number, "max": MAX_LINE},
                )
            )
        if "\x00" in line:
            nul_lines.add(number)
            # The row is refused by its number; Python 3.10's csv module would otherwise
            # refuse the whole file over this one character.
            line = line.replace("\x00", "\ufffd")
        yield line


def _lines(handle: TextIO, name: str) -> Generator[Any, None, None]:
    """The header first, then (line number, cells): one generator, so it owns the file."""
    with handle:
        nul_lines: set[int] = set()
        record = _Record()
        lines = _bounded(handle, name, nul_lines, record)
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
            header = [header_key(h) for h in next(reader)]
            yield header
            record.first, record.size = reader.line_num + skipped + 1, 0
            for cells in reader:
                begins, last = record.first, reader.line_num + skipped
                record.first, record.size = last + 1, 0
                # The first cell settles it for almost every row; blank cells are blank.
                if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                    if nul_lines and reader.line_num in nul_lines:
                        yield last, Problem("import.nul_cell")
                    elif last > begins and len(cells) != len(header):
                        # Lines taken into one row by a quote that is not closed where it
                        # should be: each of them named, none silently lost.
                        yield begins, Problem("import.quote_span", {"first": begins, "last": last})
                    else:
                        yield last, cells
        except UnicodeDecodeError as exc:
            raise FileProblem(Problem("import.not_utf8", {"file": name})) from exc
        except csv.Error as exc:
            why = str(exc)  # the csv module's English: only its gist is said
            key = "import.field_too_long" if "field larger" in why else "import.csv_error"
            line = reader.line_num + skipped
            raise FileProblem(Problem(key, {"file": name, "line": line, "max": MAX_FIELD})) from exc
