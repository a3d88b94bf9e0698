"""Encrypted backups and restore: a round trip, while kiosks write, and every way it fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from kiosk.base.database import open_database
from kiosk.base.database import session as make_session
from kiosk.desk import audit, backup
from models import AuditEvent, Case
from tests.helpers.cli import kiosk
from tests.helpers.stores import case_codes

SECRET = "padi menguning di sawah"


def test_a_backup_is_encrypted_owner_only_and_restores_whole(
    sqlite_demo: str, tmp_path: Path
) -> None:
    file = tmp_path / "desa.bak"
    made = kiosk("backup", str(file), db=sqlite_demo, stdin=SECRET + "\n")
    assert made.returncode == 0, made.stderr
    assert file.stat().st_mode & 0o077 == 0
    raw = file.read_bytes()
    assert raw.startswith(backup.MAGIC) and b"SQLite format" not in raw
    engine = open_database(sqlite_demo)
    with make_session(engine) as s:
        head = s.exec(select(Case.head_name).where(Case.head_name != "")).first()
        assert head and head.encode() not in raw  # no name in clear
    engine.dispose()
    target = tmp_path / "pulih" / "kiosk.db"
    restored = kiosk("restore", str(file), db=f"sqlite:///{target}", stdin=SECRET + "\n")
    assert restored.returncode == 0, restored.stderr
    assert target.stat().st_mode & 0o077 == 0
    # Nothing left beside the database: no journal of the old one, no scratch copy.
    assert sorted(p.name for p in target.parent.iterdir()) == ["kiosk.db"]
    assert case_codes(f"sqlite:///{target}") == case_codes(sqlite_demo)
    engine = open_database(f"sqlite:///{target}")
    with make_session(engine) as s:
        assert audit.verify(s).ok
        last = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()  # type: ignore[union-attr]
        assert last is not None and (last.action, last.detail) == ("restore", "desa.bak")
    engine.dispose()
    again = kiosk("backup", str(file), db=sqlite_demo, stdin=SECRET + "\n")
    assert again.returncode == 2  # a backup never replaces a file


def test_restore_refuses_a_database_with_cases_unless_told(
    sqlite_demo: str, tmp_path: Path
) -> None:
    file = tmp_path / "desa.bak"
    assert kiosk("backup", str(file), db=sqlite_demo, stdin=SECRET + "\n").returncode == 0
    refused = kiosk("restore", str(file), db=sqlite_demo, stdin=SECRET + "\n")
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = kiosk("restore", str(file), "--force", db=sqlite_demo, stdin=SECRET + "\n")
    assert forced.returncode == 0, forced.stderr
    # The backup's own event came after its copy: the restore says it took the trail back
    # by that event, and calls nothing broken.
    assert "kembali ke kejadian" in forced.stdout and "1 kejadian sesudahnya" in forced.stdout
    assert "RUSAK" not in forced.stderr + forced.stdout


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda raw: raw, "Frasa sandi"),  # the wrong passphrase, below
        (lambda raw: raw[:-100], "rusak"),  # cut short
        (lambda raw: raw[:200] + bytes([raw[200] ^ 1]) + raw[201:], "rusak"),  # one bit
        (lambda raw: b"not a backup at all", "bukan cadangan"),
    ],
)
def test_a_wrong_passphrase_or_damaged_file_restores_nothing(
    sqlite_demo: str,
    tmp_path: Path,
    damage,
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    file = tmp_path / "desa.bak"
    assert kiosk("backup", str(file), db=sqlite_demo, stdin=SECRET + "\n").returncode == 0
    file.write_bytes(damage(file.read_bytes()))
    secret = "bukan frasa yang benar" if says == "Frasa sandi" else SECRET
    target = tmp_path / "pulih.db"
    result = kiosk("restore", str(file), db=f"sqlite:///{target}", stdin=secret + "\n")
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()
    assert not list(tmp_path.glob(".restore-*"))


def test_a_short_passphrase_is_refused(sqlite_demo: str, tmp_path: Path) -> None:
    result = kiosk("backup", str(tmp_path / "x.bak"), db=sqlite_demo, stdin="pendek\n")
    assert result.returncode == 2 and "10 huruf" in result.stderr
    assert not (tmp_path / "x.bak").exists()


def test_restore_is_refused_while_a_kiosk_has_the_database_open(
    sqlite_demo: str, tmp_path: Path
) -> None:
    from kiosk.base.database import DatabaseReplaced, make_engine

    file = tmp_path / "desa.bak"
    source = open_database(sqlite_demo)
    backup.backup(source, file, SECRET.encode())
    source.dispose()
    running = make_engine(sqlite_demo)  # a kiosk that has read and keeps its connection
    with make_session(running) as s:
        before = len(s.exec(select(Case)).all())
    target = Path(sqlite_demo.removeprefix("sqlite:///"))
    with pytest.raises(backup.BackupProblem) as refused:
        backup.restore(file, SECRET.encode(), target, force=True)
    assert "kiosk" in str(refused.value)
    with make_session(running) as s:  # untouched, and still writable
        assert len(s.exec(select(Case)).all()) == before

    # The kiosk's connections closed (it looks idle), the restore goes through: the kiosk's
    # next transaction is refused, never written into the replaced file.
    running.dispose()
    backup.restore(file, SECRET.encode(), target, force=True)
    with pytest.raises(DatabaseReplaced) as stopped, make_session(running) as s:
        s.exec(select(Case)).first()
    assert target.name in stopped.value.message and "jalankan lagi" in stopped.value.message
    fresh = make_engine(sqlite_demo)  # a kiosk started again works on the restored file
    with make_session(fresh) as s:
        assert len(s.exec(select(Case)).all()) == before
    fresh.dispose()


def test_a_backup_never_writes_the_database_in_clear_and_publishes_only_when_whole(
    sqlite_demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = tmp_path / "usb"
    folder.mkdir()
    written: list[bytes] = []
    real_write = os.write

    def watch(fd: int, data: bytes) -> int:  # what reaches any file descriptor
        written.append(bytes(data[:16]))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", watch)
    engine = open_database(sqlite_demo)

    def fail_midway(*_: object) -> None:
        assert list(folder.iterdir())  # the partial is there, sealed, under another name
        assert not (folder / "desa.bak").exists()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_publish", fail_midway)
    with pytest.raises(OSError):
        backup.backup(engine, folder / "desa.bak", SECRET.encode())
    assert list(folder.iterdir()) == []  # a failed backup leaves nothing
    monkeypatch.undo()
    backup.backup(engine, folder / "desa.bak", SECRET.encode())
    engine.dispose()
    assert [p.name for p in folder.iterdir()] == ["desa.bak"]
    assert not any(chunk.startswith(b"SQLite format 3") for chunk in written)


def test_a_killed_backup_s_partial_is_removed_by_the_next_one(
    sqlite_demo: str, tmp_path: Path
) -> None:
    import os
    import time

    engine = open_database(sqlite_demo)
    stale = tmp_path / ".desa.bak.4242.partial"
    stale.write_bytes(backup.MAGIC + b"sealed bytes")
    old = time.time() - backup.STALE_SECONDS - 5
    os.utime(stale, (old, old))
    young = tmp_path / ".desa.bak.4343.partial"  # another backup, still writing
    young.write_bytes(backup.MAGIC)
    backup.backup(engine, tmp_path / "desa.bak", SECRET.encode())
    engine.dispose()
    assert not stale.exists() and young.exists()


def test_files_of_bytes_are_opened_binary_where_the_system_knows_text_mode(
    sqlite_demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' C library opens a file in text mode unless told O_BINARY: a backup, a slip,
    the key would have every 0x0A turned into CR LF. Simulated here with a flag of our own."""
    import os

    from kiosk.base.exports import write_private
    from kiosk.desk import keyfile

    flag = 0x40000000
    seen: list[int] = []
    real_open = os.open

    def opened(path, flags, mode=0o777):  # type: ignore[no-untyped-def]
        seen.append(flags)
        return real_open(path, flags & ~flag, mode)

    monkeypatch.setattr(os, "O_BINARY", flag, raising=False)
    monkeypatch.setattr(os, "open", opened)
    engine = open_database(sqlite_demo)
    backup.backup(engine, tmp_path / "desa.bak", SECRET.encode())
    engine.dispose()
    write_private(tmp_path / "slip.pdf", b"%PDF\n")
    keyfile.write_key(keyfile.local_key(), tmp_path / "kunci.key")
    monkeypatch.undo()
    written = [f for f in seen if f & os.O_WRONLY]
    assert len(written) >= 3 and all(f & flag for f in written)


def test_a_file_is_published_whole_and_never_over_another_even_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT32 USB stick has no hard links: a backup, the kiosk's first key and its desk id
    still take their names only when whole, and never replace a file there."""
    import os

    from kiosk.base.exports import publish_new

    def no_links(*_: object) -> None:
        raise OSError(1, "Operation not permitted")

    for links in (True, False):
        if not links:
            monkeypatch.setattr(os, "link", no_links)
        target = tmp_path / f"desa-{links}.bak"
        first, second = tmp_path / f"a-{links}", tmp_path / f"b-{links}"
        first.write_bytes(b"first")
        second.write_bytes(b"second")
        assert publish_new(first, target) and target.read_bytes() == b"first"
        assert not publish_new(second, target) and target.read_bytes() == b"first"
        assert not first.exists() and second.exists()
