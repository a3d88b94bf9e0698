"""The shape of the code the contracts in pyproject.toml cannot see: module sizes, subpackages
that load nothing, and the clock as the one reader of today's date."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

PRODUCT = sorted(
    path
    for package in ("kiosk", "screens", "models")
    for path in (ROOT / package).rglob("*.py")
    # Catalogues of words and frozen schema history are long by nature.
    if "locale" not in path.parts and "migrations" not in path.parts
)
MAX_LINES = 450


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_product_modules_are_found() -> None:
    assert len(PRODUCT) > 100 and ROOT / "kiosk" / "cases" / "lifecycle.py" in PRODUCT


@pytest.mark.parametrize("path", PRODUCT, ids=_name)
def test_no_product_module_is_over_450_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


# The top-level packages are the design card's: models/ names its tables in one place.
SUBPACKAGES = [p for p in PRODUCT if p.name == "__init__.py" and len(p.relative_to(ROOT).parts) > 2]


@pytest.mark.parametrize("path", SUBPACKAGES, ids=_name)
def test_a_subpackage_init_is_a_docstring_only(path: Path) -> None:
    # No re-exports: importing one module of a part must not load the whole part.
    body = ast.parse(path.read_text(encoding="utf-8")).body
    assert all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def _reads_the_wall_clock(tree: ast.AST) -> list[str]:
    wall = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}
    return [
        f"{node.value.id}.{node.attr} line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and (node.value.id, node.attr) in wall
    ]


@pytest.mark.parametrize("path", PRODUCT, ids=_name)
def test_only_the_clock_reads_todays_date(path: Path) -> None:
    # Frozen-clock tests and the demo's shifted clock rely on it.
    if path == ROOT / "kiosk" / "base" / "clock.py":
        return
    assert _reads_the_wall_clock(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_clock_check_finds_a_bypass() -> None:
    assert _reads_the_wall_clock(ast.parse("from datetime import date\nx = date.today()\n"))
