"""The kiosk as a Linux console desk runs it: on the text console's terminal (TERM=linux) it
draws in ASCII by itself, and a crash says one line in the operator's language, shows no
traceback, logs its frames without the family's data, and exits non-zero so the service
that started it starts it again (docs/desks.md)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from tests.helpers.terminal import run_in_terminal

NIK = "3205100512800002"
# The family's data reaches the fault's message, never a line of code (Python 3.13 keeps
# the lines of a `-c` program, which the log then shows like any other code).
CRASH_AT_LOGIN = f"""
import sys
from screens.desk import login

words = ["cannot show", "{NIK}", "ASEP"]

def boom(self):
    raise RuntimeError(" ".join(words))

login.LoginScreen.on_mount = boom
from kiosk.cli import main
sys.exit(main([]))
"""
# Box drawing, block elements, geometric shapes: what the text console's font lacks.
UNICODE_DRAWING = re.compile("[\u2500-\u25ff]")


def _env(tmp_path: Path, term: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(
        TERM=term, KIOSK_LANG="id", KIOSK_DATA_DIR=str(tmp_path / "data"),
        KIOSK_LOG_DIR=str(tmp_path / "log"), COLUMNS="80", LINES="24",
    )  # fmt: skip
    return env


def test_a_crash_says_one_line_exits_non_zero_and_logs_no_data(tmp_path: Path) -> None:
    code, drawn = run_in_terminal(
        [sys.executable, "-c", CRASH_AT_LOGIN], _env(tmp_path, "xterm-256color")
    )
    assert code == 70
    assert "Kiosk berhenti karena gangguan (RuntimeError" in drawn
    assert "Traceback" not in drawn and NIK not in drawn and "ASEP" not in drawn
    log = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "fault in kiosk: builtins.RuntimeError" in log and "in boom" in log
    assert NIK not in log and "ASEP" not in log
    assert (tmp_path / "log" / "kiosk.log").stat().st_mode & 0o077 == 0


def test_the_text_console_gets_the_ascii_look_by_itself(tmp_path: Path) -> None:
    kiosk = [sys.executable, "-m", "kiosk.cli"]
    # ctrl+q once the login screen is drawn whole (the demo database is open: its hint shows)
    quit_at_login = [(b"LATIHAN: data", b"\x11")]
    code, console = run_in_terminal(kiosk, _env(tmp_path, "linux"), quit_at_login)
    assert code == 0 and "PIN" in console
    assert UNICODE_DRAWING.findall(console) == []
    # The same screen on a terminal that draws Unicode does use it: the check can fail.
    code, xterm = run_in_terminal(kiosk, _env(tmp_path, "xterm-256color"), quit_at_login)
    assert code == 0 and UNICODE_DRAWING.search(xterm)
