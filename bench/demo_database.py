"""The kabupaten-sized demo database the benchmarks share, built once into bench/out/."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"


def demo_database(families: int) -> Path:
    """bench/out/demo-<families>.db, made by `kiosk demo --families <families>` if missing."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"demo-{families}.db"
    if not path.exists():
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "--db", f"sqlite:///{path}", "demo",
             "--families", str(families)],
            check=True,
        )  # fmt: skip
        print(f"built {path.name} in {time.perf_counter() - start:.1f} s")
    return path
