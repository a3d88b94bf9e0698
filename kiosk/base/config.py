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
    return path


def database_url(explicit: str | None = None) -> str:
    """--db, else KIOSK_DATABASE_URL, else the SQLite file in the data directory."""
    url = explicit or os.environ.get("KIOSK_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / DB_FILE}"


def slips_dir() -> Path:
    path = data_dir() / "slips"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def kiosk_name() -> str:
    """This desk's name among kiosks sharing one database: KIOSK_NAME, else the host name."""
    name = os.environ.get("KIOSK_NAME", "").strip()
    if not name:
        import socket

        name = socket.gethostname() or "kiosk"
    return name[:40]
