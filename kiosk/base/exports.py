"""Files the kiosk hands over (slips, report CSVs): owner-only, never silently replaced,
and safe to open in a spreadsheet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk.base import system
from kiosk.base.i18n import t
from kiosk.base.text import printable


class ExportProblem(Exception):
    """The file cannot be written: what to tell the operator, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def file_problem(path: Path, exc: OSError) -> ExportProblem:
    """An OSError about `path` in the operator's words (a missing folder, a folder, ...)."""
    if isinstance(exc, FileExistsError):
        return ExportProblem(t("export.exists", file=path))
    if isinstance(exc, FileNotFoundError):
        return ExportProblem(t("export.no_folder", folder=path.parent))
    if isinstance(exc, IsADirectoryError):
        return ExportProblem(t("export.is_folder", file=path))
    if isinstance(exc, PermissionError):
        return ExportProblem(t("export.no_permission", file=path))
    return ExportProblem(t("export.failed", file=path, why=exc.strerror or type(exc).__name__))


def write_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write `data` to a new file readable by this user only (0600). An existing file is
    kept unless `replace` (the `--force` of the commands), and then made owner-only too."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    try:
        fd = os.open(path, system.binary(flags), 0o600)
    except OSError as exc:
        raise file_problem(path, exc) from exc
    try:
        system.make_owner_only(fd)  # a replaced file keeps its old mode otherwise
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:  # a full disk, a file that cannot be written
        raise file_problem(path, exc) from exc


def write_partial(path: Path, data: bytes) -> Path:
    """`data` in a new owner-only file beside `path`, flushed to the disk. The caller renames
    it over `path` (os.replace) or publishes it (publish_new): `path` is never half written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(partial, system.binary(os.O_WRONLY | os.O_CREAT | os.O_EXCL), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def publish_new(partial: Path, target: Path) -> bool:
    """`partial`, written whole, takes the name `target`, unless a file is there already
    (False; `partial` is then the caller's to remove). Never replaces a file: a hard link
    where the file system has them, else a rename after a look (a FAT32 USB stick; on
    Windows a rename never replaces a file either)."""
    try:
        os.link(partial, target)
    except FileExistsError:
        return False
    except OSError:
        if target.exists():
            return False
        os.rename(partial, target)
        return True
    partial.unlink()
    return True


# A cell that starts like this is read as a formula by spreadsheet programs
# (`=CMD|' /C CALC'!A0`): written with a leading apostrophe, it stays text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value as a CSV cell a spreadsheet shows as text, never runs as a formula, and
    never holds a terminal's or a printer's control characters."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_bytes(rows: Iterable[Sequence[object]], *, excel: bool = False) -> bytes:
    """Rows as a CSV file's bytes, each cell made safe (csv_cell). `excel`: for Excel set to
    Indonesian, whose list separator is ";" (its decimal mark is ","), with the BOM that
    tells it the file is UTF-8; otherwise "," and plain UTF-8."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig" if excel else "utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[object], Iterable[Sequence[object]]]]) -> bytes:
    """A workbook, one sheet per (title, header, rows): headers bold, numbers as numbers and
    everything else as text, so a VA or a case code is never read as a number or a date.
    Cells are made safe as in CSV (no formula ever starts a cell)."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        # Excel's limit for a sheet's name, and the characters it refuses in one.
        sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", "-", title)[:31])
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=str(name))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append([csv_cell(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
