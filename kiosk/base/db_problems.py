"""Why the database failed, in words that say what to fix: the server does not answer, the
password is refused, the database is missing, the driver is not installed, the data is from a
newer kiosk, the disk is full, the data folder is read-only, another program holds the file.

Recognised by the driver's error codes (PostgreSQL's SQLSTATE, SQLite's result code), and by
its message text only where a driver gives no code (a refused TCP connection; SQLite on
Python 3.10). The driver's own message is never shown or logged: PostgreSQL repeats the
values of a row in it. What is shown names the host, port, database and user at most; never a
password.
"""

from __future__ import annotations

import errno
from pathlib import Path

from kiosk.base.database import SchemaNewer, safe_error
from kiosk.base.errors import Problem

# Drivers the kiosk's URLs name, and the extra that installs them.
DRIVERS = {"psycopg": "postgresql", "psycopg2": "postgresql", "psycopg_binary": "postgresql"}

# PostgreSQL's SQLSTATE codes (Appendix A of its manual).
_PG_STATES = {
    "28000": "db.auth_refused",  # no such role, or pg_hba.conf refuses this host
    "28P01": "db.auth_refused",  # wrong password
    "3D000": "db.missing",
    "53100": "db.disk_full",
    "25006": "db.standby",  # a read-only transaction: a standby server
    "53300": "db.too_many",
    "JK001": "db.supervisor_by_owner",  # the kiosk's own trigger (migration 0014)
}
# A connection refused at start carries no SQLSTATE (libpq keeps none before a session
# exists): the words of libpq and of the server's FATAL line say why. Server messages are
# English unless its lc_messages says otherwise; then the kind alone is shown.
_CONNECT_WORDS = (
    ("password authentication failed", "db.auth_refused"),
    ("no password supplied", "db.auth_refused"),
    ("pg_hba.conf", "db.auth_refused"),
    ("authentication failed", "db.auth_refused"),
    ('role "', "db.auth_refused"),  # role "x" does not exist
    ('database "', "db.missing"),  # database "x" does not exist
    ("too many clients", "db.too_many"),
    ("connection refused", "db.unreachable"),
    ("could not connect", "db.unreachable"),
    ("timeout expired", "db.unreachable"),
    ("no route to host", "db.unreachable"),
    ("could not translate host name", "db.unreachable"),
    ("name or service not known", "db.unreachable"),
    ("network is unreachable", "db.unreachable"),
    ("connection timed out", "db.unreachable"),
    ("the database system is", "db.unreachable"),  # starting up, shutting down
    ("server closed the connection", "db.unreachable"),
)

# SQLite's primary result codes, and its messages where Python 3.10 gives no code.
_SQLITE = {
    5: "db.busy", 6: "db.busy", 8: "db.read_only", 13: "db.disk_full", 14: "db.cannot_open",
    26: "db.not_a_database",
}  # fmt: skip
_SQLITE_WORDS = {
    "database is locked": "db.busy", "readonly database": "db.read_only",
    "disk is full": "db.disk_full", "unable to open database file": "db.cannot_open",
    "file is not a database": "db.not_a_database",
}  # fmt: skip
_OS_ERRORS = {errno.ENOSPC: "db.disk_full", errno.EROFS: "db.read_only",
              errno.EACCES: "db.read_only"}  # fmt: skip


def where(url: str) -> dict[str, str]:
    """The parts of a database URL an IT person needs to find the fault; never its password."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        parsed = None
    if parsed is None:
        return dict.fromkeys(("backend", "host", "port", "database", "user", "folder"), "?")
    backend, database = parsed.get_backend_name(), parsed.database or ""
    if backend == "sqlite":
        folder = str(Path(database.removeprefix("file:").partition("?")[0]).parent)
        return {"backend": backend, "host": "", "port": "", "database": database, "user": "",
                "folder": folder}  # fmt: skip
    return {
        "backend": backend,
        "host": parsed.host or "localhost",
        "port": str(parsed.port or 5432),
        "database": database,
        "user": parsed.username or "",
        "folder": "",
    }


def _chain(exc: BaseException) -> list[BaseException]:
    """The error, the driver's error it wraps, and their causes."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]
    return seen


def problem_key(exc: BaseException) -> str | None:
    """The catalogue key of what went wrong, or None when it is not one the kiosk knows."""
    for item in _chain(exc):
        key = _key_of(item)
        if key is not None:
            return key
    return None


def _key_of(item: BaseException) -> str | None:
    if isinstance(item, SchemaNewer):
        return "db.newer"
    if isinstance(item, ModuleNotFoundError):
        return "db.no_driver" if (item.name or "").split(".")[0] in DRIVERS else None
    module = type(item).__module__
    if module.startswith("psycopg"):
        return _postgresql(item)
    if module.startswith("sqlite3"):
        return _sqlite(item)
    if isinstance(item, ConnectionError):
        return "db.unreachable"
    if isinstance(item, OSError):
        return _OS_ERRORS.get(item.errno or 0)
    return None


def _postgresql(item: BaseException) -> str | None:
    state = getattr(item, "sqlstate", None) or getattr(item, "pgcode", None)
    if state is None:  # refused before a session existed: the words say why
        words = str(item).lower()
        return next((key for phrase, key in _CONNECT_WORDS if phrase in words), None)
    return _PG_STATES.get(state)


def _sqlite(item: BaseException) -> str | None:
    code = getattr(item, "sqlite_errorcode", None)  # Python 3.11 and later
    if isinstance(code, int):
        return _SQLITE.get(code & 0xFF)  # the primary code under the extended one
    words = str(item).lower()
    return next((key for phrase, key in _SQLITE_WORDS.items() if phrase in words), None)


def explain(exc: BaseException, url: str = "") -> Problem | None:
    """What to fix, in the operator's language, or None for an error the kiosk cannot name
    (the caller then says the database failed, by its kind only)."""
    return _explain(exc, where(url))


def _explain(exc: BaseException, place: dict[str, str]) -> Problem | None:
    key = problem_key(exc)
    if key is None:
        return None
    if key == "db.newer":  # its own problem already names both revisions
        return next(i for i in _chain(exc) if isinstance(i, SchemaNewer)).problem
    params: dict[str, object] = dict(place)
    if key == "db.no_driver":
        name = next(
            (i.name for i in _chain(exc) if isinstance(i, ModuleNotFoundError) and i.name), ""
        )
        params.update(module=name, extra=DRIVERS.get(name.split(".")[0], "postgresql"))
    return Problem(key, params)


def is_known(exc: BaseException) -> bool:
    """A database fault the kiosk can name (a missing driver included), not a bug of its own."""
    return problem_key(exc) is not None


# What each place adds after the problem: a screen keeps what was typed; a command changed
# nothing. The kiosk's start says the problem alone.
_AFTER = {"app.db_error": "db.after_typed_kept", "cli.db_error": "db.after_nothing_changed"}


def said(exc: BaseException, url: str, fallback: str) -> str:
    """The one line shown for a database failure at `fallback`'s place (a catalogue key
    taking `why`, used when the failure is not one the kiosk can name); its kind and code
    go to the log, never its message."""
    from kiosk.base import logs
    from kiosk.base.i18n import t

    place = where(url)
    problem = _explain(exc, place)
    logs.start()
    logs.log.warning(
        "database %s %s:%s/%s: %s (%s)", place["backend"], place["host"], place["port"],
        place["database"], problem.key if problem else "unknown", safe_error(exc),
    )  # fmt: skip
    if problem is None:
        return t(fallback, why=safe_error(exc))
    after = _AFTER.get(fallback)
    return f"{problem.message} {t(after)}" if after else problem.message
