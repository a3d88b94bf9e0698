"""Shared fixtures.

Database tests run on SQLite by default. With KIOSK_TEST_DATABASE_URL set to a PostgreSQL
URL (CI does this), every test that uses `engine` runs against that database instead.
A migrated template is built once per run: copied per test on SQLite, truncated on PostgreSQL.
"""

from __future__ import annotations

import fcntl  # bound before the simulated-Windows pass hides it: the workers still share
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.helpers import windows_sim
from tests.helpers.keys import plant_key

if windows_sim.wanted():
    windows_sim.apply()

# Each worker imports every test module, and pytest rewrites each one's asserts and compiles
# it again unless it may keep the result: 3.5 s a worker where PYTHONDONTWRITEBYTECODE is
# set (as on CI), 0.7 s with the result kept (`__pycache__`, ignored by git).
sys.dont_write_bytecode = False

os.environ.setdefault("KIOSK_LANG", "id")
# A bug in a screen's database helper fails the test instead of becoming a toast.
os.environ["KIOSK_STRICT"] = "1"
PG_URL = os.environ.get("KIOSK_TEST_DATABASE_URL", "")
# Reference data kept between tests; everything else is emptied.
KEEP = {"region", "alembic_version"}


# Tests that start processes, kill them, race them or measure memory (tests/process/) run in
# the parallel pass with the rest: they must hold on a busy machine, as a desk's PC is one
# (checked with two CPU-bound processes beside the whole suite). The marker still tells the
# PIN-cost fixture below which tests measure the real cost.
PROCESS_DIR = Path(__file__).resolve().parent / "process"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    posix_only = pytest.mark.skip(reason="POSIX behaviour; this is the simulated-Windows pass")
    for item in items:
        if windows_sim.wanted() and item.get_closest_marker("posix_only"):
            item.add_marker(posix_only)
        if {"engine", "demo_engine"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
        if PROCESS_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.process)


# The kiosk's argon2 cost (~0.25 s a PIN hashed or checked) is measured by bench/pin_hash.py
# and kept by the process tests; every other test logs in at a cost a thousand times lower,
# or a quarter of the suite's time went to hashing PINs. A hash records its own cost, so a
# database built here checks cheaply wherever it is opened.
REAL_PIN_COST: dict[str, int] = {}
CHEAP_PIN_COST = {"TIME_COST": 1, "MEMORY_KIB": 64}


def _pin_cost(cost: dict[str, int]) -> None:
    from kiosk.desk import operators

    for name, value in cost.items():
        REAL_PIN_COST.setdefault(name, getattr(operators, name))
        setattr(operators, name, value)


def _compile_project() -> None:
    """The project's bytecode, compiled once before the workers start. The suite starts
    hundreds of interpreters (six workers, the kiosks the process tests start and kill);
    where PYTHONDONTWRITEBYTECODE is set, as on CI, each compiled every module again: a
    quarter of the suite's time (the libraries' bytecode comes with `uv sync`, pyproject)."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for folder in ("kiosk", "screens", "models", "tests/helpers"):
        compileall.compile_dir(root / folder, quiet=1, workers=0)


def pytest_configure(config: pytest.Config) -> None:
    """Before any fixture runs (the session's, which build the templates, included), the
    kiosk's data folder is a throwaway one, never the user's own, and PINs hash cheaply."""
    import tempfile

    if not hasattr(config, "workerinput"):  # the first process of the run, not a worker
        _compile_project()
    _pin_cost(CHEAP_PIN_COST)

    if "KIOSK_DATA_DIR" not in os.environ or not os.environ.get("KIOSK_TESTS_DATA"):
        folder = Path(tempfile.mkdtemp(prefix="kiosk-tests-"))
        os.environ["KIOSK_DATA_DIR"] = os.environ["KIOSK_TESTS_DATA"] = str(plant_key(folder))
        os.environ["KIOSK_CONFIG_DIR"] = str(folder / "config")


@pytest.fixture(autouse=True)
def _isolated(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the real user data directory or inherits a database URL."""
    if request.node.get_closest_marker("process"):  # these measure the PIN check itself
        from kiosk.desk import operators

        for name, value in REAL_PIN_COST.items():
            monkeypatch.setattr(operators, name, value)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(plant_key(tmp_path / "data")))
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))  # nor the user's log folder
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))  # nor this desk's file
    monkeypatch.delenv("KIOSK_DATABASE_URL", raising=False)
    monkeypatch.setenv("KIOSK_LANG", "id")  # `kiosk --lang en` run in-process sets it
    # The terminal the suite was started in is not the one the screens are tested in: on the
    # Linux console (TERM=linux) the kiosk takes the ASCII look by itself. A test of that
    # look says so (tests/process/test_console.py gives its kiosks their own TERM).
    monkeypatch.setenv("TERM", "xterm-256color")
    from kiosk.base import i18n, keymap

    i18n.set_language("id")
    keymap.use({})


