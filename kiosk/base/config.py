"""Where the kiosk keeps its data, and which database it uses."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "jkn-kiosk"
DB_FILE = "kiosk.db"


def data_dir() -> Path:
    """KIOSK_DATA_DIR, else the user data directory (~/.local/share/jkn-kiosk on Linux)."""
    override = os.environ.get("KIOSK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    # Owner-only: the database holds personal data and the installation's signing secret.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path)
    return path


def _owner_only(path: Path) -> None:
    """A folder made before (by hand, or by an older kiosk) keeps its mode through mkdir:
    one that others may read is closed. (Windows keeps user data in the user's profile,
    which others cannot read; its chmod only sets the read-only flag.)"""
    if os.name != "posix":
        return
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass  # not ours to change (a shared folder): the files in it are still owner-only


def database_url(explicit: str | None = None) -> str:
    """--db, else KIOSK_DATABASE_URL, else the SQLite file in the data directory."""
    url = explicit or os.environ.get("KIOSK_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / DB_FILE}"


def slips_dir() -> Path:
    path = data_dir() / "slips"
    path.mkdir(mode=0o700, exist_ok=True)
    _owner_only(path)
    return path


def papers_of(case_code: str) -> list[Path]:
    """The papers saved for a case: every saved paper's name holds the case's code as it is
    printed (`slip-ABCD-EFGH-a4.pdf`, `pernyataan-ABCD-EFGH.pdf`)."""
    return sorted(slips_dir().glob(f"*-{case_code}*"))


def desk_identity() -> str:
    """This desk among kiosks sharing a database: its name and an id of its own installation
    (`desk-id` in the data folder, made once). Two desks given the same KIOSK_NAME by mistake
    still hold their drafts apart: neither opens the other's without the audited take-over."""
    path = data_dir() / "desk-id"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        own = path.read_text(encoding="ascii", errors="replace").strip()[:6]
    else:
        own = os.urandom(3).hex()
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(own)
    return f"{kiosk_name()[:33]}#{own}"


def kiosk_name() -> str:
    """This desk's name among kiosks sharing one database: KIOSK_NAME, else the host name."""
    name = os.environ.get("KIOSK_NAME", "").strip()
    if not name:
        import socket

        name = socket.gethostname() or "kiosk"
    return name[:40]
