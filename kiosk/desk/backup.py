"""Backups: a consistent copy of the SQLite database, encrypted and authenticated.

The copy is taken with SQLite's online backup API (safe while kiosks write), then written
in 1 MiB chunks, each sealed with AES-256-GCM under a key derived from a passphrase (or a
key file) by scrypt. A chunk's nonce carries its number and whether it is the last, so a
file that was altered, truncated, reordered or spliced is refused whole; memory stays flat
whatever the database's size. The slip-signing keys are not in it (kiosk.desk.signing).

File: MAGIC, salt (16), nonce prefix (7), key check (16), then chunks: length (4,
big-endian) + sealed data. The key check tells a wrong passphrase from a damaged file.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import Engine

from kiosk.base.i18n import t

MAGIC = b"JKNBACKUP1\n"
CHUNK = 1 << 20
SALT_LEN, PREFIX_LEN, CHECK_LEN = 16, 7, 16
# scrypt at 32 MiB: seconds of work per guess on a stolen file, a blink for the desk.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
MIN_PASSPHRASE = 10


class BackupProblem(Exception):
    pass


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
        return os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:  # no such folder, a folder, no permission, /proc
        from kiosk.base.exports import file_problem

        raise BackupProblem(file_problem(target, exc).message) from exc


def _snapshot(engine: Engine, into: Path) -> None:
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        dest = sqlite3.connect(into)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()


def _chunks(path: Path) -> Iterator[tuple[bytes, bool]]:
    with path.open("rb") as handle:
        chunk = handle.read(CHUNK)
        while True:
            following = handle.read(CHUNK)
            yield chunk, not following
            if not following:
                return
            chunk = following


def backup(engine: Engine, target: Path, secret: bytes) -> None:
    """The database, encrypted into `target` (owner-only, never replacing a file)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if engine.dialect.name != "sqlite":
        raise BackupProblem(t("backup.not_sqlite"))
    check_passphrase(secret)
    fd = _open_new(target)
    done = False
    try:
        with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            plain = Path(scratch) / "copy.db"
            _snapshot(engine, plain)
            salt, prefix = os.urandom(SALT_LEN), os.urandom(PREFIX_LEN)
            key = _key(secret, salt)
            header = MAGIC + salt + prefix + _check(key)
            sealer = AESGCM(key)
            with os.fdopen(fd, "wb", closefd=False) as out:
                out.write(header)
                for index, (chunk, last) in enumerate(_chunks(plain)):
                    sealed = sealer.encrypt(_nonce(prefix, index, last), chunk, header)
                    out.write(struct.pack(">I", len(sealed)) + sealed)
                out.flush()
                os.fsync(out.fileno())
        done = True
    finally:
        os.close(fd)
        if not done:
            target.unlink(missing_ok=True)  # never half a backup under the name given


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
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return bool(conn.execute('SELECT 1 FROM "case" LIMIT 1').fetchone())
    except sqlite3.Error:
        return False


def restore(source: Path, secret: bytes, target: Path, *, force: bool = False) -> None:
    """Put a backup's database at `target` (a SQLite file): checked whole first, and never
    over a database that holds cases unless `force`. The old file is replaced in one
    rename, so a failure leaves it as it was."""
    if target.exists() and has_cases(target) and not force:
        raise BackupProblem(t("backup.target_has_cases", file=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".restore-", suffix=".db")
    os.close(fd)
    scratch = Path(name)
    try:
        decrypt(source, secret, scratch)
        with sqlite3.connect(scratch) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupProblem(t("backup.damaged", file=source.name))
        os.chmod(scratch, 0o600)
        for suffix in ("-wal", "-shm"):  # the old database's journal must not replay
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)
