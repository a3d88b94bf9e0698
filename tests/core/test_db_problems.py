"""A database that fails says what to fix: each fault produced for real (a port nobody
listens on, a role or database the server does not have, a full or read-only SQLite file, a
file that is not a database, a schema from a newer kiosk, a driver not installed) and read
back as its own message, with the kind and place in the log and never the driver's words."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from kiosk.base import db_problems, logs
from kiosk.base.database import HEAD_REVISION, open_database
from tests.helpers.cli import kiosk

# The PostgreSQL server CI starts for the database tests (conftest reads the same variable).
PG_URL = os.environ.get("KIOSK_TEST_DATABASE_URL", "")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The kiosk's log, started afresh in this test's folder."""
    logs.stop()
    path = logs.start()
    assert path is not None and path.parent == tmp_path / "log"
    yield path
    logs.stop()


def _failure(url: str, sql: str = "SELECT 1", **connect: object) -> OperationalError:
    engine = create_engine(url)
    for pragma, value in connect.items():
        event.listen(
            engine, "connect", lambda c, _r, p=pragma, v=value: c.execute(f"PRAGMA {p}={v}")
        )
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
    except OperationalError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError(f"{sql!r} did not fail")


def test_a_server_that_does_not_answer_is_named_with_its_host_and_port(log_file: Path) -> None:
    url = "postgresql+psycopg://desk@127.0.0.1:1/jkn_kiosk"
    result = kiosk("migrate", db=url)
    assert result.returncode == 3
    assert "127.0.0.1:1 tidak menjawab" in result.stderr and "firewall" in result.stderr
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr
    logged = log_file.read_text(encoding="utf-8")
    assert "db.unreachable" in logged and "127.0.0.1:1/jkn_kiosk" in logged


def test_a_driver_not_installed_says_which_extra_installs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a desk installed without it
    result = kiosk("migrate", db="postgresql+psycopg://desk@127.0.0.1/jkn_kiosk")
    assert result.returncode == 3
    assert "Driver PostgreSQL (psycopg) belum terpasang" in result.stderr
    assert '".[postgresql]"' in result.stderr and "ModuleNotFoundError" not in result.stderr


def test_a_database_from_a_newer_kiosk_is_refused_not_misread(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    open_database(url).dispose()
    newer = f"{int(HEAD_REVISION) + 1:04d}"
    with sqlite3.connect(tmp_path / "kiosk.db") as raw:
        raw.execute("UPDATE alembic_version SET version_num = ?", (newer,))
    result = kiosk("migrate", db=url)
    assert result.returncode == 1
    assert f"revisi {newer}" in result.stderr and f"sampai {HEAD_REVISION}" in result.stderr
    with sqlite3.connect(tmp_path / "kiosk.db") as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (newer,)


def test_a_full_disk_a_read_only_folder_and_a_locked_file_are_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x TEXT)")
    url = f"sqlite:///{path}"
    # SQLite's own "full" answer, reached by capping the file at its present size.
    full = _failure(url, "INSERT INTO t SELECT hex(randomblob(9000))", max_page_count=2)
    assert db_problems.problem_key(full) == "db.disk_full"
    assert "Disk tempat basis data penuh" in db_problems.said(full, url, "app.db_error")
    assert "Data yang diketik masih ada" in db_problems.said(full, url, "app.db_error")

    read_only = _failure(f"sqlite:///file:{path}?mode=ro&uri=true", "INSERT INTO t VALUES ('a')")
    assert db_problems.problem_key(read_only) == "db.read_only"
    assert str(tmp_path) in db_problems.said(read_only, url, "app.db_failed")

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        busy = _failure(url, "INSERT INTO t VALUES ('a')", busy_timeout=50)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert db_problems.problem_key(busy) == "db.busy"


