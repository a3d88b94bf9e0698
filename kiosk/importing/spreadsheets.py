"""Reading the spreadsheets villages keep: OpenSID's `.xlsx` exports and SIAK's `.xls`.

Rows come out as the CSV reader's do, `(row number, cells as text)`, so the same validation
applies; a row number is the spreadsheet's own. The libraries are imported here only, when
such a file is imported. Cells are turned into the text a person would have typed:

- a date cell becomes `YYYY-MM-DD`;
- a whole number becomes its digits (`1`, not `1.0`);
- a number of 15 digits or more is refused for its row: Excel keeps 15 significant digits,
  so a NIK or KK typed as a number has already lost its last digit.

Memory stays bounded whatever the file holds (a 400 KB .xlsx once took 2.8 GB): an .xlsx's
parts are measured before anything is read (openpyxl keeps the whole shared-strings table
in memory, so it may not unpack past SHARED_STRINGS_MAX, and no part may unpack to more
than MAX_RATIO times its packed size), a row is read no wider than MAX_COLUMNS whatever the
sheet claims, and an .xls (read whole by xlrd) may not exceed XLS_MAX. Past these the file
is refused with the advice to save it as CSV, which is read as it streams. A damaged file
is refused in words, whatever the parser raised.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.base.errors import Problem
from kiosk.importing.cells import MAX_FIELD, FileProblem, RowCells, header_key

SUFFIXES = (".xlsx", ".xlsm", ".xls")
SHARED_STRINGS_MAX = 16 << 20  # a kecamatan's names and addresses take a few MiB
PART_MAX = 512 << 20  # one sheet, unpacked; read as it streams, so only a sanity bound
MAX_RATIO = 200  # real sheets pack 5-20 times; a bomb, thousands
XLS_MAX = 16 << 20  # SIAK's .xls of a village is a few MiB; xlrd holds it whole, times ~10
MAX_COLUMNS = 256  # no residents' list is wider; a sheet claiming 16,384 columns is not one
# 10**14 has 15 digits: from there on Excel may already have rounded the number.
_LONGEST_EXACT = 10**14


def read_rows(path: Path) -> tuple[list[str], Generator[tuple[int, RowCells], None, None]]:
    """The first sheet's header (as keys) and each non-empty row after it."""
    rows = _xls_rows(path) if path.suffix.lower() == ".xls" else _xlsx_rows(path)
    lines = _lines(rows, path.name)
    return next(lines), lines


def _measure_xlsx(path: Path) -> None:
    """Refuse, before openpyxl reads a byte of it, an .xlsx that would unpack past what a
    2 GB PC can hold. The sizes checked are the ones the zip declares: Python's zip reader
    never hands over more than a part declares."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    for part in parts:
        shared = part.filename.lower().endswith("sharedstrings.xml")
        too_big = part.file_size > (SHARED_STRINGS_MAX if shared else PART_MAX)
        if too_big or part.file_size > max(1 << 20, part.compress_size * MAX_RATIO):
            raise FileProblem(Problem("import.too_big_unpacked", {"file": path.name}))


def _xlsx_rows(path: Path) -> Generator[tuple[Any, ...], None, None]:
    from openpyxl import load_workbook

    _measure_xlsx(path)
    try:
        # Read-only: streamed row by row, never the whole workbook in memory.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged file fails in the parser, in any of its ways
        raise _unreadable(path, exc) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the size a sheet claims pads every row to it
        yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    except FileProblem:
        raise
    except Exception as exc:  # broken sheet XML found halfway through
        raise _unreadable(path, exc) from exc
    finally:
        book.close()


def _xls_rows(path: Path) -> Generator[tuple[Any, ...], None, None]:
    import xlrd

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if size > XLS_MAX:
        raise FileProblem(Problem("import.too_big_unpacked", {"file": path.name}))
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # a damaged file fails in the parser, in any of its ways
        raise _unreadable(path, exc) from exc
    try:
        sheet = book.sheet_by_index(0)
        rows = sheet.nrows
    except Exception as exc:
        book.release_resources()
        raise _unreadable(path, exc) from exc
    try:
        for n in range(rows):
            yield tuple(_xls_value(xlrd, cell, book.datemode) for cell in sheet.row(n))
    finally:
        book.release_resources()


def _xls_value(xlrd: Any, cell: Any, datemode: int) -> Any:
    if cell.ctype != xlrd.XL_CELL_DATE:
        return cell.value
    try:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    except (ValueError, OverflowError):  # a date before 1900 or past 9999: the row says so
        return cell.value


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
