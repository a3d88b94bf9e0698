"""Backups: a consistent copy of the SQLite database, encrypted and authenticated.

The copy is taken with SQLite's online backup API (safe while kiosks write) into memory, and
sealed from there in 1 MiB chunks with AES-256-GCM under a key derived from a passphrase (or
a key file) by scrypt: the database is never in clear on disk outside its own file, not even
for a moment, and memory holds about twice the database's size while the copy is sealed. A
chunk's nonce carries its number and whether it is the last, so a file that was altered,
truncated, reordered or spliced is refused whole. The slip-signing keys are not in it
(kiosk.desk.signing).

The sealed file is written under a hidden partial name beside the target and takes the
target's name only when complete, never replacing a file: a backup killed halfway leaves no
file under the name given, only its sealed partial, which the next backup removes.

File: MAGIC, salt (16), nonce prefix (7), key check (16), then chunks: length (4,
big-endian) + sealed data. The key check tells a wrong passphrase from a damaged file.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import Engine

from kiosk.base import system
from kiosk.base.i18n import t

MAGIC = b"JKNBACKUP1\n"
# What a backup taken on Python 3.10 holds instead of a database file (see _snapshot).
DUMP_MARK = b"-- jkn-kiosk database as SQL\n"
CHUNK = 1 << 20
SALT_LEN, PREFIX_LEN, CHECK_LEN = 16, 7, 16
# scrypt at 32 MiB: seconds of work per guess on a stolen file, a blink for the desk.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
MIN_PASSPHRASE = 10


class BackupProblem(Exception):
    pass


# A key file made for backups is random bytes: 32 of them are as strong as AES-256 itself.
KEY_FILE_MIN, KEY_FILE_MAX = 32, 4096


def read_key_file(path: Path, *, new: bool) -> bytes:
    """A key file's bytes: a regular file of a sane size, read no further than that (a
    device such as /dev/zero, or /proc's files that claim to be empty, are no key). A new
    backup needs KEY_FILE_MIN bytes; an older backup's shorter key still opens it."""
    import stat

    try:
        found = path.stat()
    except OSError as exc:
        from kiosk.base.exports import file_problem

        raise BackupProblem(file_problem(path, exc).message) from exc
    least = KEY_FILE_MIN if new else MIN_PASSPHRASE
    if not stat.S_ISREG(found.st_mode) or not least <= found.st_size <= KEY_FILE_MAX:
        raise BackupProblem(t("backup.key_file", file=path.name, min=least, max=KEY_FILE_MAX))
    with path.open("rb") as handle:
        data = handle.read(KEY_FILE_MAX + 1)
    if len(data) != found.st_size:  # it changed, or it is not what its size says
        raise BackupProblem(t("backup.key_file", file=path.name, min=least, max=KEY_FILE_MAX))
    return data


def check_passphrase(secret: bytes) -> None:
    if len(secret.strip()) < MIN_PASSPHRASE:
        raise BackupProblem(t("backup.passphrase_short", min=MIN_PASSPHRASE))


