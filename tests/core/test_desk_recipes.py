"""The recipes docs/desks.md gives a desk's IT person are checked as written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

UNIT = ROOT / "docs" / "jkn-kiosk.service"


@pytest.mark.posix_only
@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is absent")
def test_the_console_service_unit_passes_systemd_s_own_check(tmp_path: Path) -> None:
    unit = UNIT.read_text(encoding="utf-8")
    assert "Restart=always" in unit and "TTYPath=/dev/tty1" in unit and "TERM=linux" in unit
    # The one thing verify cannot find here is the installed kiosk: a stand-in at its path.
    kiosk = tmp_path / "kiosk"
    kiosk.write_text("#!/bin/sh\n")
    kiosk.chmod(0o755)
    checked = tmp_path / UNIT.name
    checked.write_text(unit.replace("/usr/local/bin/kiosk", str(kiosk)), encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(checked)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    broken = tmp_path / "broken.service"  # the check does refuse a unit it cannot run
    broken.write_text(unit.replace("/usr/local/bin/kiosk", str(tmp_path / "nowhere")))
    refused = subprocess.run(
        ["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
