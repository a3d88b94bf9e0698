"""The command line run in this process, as a shell would run it."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass

from kiosk.base import i18n
from kiosk.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def kiosk(*args: str, db: str, stdin: str = "") -> Result:
    """Run `kiosk --db DB ARGS` in this process, as a shell would (stdin is not a terminal)."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", db, *args])
    finally:
        sys.stdin = old_stdin
        i18n.set_language("id")
    return Result(code, out.getvalue(), err.getvalue())
