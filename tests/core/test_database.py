"""Schema, migrations and connection settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import models  # noqa: F401
from kiosk.base import config, database


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

    from kiosk.base.database import session

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


def _at_revision(url: str, revision: str):  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config

    from kiosk.base import database

    engine = database.make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return engine


def _old_desk(engine) -> None:  # type: ignore[no-untyped-def]
    """A desk's data at revision 0003: an operator, a case of theirs, a member, events."""
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO operator (id, name, pin_hash, role, failed_attempts, active)"
                " VALUES (1, 'lama', 'x', 'supervisor', 0, true)"
            )
        )
        conn.execute(
            text(
                'INSERT INTO "case" (id, code, status, step, kk_number, head_name, region_code,'
                " phone, email, bank, bank_account, fktp_confirmed, gateway, va_number,"
                " monthly_amount, reason, reason_note, operator_id, created_at, updated_at)"
                " VALUES (1, 'OLDC0001', 'active', 'done', '3205100102150007', 'UJANG', '', '', '',"
                " '', '', true, 'manual', '8888800012345678', 35000, '', '', 1,"
                " '2026-01-05 03:00:00', '2026-02-01 03:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO casemember (case_id, position, nik, name, sex, birth_date, relation,"
                " is_new, segment, existing_card, chosen_fktp, card_number, card_fktp)"
                " VALUES (1, 0, '3205100101900001', 'UJANG', 'L', '1990-01-01', 1, true, '', '',"
                " '0403P001', '0001234567890', '0403K004')"
            )
        )
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO auditevent (case_id, operator_id, at, action, detail)"
                    f" VALUES (1, 1, '2026-01-05 03:0{n}:00', 'status', 'draft->submitted')"
                )
            )
        conn.execute(
            text("INSERT INTO setting (key, value) VALUES ('secret', :v)"), {"v": "ab" * 32}
        )


def test_a_desk_s_data_from_an_old_revision_upgrades_whole(empty_db_url: str) -> None:
    """Tables other rows point to (operators, cases) are never copied by a migration: on
    SQLite that would fail on real data even though it passes on an empty database."""
    from sqlmodel import select

    from kiosk.base import database
    from kiosk.cases import fktp_remedy
    from kiosk.desk import audit
    from kiosk.followup import reports
    from models import Case, CaseMember, Operator

    engine = _at_revision(empty_db_url, "0003")
    _old_desk(engine)
    assert database.migrate(engine)
    assert database.current_revision(engine) == database.HEAD_REVISION
    with database.session(engine) as s:
        case = s.get(Case, 1)
        assert case is not None and case.legacy_sig and case.paid_on is None
        member = s.exec(select(CaseMember)).one()
        assert member.first_card_fktp == "0403K004"  # the card recorded then was the first
        assert s.get(Operator, 1).locks == 0  # type: ignore[union-attr]
        assert audit.verify(s).ok and audit.verify(s).checked == 3
        assert fktp_remedy.remedy(s, case).differing
        assert reports.build(s).per_fktp()[0].cards_other["0403K004"] == 1
    engine.dispose()


def test_a_person_in_two_open_cases_before_0009_keeps_the_most_advanced_seat(
    empty_db_url: str,
) -> None:
    """Data made before one seat per person: the upgrade must not fail on the duplicate, and
    the case furthest along keeps the person."""
    from sqlalchemy import text
    from sqlmodel import select

    from kiosk.base import database
    from models import CaseMember

    engine = _at_revision(empty_db_url, "0003")
    _old_desk(engine)
    engine.dispose()
    engine = _at_revision(empty_db_url, "0008")
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO "case" (id, code, status, step, kk_number, head_name, region_code,'
                " phone, email, bank, bank_account, fktp_confirmed, gateway, va_number,"
                " monthly_amount, reason, reason_note, operator_id, created_at, updated_at,"
                " legacy_sig, consent_by, consent_version)"
                " VALUES (2, 'NEWC0002', 'draft', 'members', '3205100611260001', 'UJANG', '',"
                " '', '', '', '', false, 'manual', '', 0, '', '', 1,"
                " '2026-11-05 03:00:00', '2026-11-05 03:00:00', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO casemember (case_id, position, nik, name, sex, birth_date, relation,"
                " is_new, segment, existing_card, chosen_fktp, card_number, card_fktp,"
                " first_card_fktp) VALUES (2, 0, '3205100101900001', 'UJANG', 'L', '1990-01-01',"
                " 1, true, '', '', '', '', '', '')"
            )
        )
    assert database.migrate(engine)
    with database.session(engine) as s:
        seats = {m.case_id: m.open_nik for m in s.exec(select(CaseMember))}
    assert seats == {1: "3205100101900001", 2: None}  # the active case keeps the person
    engine.dispose()


