"""Village files made to hurt: bombs that unpack to gigabytes, broken XML, damaged .xls,
a stray quote. Made small on disk, for the import tests and bench/import_memory.py."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.helpers.village_files import GOOD, HEADER


def _good_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in [HEADER, *GOOD]:
        sheet.append(line.split(","))
    book.save(path)


def _rewrite(path: Path, name: str, body: bytes) -> None:
    """`path` with its part `name` replaced by `body` (every other part kept)."""
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    parts[name] = body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
        for part, data in parts.items():
            new.writestr(part, data)


def shared_strings_bomb(path: Path, strings: int = 3_000_000) -> Path:
    """Millions of one-letter shared strings: ~60 MB of XML packed into a few hundred KB."""
    _good_xlsx(path)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{strings}" uniqueCount="{strings}">'
    )
    body = head.encode() + b"<si><t>a</t></si>" * strings + b"</sst>"
    _rewrite(path, "xl/sharedStrings.xml", body)
    return path


def cell_bomb(path: Path, rows: int = 4000) -> Path:
    """A sheet claiming 16,384 columns by a million rows, each row with a cell at the far
    right: a reader that pads rows to the sheet's claimed size builds 16,384 cells a row."""
    _good_xlsx(path)
    from openpyxl.utils import get_column_letter

    header = "".join(
        f'<c r="{get_column_letter(n)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for n, name in enumerate(HEADER.split(","), 1)
    )
    cells = f'<row r="1">{header}</row>' + "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c>'
        f'<c r="XFD{n}" t="inlineStr"><is><t>y</t></is></c></row>'
        for n in range(2, rows + 1)
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>' + cells + "</sheetData></worksheet>"
    )
    _rewrite(path, "xl/worksheets/sheet1.xml", body.encode())
    return path


def broken_sheet_xml(path: Path) -> Path:
    """A sheet whose XML stops in the middle of a tag (a download cut short)."""
    _good_xlsx(path)
    with zipfile.ZipFile(path) as old:
        sheet = old.read("xl/worksheets/sheet1.xml")
    _rewrite(path, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2])
    return path


def damaged_xls(source: Path, path: Path) -> Path:
    """A real .xls with a run of its bytes overwritten (a bad USB stick)."""
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xff" * min(4096, len(data) - middle)
    data[512:520] = b"\x00" * 8
    path.write_bytes(bytes(data))
    return path


def quoted_newlines(path: Path, lines: int = 3_000_000) -> Path:
    """Millions of short quoted cells, each holding a line break and none ending the row:
    the csv module would build one row of all of them."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        out.write(GOOD[0] + ",")
        chunk = '"a\n",' * 10_000
        for _ in range(lines // 10_000):
            out.write(chunk)
    return path
