"""Reading the CSV files people bring: UTF-8 with or without BOM, `,` `;` or tab separated."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Generator
from pathlib import Path
from typing import Any, TextIO

from kiosk.ids import Problem


class FileProblem(Exception):
    """The file as a whole cannot be used (exit status 2)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def header_key(name: str) -> str:
    """'Nomor KK' -> 'nomor_kk', 'Tgl. Lahir' -> 'tgl_lahir'."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.strip().lower())
    return "_".join(cleaned.split())


def read_rows(path: Path) -> tuple[list[str], Generator[tuple[int, list[str]], None, None]]:
    """The header (as keys) and (line number, cells) for each non-empty data row.

    The file is read as the rows are taken, never whole: a kabupaten's file of a million
    rows would otherwise sit in memory several times over. Bytes that are not UTF-8 further
    down raise FileProblem when they are reached. The file closes when the rows run out or
    are dropped.
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FileProblem(
            Problem("import.unreadable", {"file": path.name, "why": exc.strerror or ""})
        ) from exc
    lines = _lines(handle, path.name)
    header = next(lines)
    return header, lines


def _lines(handle: TextIO, name: str) -> Generator[Any, None, None]:
    """The header first, then (line number, cells): one generator, so it owns the file."""
    with handle:
        try:
            first = handle.readline()
            if not first.strip():
                raise FileProblem(Problem("import.empty", {"file": name}))
            delimiter = max((";", ",", "\t"), key=first.count)
            reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter)
            yield [header_key(h) for h in next(reader)]
            for cells in reader:
                # The first cell settles it for almost every row; blank cells are blank.
                if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                    yield reader.line_num, cells
        except UnicodeDecodeError as exc:
            raise FileProblem(Problem("import.not_utf8", {"file": name})) from exc
