"""Backups: a consistent copy of the SQLite database, signing secret and all."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from kiosk.i18n import t


class BackupProblem(Exception):
    pass


def backup(engine: Engine, target: Path) -> None:
    """SQLite's online backup API: safe while the kiosk is running."""
    if engine.dialect.name != "sqlite":
        raise BackupProblem(t("backup.not_sqlite"))
    if target.exists():
        raise BackupProblem(t("backup.exists", file=target))
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:  # no such folder, a folder, no permission, /proc
        from kiosk.exports import file_problem

        raise BackupProblem(file_problem(target, exc).message) from exc
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as dest:
            source.backup(dest)
        dest.close()
    finally:
        raw.close()