def test_a_migration_that_fails_halfway_leaves_the_database_as_it_was(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from kiosk.base import database

    engine = _at_revision(empty_db_url, "0003")
    _old_desk(engine)
    real = command.upgrade

    def upgrade_then_fail(config, revision):  # type: ignore[no-untyped-def]
        real(config, revision)  # every step applied...
        raise RuntimeError("power cut")  # ...and then the kiosk dies before it is done

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError):
        database.migrate(engine)
    engine.dispose()
    engine = database.make_engine(empty_db_url)
    assert database.current_revision(engine) == "0003"
    assert "locks" not in {c["name"] for c in inspect(engine).get_columns("operator")}
    assert "audithead" not in inspect(engine).get_table_names()
    monkeypatch.setattr(command, "upgrade", real)
    assert database.migrate(engine)  # and the next start upgrades it cleanly
    engine.dispose()


def test_coverage_from_before_0011_is_a_claim_of_unknown_date(empty_db_url: str) -> None:
    """Rows imported before claims had dates need a check; PBI-APBD takes its new name; the
    member table, copied on SQLite to widen its segment, keeps its one-seat index."""
    from sqlalchemy import inspect, text
    from sqlmodel import select

    from kiosk.base import database
    from models import CaseMember, Coverage

    engine = _at_revision(empty_db_url, "0003")
    _old_desk(engine)
    engine.dispose()
    engine = _at_revision(empty_db_url, "0010")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO coverage (nik, card_number, segment, fktp_code)"
                " VALUES ('3205104608850003', '0001234567891', 'PBI-APBD', '')"
            )
        )
        conn.execute(text("UPDATE casemember SET segment = 'PBI-APBD', is_new = false"))
    assert database.migrate(engine)
    with database.session(engine) as s:
        cover = s.exec(select(Coverage)).one()
        assert (cover.segment, cover.status, cover.as_of, cover.source) == (
            "PBPU/BP Pemda", "unknown", None, "",
        )  # fmt: skip
        assert s.exec(select(CaseMember)).one().segment == "PBPU/BP Pemda"
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("casemember")}
    assert "ux_casemember_open_nik" in indexes
    engine.dispose()


def test_a_dusun_written_into_the_address_before_0022_is_taken_back_out(
    empty_db_url: str,
) -> None:
    """Imports folded the dusun into the address (", DUSUN X"): 0022 keeps it apart, so a
    village imported before has its dusun on the outreach map."""
    from sqlalchemy import text
    from sqlmodel import select

    from kiosk.base import database
    from models import Family

    engine = _at_revision(empty_db_url, "0021")
    with engine.begin() as conn:
        for n, address in enumerate(("JL. MAWAR, DUSUN CIKEMBULAN", "DUSUN II", "KP. LEGOK")):
            conn.execute(
                text(
                    "INSERT INTO family (kk_number, address, rt, rw, region_code, source)"
                    f" VALUES ('320510010215{n:04d}', :address, '001', '002', '3205102003',"
                    " 'import')"
                ),
                {"address": address},
            )
    assert database.migrate(engine)
    with database.session(engine) as s:
        found = {f.address: f.dusun for f in s.exec(select(Family))}
    assert found == {"JL. MAWAR, DUSUN CIKEMBULAN": "CIKEMBULAN", "DUSUN II": "II",
                     "KP. LEGOK": ""}  # fmt: skip
    engine.dispose()
