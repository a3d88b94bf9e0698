"""Engine, connection settings and schema migrations.

SQLite (the default) runs in WAL mode with synchronous=FULL, so a power cut loses no
committed step; PostgreSQL serves several kiosks sharing one database. The schema is
only ever changed by Alembic migrations. Start-up checks the stored revision with one
query and imports Alembic only when an upgrade is due.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Table, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

from kiosk.base import system
from kiosk.base.errors import Problem, WorkflowError

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

# The newest migration in kiosk/base/migrations/versions; a test keeps them in step.
HEAD_REVISION = "0022"
BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL is stored in the file: set once. Switching needs the file to itself, and SQLite
    # answers "locked" at once (no busy wait) while a kiosk starting beside this one is
    # creating the schema, so it is retried for as long as the busy timeout.
    for _ in range(BUSY_TIMEOUT_MS // 50):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            time.sleep(0.05)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted or blanked rows (a purge, a family's request) are overwritten with zeros, not
    # left readable in free pages of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _refuse_a_replaced_file(engine: Engine, path: Path) -> None:
    """A database file replaced under a running kiosk (a restore, a copy over it) must not
    take another write: the kiosk's connections still write to the old file, and every case
    saved there would be lost with no error. Each transaction first checks, with one stat,
    that the path is still the file this kiosk opened."""
    opened = _identity(path)

    def same_file(_conn: Connection) -> None:
        if _identity(path) != opened:
            raise DatabaseReplaced(Problem("db.replaced", {"file": path.name}))

    event.listen(engine, "begin", same_file)


def make_engine(url: str) -> Engine:
    """An engine that never repeats bound values (NIKs, KK numbers) in errors or logs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            path = Path(database)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                # Create the file owner-only before SQLite opens it.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        if database and database != ":memory:":
            _refuse_a_replaced_file(engine, Path(database))
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def safe_error(exc: BaseException) -> str:
    """What may be shown or logged of a database error: its kind and constraint, no values.

    PostgreSQL repeats the offending value in its own message ("Key (nik)=(...) already
    exists"), which `hide_parameters` cannot reach, so the message text is never used.
    """
    orig = getattr(exc, "orig", None) or exc
    constraint = getattr(getattr(orig, "diag", None), "constraint_name", None)
    name = type(orig).__name__
    return f"{name} ({constraint})" if constraint else name


def is_database_error(exc: BaseException) -> bool:
    """The database failed (not a bug in the code that used it)."""
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:
            conn.rollback()
            return None


class DatabaseReplaced(WorkflowError):
    """The database file is no longer the one this kiosk opened: nothing more is saved."""


class SchemaNewer(WorkflowError):
    """The database was migrated by a newer kiosk: this one would misread it."""

    def __init__(self, found: str, known: str) -> None:
        super().__init__(Problem("db.newer", {"found": found, "known": known}))


# Any number that no other application on a shared PostgreSQL server would pick.
_PG_SETUP_LOCK = 0x4A4B4E4B  # "JKNK"


@contextmanager
def setup_lock(engine: Engine) -> Iterator[None]:
    """One kiosk at a time sets up a database (migrations, first-run data).

    Kiosks starting together on a new database would otherwise all create the same tables.
    PostgreSQL: a session-level advisory lock. SQLite: an exclusive lock on a file beside
    the database (the database's own locks are released at every commit).
    """
    url = engine.url
    if url.get_backend_name() == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_SETUP_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_SETUP_LOCK})
                conn.commit()
        return
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        yield
        return
    with system.exclusive_lock(f"{database}.setup-lock"):
        yield


def migrate(engine: Engine) -> bool:
    """Bring the schema to the newest revision. True if anything was applied. A schema from
    a newer kiosk is refused, never downgraded or misread."""
    found = current_revision(engine)
    if found == HEAD_REVISION:
        return False
    if found is not None and not (found.isdigit() and int(found) < int(HEAD_REVISION)):
        raise SchemaNewer(found, HEAD_REVISION)
    applied = _upgrade(engine)
    if applied:
        from kiosk.base.logs import log

        log.info("schema migrated: %s -> %s", found or "empty", HEAD_REVISION)
    return applied


def _upgrade(engine: Engine) -> bool:
    with setup_lock(engine):
        # Another kiosk may have migrated while this one waited for the lock.
        if current_revision(engine) == HEAD_REVISION:
            return False
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        if engine.dialect.name != "sqlite":
            with engine.begin() as conn:  # PostgreSQL's DDL is transactional as it is
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            return True
        # Python's sqlite3 runs DDL outside any transaction, so a failure halfway would leave
        # half a migration behind and a kiosk that cannot start. One explicit transaction
        # makes the whole upgrade all or nothing.
        with engine.connect() as raw:
            conn = raw.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
    return True


def insert_for(conn: Connection, table: Table) -> PgInsert | SqliteInsert:
    """An INSERT that knows ON CONFLICT, in the connection's own dialect."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def advance_sequences(conn: Connection, tables: list[Table]) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequences past them.

    Without this the next row added without an id collides with one already there.
    SQLite picks max(id) + 1 by itself.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )


def is_local(host: str) -> bool:
    """A connection to this host never leaves the computer: a Unix socket, or loopback."""
    import ipaddress

    if not host or host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may be anywhere


def unencrypted_host(session: Session) -> str:
    """The PostgreSQL server's host when this kiosk reaches it across a network without
    encryption (NIKs and KK numbers would cross the village's network in clear), else ""
    (encrypted, on this computer, or SQLite). Asked of the server, not read off the URL: a
    `sslmode=prefer` that fell back to plain text is caught too."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return ""
    host = bind.engine.url.host or ""
    if is_local(host):
        return ""
    ssl = (
        session.connection()
        .execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
        .scalar()
    )
    return "" if ssl else host


def open_database(url: str) -> Engine:
    from kiosk.base.logs import log

    engine = make_engine(url)
    migrate(engine)
    where = engine.url  # its host and database only: never its user's password
    log.info("database opened: %s %s/%s", where.get_backend_name(), where.host or "",
             where.database or "")  # fmt: skip
    return engine


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
