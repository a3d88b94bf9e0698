"""The kiosk's log file, for the desk's IT person: what happened and where it failed, never
whose data it was.

One rotating file in the platform's log folder (KIOSK_LOG_DIR overrides it), owner-only. A
line never holds a NIK, KK or card number, a name or a phone: callers log counts, codes,
kinds and places, and a fault is logged as its kind and its frames (file, line, function,
the line of code), without its message or local values, which may quote the family's data.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.base import system
from kiosk.base.i18n import t

LOG_FILE = "kiosk.log"
MAX_BYTES = 512 * 1024
KEEP = 4  # older files kept beside it: at most 2.5 MB in all on a desk's disk

# The exit code of a kiosk or command stopped by a fault of its own (EX_SOFTWARE): not 0,
# so a service manager restarts it and a script sees it failed.
EXIT_FAULT = 70

log = logging.getLogger("kiosk")
# Until the file is started nothing is written anywhere (not logging's last resort, stderr,
# which would add lines to a command's answer).
log.addHandler(logging.NullHandler())
_started: list[Path] = []


def folder() -> Path:
    override = os.environ.get("KIOSK_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    from kiosk.base.config import APP_NAME

    return Path(user_log_dir(APP_NAME, appauthor=False))


def start() -> Path | None:
    """Log to the file from now on (once per process). None, and no log, where the folder
    cannot be made or written: a kiosk that cannot log still serves the family."""
    if _started:
        return _started[0]
    path = folder() / LOG_FILE
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Made owner-only before the handler opens it (rotation makes new ones from it).
        os.close(os.open(path, system.binary(os.O_WRONLY | os.O_CREAT | os.O_APPEND), 0o600))
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    _started.append(path)
    return path


def stop() -> None:
    """No more logging to the file (tests start and stop it around one check)."""
    for handler in list(log.handlers):
        if not isinstance(handler, logging.NullHandler):
            log.removeHandler(handler)
            handler.close()
    _started.clear()


def _frames(error: BaseException) -> list[traceback.FrameSummary]:
    return list(traceback.extract_tb(error.__traceback__))


def fault_report(error: BaseException) -> str:
    """What the operator is told of a fault that stops the kiosk or a command: its kind and
    where, in the kiosk's own code. Never its message or local values (Textual's own report
    shows both): a markup error quotes the family name that caused it, a frame's locals hold
    NIKs."""
    root = Path(__file__).resolve().parents[2]
    ours = [root / "kiosk", root / "screens", root / "models"]
    frames = []
    for frame in _frames(error):
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(part) for part in ours):
            frames.append(f"{path.relative_to(root).as_posix()}:{frame.lineno} {frame.name}")
    return t("app.fault", kind=type(error).__name__, where=" < ".join(reversed(frames[-4:])) or "-")


def log_fault(error: BaseException, where: str) -> None:
    """The fault in the log: its kind and every frame, innermost last, as a traceback shows
    them but without the message (the code's own lines hold no family's data)."""
    lines = [f"fault in {where}: {type(error).__module__}.{type(error).__qualname__}"]
    for frame in _frames(error):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    log.error("\n".join(lines))
