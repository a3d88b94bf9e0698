"""The simulated-Windows pass: the core and screen tests run with what Windows lacks taken
away, and the kiosk's Windows branches taken (kiosk.base.system.WINDOWS).

`KIOSK_TEST_SIMULATE_WINDOWS=1 uv run pytest tests/core tests/ui` (CI runs it). There is no
Windows machine here: this catches a POSIX-only call that would crash a Windows desk, not
what only a real Windows shows (its terminal, its print spooler, its file locking).
Tests of POSIX behaviour itself (file modes, lp) are marked `posix_only` and skipped.
"""

from __future__ import annotations

import os
import sys

ENV = "KIOSK_TEST_SIMULATE_WINDOWS"

# Functions of the os module that Windows' Python does not have (fchmod: before 3.13).
# The kiosk may use none of them outside kiosk.base.system (tests/architecture checks).
POSIX_ONLY_CALLS = (
    "confstr", "fchmod", "lchmod", "fchown", "lchown", "chown", "sync", "statvfs",
    "getloadavg", "sysconf", "pathconf", "fpathconf", "getuid", "geteuid", "getgid",
    "killpg", "setsid", "fork", "nice", "mkfifo",
)  # fmt: skip
# Removed in this pass; the others are kept because pytest itself calls them.
REMOVED_CALLS = tuple(c for c in POSIX_ONLY_CALLS if c not in ("getuid", "geteuid", "fork"))
# Modules Windows' Python does not have; importing one raises ImportError.
POSIX_ONLY_MODULES = ("fcntl", "pwd", "grp", "resource")

# What the simulated os.startfile was asked: (path, operation).
started: list[tuple[str, str]] = []


def _startfile(path: str, operation: str = "open") -> None:
    if not os.path.exists(path):
        raise FileNotFoundError(2, "The system cannot find the file specified", path)
    started.append((path, operation))


def wanted() -> bool:
    return os.environ.get(ENV) == "1"


def apply() -> None:
    """Take the POSIX-only calls away from this process and make the kiosk think it runs on
    Windows. Called before any kiosk module is imported by the tests."""
    for name in REMOVED_CALLS:
        if hasattr(os, name):
            delattr(os, name)
    for module in POSIX_ONLY_MODULES:
        sys.modules[module] = None  # type: ignore[assignment]
    os.startfile = _startfile  # type: ignore[attr-defined]

    from kiosk.base import system

    system.WINDOWS = True
