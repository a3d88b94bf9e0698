"""Reading the spreadsheets villages keep: OpenSID's `.xlsx` exports and SIAK's `.xls`.

Rows come out as the CSV reader's do, `(row number, cells as text)`, so the same validation
applies; a row number is the spreadsheet's own. The libraries are imported here only, when
such a file is imported. Cells are turned into the text a person would have typed:

- a date cell becomes `YYYY-MM-DD`;
- a whole number becomes its digits (`1`, not `1.0`);
- a number of 15 digits or more is refused for its row: Excel keeps 15 significant digits,
  so a NIK or KK typed as a number has already lost its last digit.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.base.errors import Problem
from kiosk.importing.cells import MAX_FIELD, FileProblem, RowCells, header_key

SUFFIXES = (".xlsx", ".xlsm", ".xls")
# 10**14 has 15 digits: from there on Excel may already have rounded the number.
_LONGEST_EXACT = 10**14


def read_rows(path: Path) -> tuple[list[str], Generator[tuple[int, RowCells], None, None]]:
    """The first sheet's header (as keys) and each non-empty row after it."""
    rows = _xls_rows(path) if path.suffix.lower() == ".xls" else _xlsx_rows(path)
    lines = _lines(rows, path.name)
    return next(lines), lines


def _xlsx_rows(path: Path) -> Generator[tuple[Any, ...], None, None]:
    import zipfile

    from openpyxl import load_workbook

    try:
        # Read-only: streamed row by row, never the whole workbook in memory.
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def _xls_rows(path: Path) -> Generator[tuple[Any, ...], None, None]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except (OSError, xlrd.XLRDError, ValueError, AssertionError) as exc:
        raise _unreadable(path, exc) from exc
    try:
        sheet = book.sheet_by_index(0)
        for n in range(sheet.nrows):
            row = []
            for cell in sheet.row(n):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                else:
                    row.append(cell.value)
            yield tuple(row)
    finally:
        book.release_resources()


def _unreadable(path: Path, exc: Exception) -> FileProblem:
    why = getattr(exc, "strerror", None) or type(exc).__name__
    return FileProblem(Problem("import.unreadable", {"file": path.name, "why": why}))


def _lines(rows: Iterable[tuple[Any, ...]], name: str) -> Generator[Any, None, None]:
    """The header first, then (row number, cells or the problem that refuses the row)."""
    numbered = enumerate(rows, 1)
    for _, first in numbered:
        if any(_text(v) for v in first):
            break
    else:
        raise FileProblem(Problem("import.empty", {"file": name}))
    header = [header_key(_text(v)) for v in first]
    while header and not header[-1]:
        header.pop()  # trailing empty columns of the sheet
    yield header
    width = len(header)
    for number, values in numbered:
        cells: list[str] = []
        problem: Problem | None = None
        for value in values:
            long_number = isinstance(value, (int, float)) and abs(value) >= _LONGEST_EXACT
            if long_number and not isinstance(value, bool):
                problem = Problem("import.number_cell", {"column": len(cells) + 1})
            text = _text(value)
            if len(text) > MAX_FIELD:
                problem = Problem("import.cell_too_long", {"max": MAX_FIELD})
            cells.append(text)
        if not any(c.strip() for c in cells):
            continue
        # A sheet's rows run as wide as its widest one, and an empty last cell may be left
        # out: as wide as the header, unless a cell beyond it holds something.
        while len(cells) > width and not cells[-1]:
            cells.pop()
        cells += [""] * (width - len(cells))
        yield number, problem if problem is not None else cells


def _text(value: Any) -> str:
    """A cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()
