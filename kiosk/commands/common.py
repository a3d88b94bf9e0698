"""What every subcommand needs: the database the command line names, and a PIN typed without echo."""

from __future__ import annotations

import argparse  # stdlib: cheap, and skipped entirely for a plain start
import sys

from kiosk.base.i18n import t


def open_engine(args: argparse.Namespace):
    from kiosk.base.config import database_url
    from kiosk.base.database import open_database

    return open_database(database_url(args.db))


def session_for(args: argparse.Namespace):
    from kiosk.base.database import session

    return session(open_engine(args))


def read_pin(prompt: str = "cli.operator.pin", confirm: bool = True) -> str:
    """A PIN from the terminal (typed twice, not shown) or one line of piped input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    import getpass

    first = getpass.getpass(t(prompt))
    if confirm and getpass.getpass(t("cli.operator.pin_again")) != first:
        from kiosk.base.errors import fail

        raise fail("cli.operator.pin_differs")
    return first
