"""Calls that exist on POSIX systems only are made in one module (kiosk.base.system), whose
Windows branches the simulated-Windows pass takes: a new `os.fchmod` anywhere else would
crash a Windows desk, and no Linux test would notice."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.paths import ROOT
from tests.helpers.windows_sim import POSIX_ONLY_CALLS, POSIX_ONLY_MODULES

ALLOWED = {ROOT / "kiosk" / "base" / "system.py"}
MODULES = {*POSIX_ONLY_MODULES, "termios", "tty"}


def _sources() -> list[Path]:
    return sorted(p for part in ("kiosk", "screens", "models") for p in (ROOT / part).rglob("*.py"))


def _posix_only_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in POSIX_ONLY_CALLS
        ):
            found.append(f"os.{node.attr}:{node.lineno}")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}:{node.lineno}" for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in MODULES:
            found.append(f"from {node.module}:{node.lineno}")
        elif isinstance(node, ast.Constant) and node.value in ("fchmod", "confstr"):
            found.append(f"getattr {node.value}:{node.lineno}")  # getattr(os, "fchmod")
    return found


def test_posix_only_calls_live_in_the_system_module_only() -> None:
    uses = {
        str(path.relative_to(ROOT)): found
        for path in _sources()
        if path not in ALLOWED and (found := _posix_only_uses(path))
    }
    assert uses == {}


def test_the_check_finds_what_it_looks_for() -> None:
    system = ROOT / "kiosk" / "base" / "system.py"
    assert any(u.startswith("getattr fchmod") for u in _posix_only_uses(system))
    assert any(u.startswith("import fcntl") for u in _posix_only_uses(system))
