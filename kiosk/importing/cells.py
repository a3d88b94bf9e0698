"""What every village file is read into, whatever its format: a row's cells or the problem
that refuses it, the problem that refuses a whole file, header names as keys, and the limits
on a line and a cell."""

from __future__ import annotations

from kiosk.base.errors import Problem

# A real row is a few hundred characters. Past these, the file is not a residents' list
# (or not only one): refused with the line, rather than read until memory runs out.
MAX_LINE = 100_000
MAX_FIELD = 10_000

# A row's cells, or the problem that refuses the row as it is read (a NUL character, a long
# number a spreadsheet has rounded): the importer reports it with the row's number.
RowCells = list[str] | Problem


class FileProblem(Exception):
    """The file as a whole cannot be used (exit status 2)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def header_key(name: str) -> str:
    """'Nomor KK' -> 'nomor_kk', 'Tgl. Lahir' -> 'tgl_lahir'."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.strip().lower())
    return "_".join(cleaned.split())
