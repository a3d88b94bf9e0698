"""What every subcommand needs: the database the command line names, and a PIN typed without echo."""

from __future__ import annotations

import argparse  # stdlib: cheap, and skipped entirely for a plain start
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.base.i18n import t

if TYPE_CHECKING:
    from sqlmodel import Session


def open_engine(args: argparse.Namespace, *, may_create: bool = False):
    """The database the command line names. An SQLite file named by --db or
    KIOSK_DATABASE_URL that does not exist is refused unless the command makes databases
    (a mistyped name would otherwise become an empty database that every check calls fine)."""
    import os

    from sqlalchemy.engine import make_url

    from kiosk.base.config import database_url
    from kiosk.base.database import open_database

    url = database_url(args.db)
    named = args.db is not None or bool(os.environ.get("KIOSK_DATABASE_URL"))
    parsed = make_url(url)
    if named and not may_create and parsed.get_backend_name() == "sqlite":
        from pathlib import Path

        database = parsed.database or ""
        if database and database != ":memory:" and not Path(database).exists():
            from kiosk.base.errors import fail

            raise fail("cli.no_database", file=database)
    return open_database(url)


@contextmanager
def session_for(args: argparse.Namespace, *, may_create: bool = False) -> Iterator[Any]:
    """A session on the named database, its engine closed after: a connection left in the
    pool is a kiosk still using the file (kiosk.desk.backup refuses to restore over it)."""
    from kiosk.base.database import session

    engine = open_engine(args, may_create=may_create)
    try:
        with session(engine) as opened:
            yield opened
    finally:
        engine.dispose()


def read_line() -> str:
    """One line of piped input, "" when there is none: stdin closed (`<&-`, a service) or
    at its end."""
    stream = sys.stdin
    if stream is None or stream.closed:
        return ""
    try:
        return stream.readline().strip()
    except (OSError, ValueError):
        return ""


def interactive() -> bool:
    stream = sys.stdin
    try:
        return stream is not None and not stream.closed and stream.isatty()
    except (OSError, ValueError):
        return False


def read_pin(prompt: str = "cli.operator.pin", confirm: bool = True) -> str:
    """A PIN from the terminal (typed twice, not shown) or one line of piped input."""
    if not interactive():
        return read_line()
    import getpass

    first = getpass.getpass(t(prompt))
    if confirm and getpass.getpass(t("cli.operator.pin_again")) != first:
        from kiosk.base.errors import fail

        raise fail("cli.operator.pin_differs")
    return first


def export_files(
    args: argparse.Namespace,
    what: str,
    *,
    csv: Callable[[Path, bool, bool], int] | None = None,
    xlsx: Callable[[Path, bool], object] | None = None,
    pdf: Callable[[Session, Path, bool], object] | None = None,
    pdf_said: str = "cli.report.pdf",
) -> None:
    """The files a report command was asked for (`--csv`, `--xlsx`, `--pdf`), each written
    owner-only (replaced only with `--force`), audited, and said on one line. `csv` gets the
    path, `--force` and whether Excel set to Indonesian reads it (`--excel` or the desk's
    setting) and returns its rows; `pdf` gets a session for what the page needs."""
    from kiosk.desk import audit, settings

    if args.csv and csv is not None:
        with session_for(args) as session:
            excel = args.excel or settings.get(session, "csv_excel") == "1"
        rows = csv(args.csv, args.force, excel)
        with session_for(args) as session:
            audit.exported(session, f"{what}_csv", args.csv)
        print(t("cli.report.csv", rows=rows, file=args.csv))
    if args.xlsx and xlsx is not None:
        xlsx(args.xlsx, args.force)
        with session_for(args) as session:
            audit.exported(session, f"{what}_xlsx", args.xlsx)
        print(t("cli.report.xlsx", file=args.xlsx))
    if args.pdf and pdf is not None:
        from kiosk.papers.issue import issue

        with session_for(args) as session:
            pdf(session, args.pdf, args.force)
            issue(session, f"{what}_pdf", args.pdf)
        print(t(pdf_said, file=args.pdf))
