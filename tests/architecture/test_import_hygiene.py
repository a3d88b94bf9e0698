"""Start-up cost is a feature: the core never loads Textual, the CLI never loads fpdf or qrcode."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import kiosk

# Every core module: all of kiosk/ but the entry layer (the app, the CLI) and the slip,
# whose whole purpose is fpdf and qrcode (it is loaded only when a slip is made).
ENTRY = {"kiosk.app", "kiosk.cli", "kiosk.papers.slip", "kiosk.__main__"}
CORE = sorted(
    info.name
    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk.")
    if info.name not in ENTRY and ".migrations" not in info.name
)


def loaded_after(statement: str, packages: bool = True) -> set[str]:
    """The modules loaded after `statement`: their top packages, or their full names."""
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] if packages else name for name in out.stdout.split()}


def test_every_core_module_is_found() -> None:
    # Folders included: a module moved into a subpackage is still checked.
    assert {"kiosk.base.clock", "kiosk.cases.lifecycle", "kiosk.papers.page"} <= set(CORE)
    assert len(CORE) > 50


def test_no_core_module_loads_textual_or_pdf() -> None:
    # Loading is monotone: a module that loads Textual alone loads it among the others too,
    # so one interpreter importing every core module checks them all. Only when it fails is
    # each module imported alone, to name the ones at fault.
    forbidden = {"textual", "rich", "fpdf", "qrcode", "PIL"}
    if forbidden & loaded_after("; ".join(f"import {module}" for module in CORE)):
        at_fault = {m: forbidden & loaded_after(f"import {m}") for m in CORE}
        assert not {m: found for m, found in at_fault.items() if found}


def test_cli_does_not_load_textual_fpdf_or_qrcode() -> None:
    modules = loaded_after("import kiosk.cli; kiosk.cli.build_parser()")
    assert not {"textual", "fpdf", "qrcode", "sqlalchemy", "sqlmodel"} & modules


def test_models_import_nothing_from_kiosk_or_screens() -> None:
    modules = loaded_after("import models")
    assert not {"kiosk", "screens", "textual"} & modules


def test_login_path_loads_no_database_or_pdf_code() -> None:
    # What the first frame needs: the app and the login screen; the rest comes after it.
    modules = loaded_after("import kiosk.cli, kiosk.app, screens.desk.login")
    assert not {"sqlalchemy", "sqlmodel", "alembic", "fpdf", "qrcode", "PIL", "argon2"} & modules


def test_the_first_frame_loads_no_region_table_reader() -> None:
    # The login screen's PIN field reaches the ID rules, and so the region table's module;
    # its readers (~20 ms on a slow PC) wait for the first NIK check.
    first_frame = (
        "from kiosk.app import KioskApp; app = KioskApp(None); "
        "app._after_first_frame = app.exit; app.run(headless=True, size=(80, 24))"
    )
    modules = loaded_after(first_frame, packages=False)
    assert "screens.desk.login" in modules
    assert not {"importlib.resources", "csv", "gzip"} & modules
