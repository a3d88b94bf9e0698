"""Reading the CSV files people bring: UTF-8 with or without BOM, `,` `;` or tab separated."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

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


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (as keys) and (line number, cells) for each non-empty data row."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileProblem(
            Problem("import.unreadable", {"file": path.name, "why": exc.strerror or ""})
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(Problem("import.not_utf8", {"file": path.name})) from exc
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise FileProblem(Problem("import.empty", {"file": path.name}))
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [header_key(h) for h in next(reader)]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            # The first cell settles it for almost every row; whitespace-only rows count as blank.
            if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                yield reader.line_num, cells

    return header, rows()
