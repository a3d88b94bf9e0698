"""Schema, migrations and connection settings."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import models  # noqa: F401
from kiosk import config, database


def test_head_revision_constant_matches_the_migrations() -> None:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_current_head() == database.HEAD_REVISION


def test_migrations_from_empty_build_every_table(tmp_path: Path) -> None:
    engine = database.make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert database.current_revision(engine) is None
    assert database.migrate(engine) is True
    assert database.current_revision(engine) == database.HEAD_REVISION
    assert database.migrate(engine) is False  # the fast path: nothing to do
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT name FROM region WHERE code = '320510'")).scalar()
            == "Kadungora"
        )


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_every_walk_lookup_is_indexed(engine: Engine) -> None:
    inspector = inspect(engine)

    def indexed(table: str) -> set[str]:
        cols = {c for ix in inspector.get_indexes(table) for c in ix["column_names"]}
        return cols | set(inspector.get_pk_constraint(table)["constrained_columns"])

    assert {"kk_number"} <= indexed("family")
    assert {"nik", "family_id"} <= indexed("person")
    assert {"nik"} <= indexed("coverage")
    assert {"code", "status", "created_at"} <= indexed("case")
    assert {"case_id"} <= indexed("casemember")
    assert {"case_id"} <= indexed("auditevent")


def test_sqlite_runs_wal_full_sync_with_foreign_keys(tmp_path: Path) -> None:
    engine = database.open_database(f"sqlite:///{tmp_path / 'k.db'}")
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == database.BUSY_TIMEOUT_MS


def test_database_file_is_owner_only(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "d"))
    url = config.database_url()
    assert url == f"sqlite:///{tmp_path / 'd' / 'kiosk.db'}"
    database.open_database(url)
    assert (tmp_path / "d" / "kiosk.db").stat().st_mode & 0o077 == 0
    assert (tmp_path / "d").stat().st_mode & 0o077 == 0


def test_database_url_precedence(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KIOSK_DATABASE_URL", "sqlite:////tmp/env.db")
    assert config.database_url() == "sqlite:////tmp/env.db"
    assert config.database_url("sqlite:////tmp/flag.db") == "sqlite:////tmp/flag.db"


def test_database_errors_never_repeat_personal_numbers(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    from kiosk.database import session

    nik = "3205100512800002"
    with session(engine) as s:
        conn = s.connection()
        conn.execute(
            text(
                "INSERT INTO family (kk_number, address, rt, rw, region_code, source) VALUES ('3205100102150007', '', '', '', '', 'x')"
            )
        )
        insert = text(
            "INSERT INTO person (nik, family_id, name, sex, birth_place, birth_date, relation) VALUES (:nik, 1, 'A', 'L', '', '1980-12-05', 1)"
        )
        conn.execute(insert, {"nik": nik})
        try:
            conn.execute(insert, {"nik": nik})
        except IntegrityError as exc:
            described = database.safe_error(exc)
            assert described and nik not in described
            if engine.dialect.name == "sqlite":
                assert nik not in str(exc)  # bound values hidden (PostgreSQL adds its own detail)
        else:
            raise AssertionError("a duplicate NIK was accepted")
