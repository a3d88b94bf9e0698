"""What differs between the systems a desk runs on (Windows 10/11, Linux), in one place.

Every call that exists on one system only goes through here, so that the simulated-Windows
test pass (tests/conftest.py, KIOSK_TEST_SIMULATE_WINDOWS=1) takes the Windows branches by
setting WINDOWS and removing the POSIX-only functions, and nothing else has to know.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# Read at call time (`system.WINDOWS`), never copied into another module's name.
WINDOWS = sys.platform == "win32"


def binary(flags: int) -> int:
    """`os.open` flags in binary mode: Windows' C library opens a file in text mode unless
    told O_BINARY, and would turn every byte 0x0A of a PDF, a backup or a key into CR LF."""
    return flags | getattr(os, "O_BINARY", 0)


def make_owner_only(fd: int) -> None:
    """A file that may have existed before (a replaced export) made owner-only (0600).

    POSIX only: os.fchmod is missing on Windows before Python 3.13, and there a mode sets
    only the read-only flag. Windows keeps the kiosk's files in the user's profile, whose
    access list already closes them to other users (docs/deployment.md)."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is None or WINDOWS:
        return
    fchmod(fd, 0o600)


def glibc() -> bool:
    """Whether the C library is GNU's (whose allocator the kiosk tunes)."""
    confstr = getattr(os, "confstr", None)  # absent on Windows
    if confstr is None or WINDOWS:
        return False
    try:
        return bool(confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):  # another C library (musl, BSD)
        return False


@contextmanager
def exclusive_lock(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (made if need be) while the block runs:
    POSIX advisory locking. Where there is none (Windows), the block runs unlocked, and
    the caller's own refusal of a second writer (SQLite's busy timeout) has to do."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# Terminals that cannot draw Unicode box drawing or the 256-colour theme: the Linux text
# console (its font holds few of those glyphs), serial terminals and their emulations.
PLAIN_TERMINALS = ("linux", "vt100", "vt102", "vt220", "ansi", "dumb", "cons25")


def plain_terminal() -> bool:
    """Whether the terminal the kiosk runs in needs the ASCII look, whatever the setting."""
    return os.environ.get("TERM", "") in PLAIN_TERMINALS


def started_as_service() -> bool:
    """Whether a service manager started the kiosk (systemd sets INVOCATION_ID for every unit
    it starts): a console kiosk, which only a supervisor may quit, whatever the setting."""
    return bool(os.environ.get("INVOCATION_ID"))


def clipboard_command() -> list[str] | None:
    """The system's own command that puts stdin on the clipboard, where there is one: clip
    on Windows (its console host may not take the terminal's copy sequence), wl-copy or xclip
    on a Linux desktop. None on the Linux text console, which has no clipboard."""
    import shutil

    if WINDOWS:
        found = shutil.which("clip")
        return [found] if found else None
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        return ["wl-copy"]
    if os.environ.get("DISPLAY") and shutil.which("xclip"):
        return ["xclip", "-selection", "clipboard"]
    return None
