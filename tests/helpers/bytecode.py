"""Bytecode for the kiosk and every library it loads, compiled before the suite or a bench runs.

A desk installs the kiosk with its bytecode compiled (README: `uv tool install
--compile-bytecode .`). A development environment or a CI machine may hold none: `uv sync`
compiles nothing, and with PYTHONDONTWRITEBYTECODE set (as on CI) nothing is ever written,
so every interpreter compiles each module again. A start then costs hundreds of
milliseconds more and ~8 MiB that stay (`bench/memory_parts.py`: 118.0 MiB without, 110.4
MiB with); the suite, which starts hundreds of interpreters (six workers, the kiosks the
process tests start and kill), took 197 s on a fresh clone instead of 136 s. A few seconds
the first time, then only what changed.
"""

from __future__ import annotations

import compileall
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROJECT = ("kiosk", "screens", "models", "tests/helpers")


def compile_all() -> None:
    folders = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    folders |= {str(ROOT / name) for name in PROJECT}
    for folder in sorted(folders):
        # quiet=2: a library may ship files that do not compile (Python 2 examples); they
        # are never imported, and their names would only fill the suite's output.
        compileall.compile_dir(folder, quiet=2, workers=0)
