"""This computer's own settings file: what belongs to the machine rather than to the
kecamatan (its printer, its paper, its look and keys, its name on paper), so desks sharing
one PostgreSQL database keep their own.

A small TOML file, `desk.toml`, in the platform's config folder (KIOSK_CONFIG_DIR overrides
it), owner-only, replaced whole on each save so a crash never leaves half a file. Which keys
it holds is `kiosk.desk.settings.DESK_KEYS`; this module only reads and writes it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from kiosk.base.exports import write_partial

FILE = "desk.toml"
# A desk file is a dozen short lines; anything larger is not one the kiosk wrote.
MAX_BYTES = 64 * 1024

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# The file as last read, by its size and modification time: read on every setting asked
# for, parsed only when it changed.
_cache: dict[Path, tuple[tuple[int, int], dict[str, str], str]] = {}


def folder() -> Path:
    override = os.environ.get("KIOSK_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    from kiosk.base.config import APP_NAME

    return Path(user_config_dir(APP_NAME, appauthor=False))


def path() -> Path:
    return folder() / FILE


def shown() -> str:
    """The file's path as the desk's IT person types it: under the home folder, from "~"
    (which PowerShell and every Linux shell read)."""
    where = path()
    try:
        return str(Path("~") / where.relative_to(Path.home()))
    except (ValueError, RuntimeError):  # elsewhere, or no home folder known
        return str(where)


def read() -> tuple[dict[str, str], str]:
    """The desk's own values, and why the file was not read ("" when it was, or when there
    is none yet). A file that cannot be read counts as empty: the kiosk still starts, on the
    shared values, and says so in Settings."""
    where = path()
    try:
        info = where.stat()
    except OSError:
        return {}, ""
    stamp = (info.st_size, info.st_mtime_ns)
    cached = _cache.get(where)
    if cached is not None and cached[0] == stamp:
        return dict(cached[1]), cached[2]
    values, problem = _parse(where, info.st_size)
    _cache[where] = (stamp, values, problem)
    return dict(values), problem


def _parse(where: Path, size: int) -> tuple[dict[str, str], str]:
    if size > MAX_BYTES:
        return {}, "too_large"
    try:
        loaded = tomllib.loads(where.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        from kiosk.base.logs import log

        log.warning("desk file %s not read: %s", where, type(exc).__name__)
        return {}, "unreadable"
    # Only text values: a number or a table where text belongs is not the kiosk's writing.
    return {k: v for k, v in loaded.items() if isinstance(v, str)}, ""


def write(values: dict[str, str]) -> None:
    """Replace the file with `values` (a new file moved over the old: all or nothing),
    owner-only. Raises OSError when the folder cannot be written."""
    target = path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lines = ["# This computer's own JKN Kiosk settings; the kiosk's Settings screen writes it."]
    # A JSON string is a TOML basic string: quotes, backslashes and control characters escaped.
    lines += [
        f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(values.items())
    ]
    partial = write_partial(target, ("\n".join(lines) + "\n").encode("utf-8"))
    try:
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _cache.pop(target, None)
