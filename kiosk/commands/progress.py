"""Long work on the command line says how far it is: a bar on a terminal (rich's, installed
with Textual), a count line now and then when the output is a log or a pipe. Always on
stderr, so what a command prints on stdout stays the same."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.base.i18n import t

# Without a terminal, a line every this many rows (a log of a million-row import: 10 lines).
EVERY = 100_000
SPREADSHEETS = (".xlsx", ".xls")


def _terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):
        return False


def count_lines(path: Path) -> int | None:
    """A CSV's lines, counted in large reads (a million rows: about 0.1 s); None for a
    spreadsheet, whose rows are known only as they are read."""
    if path.suffix.lower() in SPREADSHEETS or not path.is_file():
        return None  # a device (/dev/zero never ends) or a pipe is read only once, by the import
    lines, last = 0, b"\n"
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None
    lines += last != b"\n"  # a last row without its newline
    return max(lines - 1, 0)  # the header is not a row


@contextmanager
def rows(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A callback taking the rows read so far."""
    if not _terminal():
        said = [0]

        def count(read: int) -> None:
            if read - said[0] >= EVERY:
                said[0] = read
                of = f"/{total}" if total else ""
                print(t("cli.progress.rows", label=label, read=f"{read}{of}"), file=sys.stderr)

        yield count
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(read: int) -> None:
            bar.update(task, completed=read)

        yield advance


@contextmanager
def step(words: str) -> Iterator[None]:
    """One step of unknown length (sealing a backup, checking a restore): a spinner with its
    words on a terminal; nothing otherwise (a log, or a failure said in one line, stays as
    it was)."""
    if not _terminal():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(words):
        yield
