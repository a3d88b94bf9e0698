"""Bytecode for the kiosk and every library it loads, compiled before a bench measures.

A desk installs the kiosk with its bytecode compiled (README: `uv tool install
--compile-bytecode .`). A development environment may hold none: `uv sync` compiles nothing,
and with PYTHONDONTWRITEBYTECODE set nothing is ever written, so every start compiles each
module again. That costs the start hundreds of milliseconds and the process ~8 MiB that
stay (measured: `bench/memory_parts.py` 118.0 MiB without, 110.4 MiB with). The benches
measure what a desk runs: they compile first (a few seconds once, then only what changed).
"""

from __future__ import annotations

import compileall
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("kiosk", "screens", "models")


def compile_all() -> None:
    folders = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    folders |= {str(ROOT / name) for name in PROJECT}
    for folder in sorted(folders):
        # quiet=1 still names a file that fails (some libraries ship Python 2 examples).
        compileall.compile_dir(folder, quiet=2, workers=0)
    print("bytecode compiled for the kiosk and its libraries (bench/bytecode.py)")