def _built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> str:
    """A file every test worker shares, built by the first worker that needs it (the others
    wait for it): the demo village is loaded once per run, not once per worker."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run, and only this run
    path = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = root / f"{name}.partial"
            partial.unlink(missing_ok=True)
            build(partial)
            partial.rename(path)
    return str(path)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kiosk.base.database import open_database

    if PG_URL:
        engine = open_database(PG_URL)
        engine.dispose()
        return PG_URL

    def build(path: Path) -> None:
        open_database(f"sqlite:///{path}").dispose()

    return _built_once(tmp_path_factory, "template.db", build)


def _truncate(engine: Engine) -> None:
    from sqlmodel import SQLModel

    import models  # noqa: F401

    names = [t.name for t in SQLModel.metadata.sorted_tables if t.name not in KEEP]
    with engine.begin() as conn:
        quoted = ", ".join(f'"{n}"' for n in names)
        conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db_url(template_db: str, tmp_path: Path) -> str:
    if PG_URL:
        from kiosk.base.database import make_engine

        engine = make_engine(PG_URL)
        _truncate(engine)
        engine.dispose()
        return PG_URL
    target = tmp_path / "kiosk.db"
    shutil.copyfile(template_db, target)
    return f"sqlite:///{target}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    from kiosk.base.database import open_database

    engine = open_database(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    from kiosk.base.database import session as make_session

    with make_session(engine) as s:
        yield s


@pytest.fixture(scope="session")
def demo_template(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the template with the demo village loaded (SQLite only; PostgreSQL reloads)."""
    if PG_URL:
        return PG_URL
    from kiosk.base.database import open_database, session
    from kiosk.demo import village

    def build(path: Path) -> None:
        shutil.copyfile(template_db, path)
        engine = open_database(f"sqlite:///{path}")
        with session(engine) as s:
            village.load(s)
        engine.dispose()

    return _built_once(tmp_path_factory, "demo.db", build)


@pytest.fixture
def demo_url(demo_template: str, tmp_path: Path) -> str:
    """A fresh database holding the demo village at its default size."""
    if PG_URL:
        from kiosk.base.database import make_engine, session
        from kiosk.demo import village

        engine = make_engine(PG_URL)
        _truncate(engine)
        with session(engine) as s:
            village.load(s)
        engine.dispose()
        return PG_URL
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    from kiosk.base.database import open_database

    engine = open_database(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_session(demo_engine: Engine) -> Iterator[Session]:
    from kiosk.base.database import session as make_session

    with make_session(demo_engine) as s:
        yield s


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, not even the schema: a new SQLite file, or a new
    database on the PostgreSQL server under test (dropped afterwards)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"kiosk_empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_demo(demo_url: str) -> str:
    if not demo_url.startswith("sqlite"):
        pytest.skip("the built-in backup is of the SQLite file (PostgreSQL: pg_dump)")
    return demo_url
