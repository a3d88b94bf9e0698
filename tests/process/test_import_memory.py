"""Importing a file made to hurt stays within what a 2 GB PC can give it (bench/import_memory.py
measures every kind; this holds the two that took gigabytes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import hostile_files
from tests.helpers.paths import ROOT

# VmHWM of the importing process itself (ru_maxrss would carry this test process's peak).
CHILD = """
import sys
from kiosk.cli import main
code = main(["--db", sys.argv[1], "import", "families", sys.argv[2], "--skip-bad"])
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(code, int(peak) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
@pytest.mark.parametrize("kind", ["quoted_newlines", "shared_strings_bomb"])
def test_a_hostile_file_is_refused_within_200_mib(
    sqlite_demo: str, tmp_path: Path, kind: str
) -> None:
    suffix = ".csv" if kind == "quoted_newlines" else ".xlsx"
    path = getattr(hostile_files, kind)(tmp_path / f"desa{suffix}")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, sqlite_demo, str(path)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    code, peak = done.stdout.split()[-2:]
    assert code == "2", done.stdout + done.stderr  # refused, in words, nothing imported
    assert "Traceback" not in done.stderr
    assert int(peak) < 200
