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
    target.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as dest:
            source.backup(dest)
        dest.close()
    finally:
        raw.close()