def test_a_file_that_cannot_be_opened_and_one_that_is_no_database_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "kiosk.db.d"  # a folder where the file should be
    folder.mkdir()
    result = kiosk("migrate", db=f"sqlite:///{folder}")
    assert result.returncode == 3 and "tidak dapat dibuka" in result.stderr
    assert f"folder {tmp_path} " in result.stderr
    junk = tmp_path / "kiosk.db"
    junk.write_bytes(b"this is a spreadsheet, not a database" * 200)
    result = kiosk("migrate", db=f"sqlite:///{junk}")
    assert (
        result.returncode == 3
        and "bukan basis data kiosk" in result.stderr
        and "restore" in result.stderr
    )


def test_the_driver_s_words_are_never_shown(tmp_path: Path, log_file: Path) -> None:
    """PostgreSQL repeats a row's values in its message: an unnamed fault shows its kind."""
    secret = "3205010101900001"
    exc = OperationalError("INSERT", {}, Exception(f"Key (nik)=({secret}) is odd"))
    shown = db_problems.said(exc, f"sqlite:///{tmp_path / 'k.db'}", "app.db_error")
    assert secret not in shown and "Exception" in shown
    logged = log_file.read_text(encoding="utf-8")
    assert "unknown (Exception)" in logged and secret not in logged


@pytest.mark.db
@pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL server CI starts")
def test_a_role_or_database_the_server_does_not_have_is_named() -> None:
    server = make_url(PG_URL)
    nobody = server.set(username="kiosk_no_such_role").render_as_string(hide_password=False)
    result = kiosk("migrate", db=nobody)
    assert result.returncode == 3 and "menolak pengguna 'kiosk_no_such_role'" in result.stderr
    missing = server.set(database="kiosk_no_such_db").render_as_string(hide_password=False)
    result = kiosk("migrate", db=missing)
    assert result.returncode == 3 and "Basis data 'kiosk_no_such_db' tidak ada" in result.stderr


def test_which_hosts_are_this_computer() -> None:
    from kiosk.base.database import is_local

    assert all(map(is_local, ("", "/var/run/postgresql", "localhost", "127.0.0.1", "::1")))
    assert not any(map(is_local, ("192.168.10.5", "db.kecamatan.local", "10.0.0.1")))


@pytest.mark.db
async def test_a_shared_server_reached_in_clear_is_warned_of_at_login(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CI server listens on loopback without SSL: taken as if it were across the
    village's network, the kiosk asks the server and warns at login; SQLite never."""
    from kiosk.app import KioskApp
    from kiosk.base import database
    from tests.helpers.screens import KeyCounter, login, settle, text_of

    monkeypatch.setattr(database, "is_local", lambda host: False)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(KeyCounter(pilot))
        await settle(pilot)
        shown = text_of(app, "#home-message")
    if make_url(demo_url).get_backend_name() == "postgresql":
        assert "tidak dienkripsi" in shown and "sslmode=verify-full" in shown
    else:
        assert "tidak dienkripsi" not in shown


def test_the_log_says_which_database_was_opened_and_what_an_import_did(
    tmp_path: Path, log_file: Path
) -> None:
    """Opened, migrated and imported: the backend, the revision and the counts, never the
    password of the URL or a KK in an import file's name."""
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    assert kiosk("migrate", db=url).returncode == 0
    families = tmp_path / "kk-3205010101900001.csv"
    families.write_text(
        "no_kk,nik,nama,jenis_kelamin,tanggal_lahir,hubungan,kode_wilayah\n"
        "3205102003090001,3205104101900001,SITI AMINAH,P,1990-01-01,1,3205102003\n",
        encoding="utf-8",
    )
    kiosk("import", "families", str(families), db=url)
    kiosk("migrate", db="postgresql+psycopg://desk:s3cret-pw@127.0.0.1:1/jkn_kiosk")
    logged = log_file.read_text(encoding="utf-8")
    assert f"database opened: sqlite /{tmp_path / 'kiosk.db'}" in logged
    assert f"schema migrated: empty -> {HEAD_REVISION}" in logged
    assert "import families kk-" in logged and "+1 ~0 =0 -0" in logged
    assert "3205010101900001" not in logged and "s3cret-pw" not in logged
