"""Where the kiosk keeps its data, and which database it uses."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.base import system

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
    return _owner_folder(path)


# Folders made (or found) and closed by this process: asked for at every commit (the key,
# the anchors), they are made and checked once, not with two system calls each time.
_ensured: set[Path] = set()


def _owner_folder(path: Path) -> Path:
    """`path` as a folder only its owner may read, made if need be. A folder made before (by
    hand, or by an older kiosk) keeps its mode through mkdir: one others may read is closed.
    (Windows keeps user data in the user's profile, which others cannot read; its chmod only
    sets the read-only flag.)"""
    if path in _ensured:
        return path
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not system.WINDOWS:
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o700)
        except OSError:
            pass  # not ours to change (a shared folder): the files in it are still owner-only
    _ensured.add(path)
    return path


def database_url(explicit: str | None = None) -> str:
    """--db, else KIOSK_DATABASE_URL, else the SQLite file in the data directory."""
    url = explicit or os.environ.get("KIOSK_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / DB_FILE}"


def slips_dir() -> Path:
    return _owner_folder(data_dir() / "slips")


def papers_of(case_code: str) -> list[Path]:
    """The papers saved for a case: every saved paper's name holds the case's code as it is
    printed (`slip-ABCD-EFGH-a4.pdf`, `pernyataan-ABCD-EFGH.pdf`)."""
    return sorted(slips_dir().glob(f"*-{case_code}*"))


def desk_identity() -> str:
    """This desk among kiosks sharing a database: its name and an id of its own installation
    (`desk-id` in the data folder, made once). Two desks given the same KIOSK_NAME by mistake
    still hold their drafts apart: neither opens the other's without the audited take-over."""
    path = data_dir() / "desk-id"
    own = _desk_ids.get(path)
    if own is None:  # read (or made) once per process: every saved step asks
        try:
            own = path.read_text(encoding="ascii", errors="replace").strip()[:6]
        except FileNotFoundError:
            # Written whole under another name, then linked: a kiosk starting beside this
            # one reads the winner's id, never a file still empty.
            own = os.urandom(3).hex()
            partial = path.with_name(f".desk-id.{os.getpid()}.{own}")
            partial.write_text(own, encoding="ascii")
            from kiosk.base.exports import publish_new

            try:
                if not publish_new(partial, path):
                    own = path.read_text(encoding="ascii", errors="replace").strip()[:6]
            finally:
                partial.unlink(missing_ok=True)
        _desk_ids[path] = own
    return f"{kiosk_name()[:33]}#{own}"


_desk_ids: dict[Path, str] = {}


def kiosk_name() -> str:
    """This desk's name among kiosks sharing one database: KIOSK_NAME, else the host name."""
    name = os.environ.get("KIOSK_NAME", "").strip()
    if not name:
        import socket

        name = socket.gethostname() or "kiosk"
    return name[:40]