def _key(secret: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(secret.strip())


def _check(key: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(b"jkn-kiosk backup key check" + key).digest()[:CHECK_LEN]


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def _open_new(target: Path) -> int:
    """The backup file, created owner-only; never over an existing file."""
    if target.exists():
        raise BackupProblem(t("backup.exists", file=target))
    try:
        return os.open(target, system.binary(os.O_CREAT | os.O_EXCL | os.O_WRONLY), 0o600)
    except OSError as exc:  # no such folder, a folder, no permission, /proc
        from kiosk.base.exports import file_problem

        raise BackupProblem(file_problem(target, exc).message) from exc


def _snapshot(engine: Engine) -> bytes:
    """The database as it is at one moment, in memory."""
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy = sqlite3.connect(":memory:")
        try:
            source.backup(copy)
            serialize = getattr(copy, "serialize", None)
            if serialize is not None:
                return bytes(serialize())
            # Python 3.10's sqlite3 cannot serialize: the backup then holds the same
            # database as SQL, rebuilt into a file by the restore.
            return DUMP_MARK + "\n".join(copy.iterdump()).encode("utf-8")
        finally:
            copy.close()
    finally:
        raw.close()


# A partial file not written to for this long was left by a killed backup or restore.
STALE_SECONDS = 600


def remove_stale(folder: Path, pattern: str) -> None:
    """Files a killed backup or restore left in `folder`: removed once nothing has written
    to them for STALE_SECONDS (one still being written is younger)."""
    import time

    try:
        found = list(folder.glob(pattern))
    except OSError:
        return
    for path in found:
        try:
            if time.time() - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
        except OSError:
            continue  # gone already, or not ours to remove


def _publish(partial: Path, target: Path) -> None:
    """The complete file takes the target's name, never replacing a file there."""
    from kiosk.base.exports import publish_new

    if not publish_new(partial, target):
        raise BackupProblem(t("backup.exists", file=target))


def backup(engine: Engine, target: Path, secret: bytes) -> None:
    """The database, encrypted into `target` (owner-only, never replacing a file)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if engine.dialect.name != "sqlite":
        raise BackupProblem(t("backup.not_sqlite"))
    check_passphrase(secret)
    if target.exists():
        raise BackupProblem(t("backup.exists", file=target))
    remove_stale(target.parent, f".{target.name}.*.partial")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    fd = _open_new(partial)
    done = False
    try:
        clear = memoryview(_snapshot(engine))
        salt, prefix = os.urandom(SALT_LEN), os.urandom(PREFIX_LEN)
        key = _key(secret, salt)
        header = MAGIC + salt + prefix + _check(key)
        sealer = AESGCM(key)
        count = max(1, -(-len(clear) // CHUNK))
        with os.fdopen(fd, "wb", closefd=False) as out:
            out.write(header)
            for index in range(count):
                # bytes, not a view: cryptography before 40 takes no memoryview
                chunk = bytes(clear[index * CHUNK : (index + 1) * CHUNK])
                sealed = sealer.encrypt(_nonce(prefix, index, index == count - 1), chunk, header)
                out.write(struct.pack(">I", len(sealed)) + sealed)
            out.flush()
            os.fsync(out.fileno())
        os.close(fd)
        fd = -1
        _publish(partial, target)
        done = True
    finally:
        if fd != -1:
            os.close(fd)
        if not done:
            partial.unlink(missing_ok=True)


def decrypt(source: Path, secret: bytes, into: Path) -> None:
    """The backup's database into `into`, or BackupProblem: wrong passphrase, altered or
    cut short, or not a kiosk backup at all. Nothing is left behind on failure."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        handle = source.open("rb")
    except OSError as exc:
        from kiosk.base.exports import file_problem

        raise BackupProblem(file_problem(source, exc).message) from exc
    try:
        with handle, into.open("wb") as out:
            header_len = len(MAGIC) + SALT_LEN + PREFIX_LEN + CHECK_LEN
            header = handle.read(header_len)
            if not header.startswith(MAGIC) or len(header) < header_len:
                raise BackupProblem(t("backup.not_backup", file=source.name))
            salt = header[len(MAGIC) : len(MAGIC) + SALT_LEN]
            prefix = header[len(MAGIC) + SALT_LEN : len(MAGIC) + SALT_LEN + PREFIX_LEN]
            key = _key(secret, salt)
            if header[-CHECK_LEN:] != _check(key):
                raise BackupProblem(t("backup.wrong_secret", file=source.name))
            opener = AESGCM(key)
            index, finished = 0, False
            while True:
                size = handle.read(4)
                if not size:
                    break
                if finished or len(size) < 4:
                    raise BackupProblem(t("backup.damaged", file=source.name))
                (length,) = struct.unpack(">I", size)
                if length > CHUNK + 16:
                    raise BackupProblem(t("backup.damaged", file=source.name))
                sealed = handle.read(length)
                try:
                    out.write(opener.decrypt(_nonce(prefix, index, False), sealed, header))
                except InvalidTag:
                    try:
                        out.write(opener.decrypt(_nonce(prefix, index, True), sealed, header))
                    except InvalidTag:
                        raise BackupProblem(t("backup.damaged", file=source.name)) from None
                    finished = True
                index += 1
            if not finished:
                raise BackupProblem(t("backup.damaged", file=source.name))
    except BaseException:
        into.unlink(missing_ok=True)
        raise


def has_cases(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        # Closed at once (a `with` on a connection only commits): an open one would make
        # the restore's own test for other connections fail, and Windows refuse the swap.
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            return bool(conn.execute('SELECT 1 FROM "case" LIMIT 1').fetchone())
    except sqlite3.Error:
        return False


def _leave_no_one_writing(target: Path) -> None:
    """Refused while any other connection has the database open: a running kiosk would
    go on saving into the replaced file, and every case it saved would be lost.

    SQLite leaves WAL mode only when no other connection uses the file: that switch is the
    test (a new kiosk's first write also finds the file locked until the swap is done, and
    kiosks that open it in between see the replacement, kiosk.base.database)."""
    conn = sqlite3.connect(target, timeout=1.0, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "wal"
    finally:
        conn.close()
    if mode != "delete":
        raise BackupProblem(t("backup.in_use", file=target))


def _rebuild_if_dump(scratch: Path) -> None:
    """A backup taken as SQL (Python 3.10) becomes a database file in the same place."""
    with scratch.open("rb") as handle:
        if handle.read(len(DUMP_MARK)) != DUMP_MARK:
            return
        script = handle.read().decode("utf-8")
    scratch.write_bytes(b"")
    with closing(sqlite3.connect(scratch)) as conn:
        conn.executescript(script)


def restore(source: Path, secret: bytes, target: Path, *, force: bool = False) -> None:
    """Put a backup's database at `target` (a SQLite file): checked whole first, and never
    over a database that holds cases unless `force`. The old file is replaced in one
    rename, so a failure leaves it as it was."""
    if target.exists() and has_cases(target) and not force:
        raise BackupProblem(t("backup.target_has_cases", file=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent, ".restore-*.db")
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".restore-", suffix=".db")
    os.close(fd)
    scratch = Path(name)
    try:
        decrypt(source, secret, scratch)
        _rebuild_if_dump(scratch)
        with closing(sqlite3.connect(scratch)) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupProblem(t("backup.damaged", file=source.name))
        os.chmod(scratch, 0o600)
        if target.exists():
            _leave_no_one_writing(target)
        for suffix in ("-wal", "-shm"):  # the old database's journal must not replay
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        try:
            os.replace(scratch, target)
        except PermissionError:  # Windows: a kiosk opened the file meanwhile
            raise BackupProblem(t("backup.in_use", file=target)) from None
    finally:
        scratch.unlink(missing_ok=True)
