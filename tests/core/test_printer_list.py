"""The printers a desk chooses from: CUPS's queues, Windows' (simulated), USB thermal
printers; and what is said when the system cannot list them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.base import system
from kiosk.papers import printers


def _tool(bin_dir: Path, name: str, script: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / name
    tool.write_text("#!/bin/sh\n" + script)
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def no_usb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(printers, "USB_PRINTERS", usb)
    monkeypatch.setattr(printers, "serial_ports", lambda: [])
    return usb


@pytest.mark.posix_only
def test_cups_queues_and_a_usb_thermal_printer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_usb: Path
) -> None:
    _tool(tmp_path / "bin", "lpstat", '[ "$1" = "-e" ] && printf "Kasir\\nPOS58\\n"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    (no_usb / "lp0").touch()
    monkeypatch.setattr(printers, "serial_ports", lambda: ["/dev/ttyUSB0"])
    found = printers.system_printers()
    assert found.problem == ""
    assert [value for value, _ in found.choices] == [
        f"escpos:{no_usb / 'lp0'}",
        "Kasir",
        "POS58",
        "escpos:serial:/dev/ttyUSB0",
    ]
    assert "termal USB" in found.choices[0][1] and "serial" in found.choices[-1][1]


@pytest.mark.posix_only
def test_no_cups_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_usb: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = printers.system_printers()
    assert found.choices == [] and "CUPS (lpstat) tidak ada" in found.problem


@pytest.mark.posix_only
def test_cups_refusing_is_said_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_usb: Path
) -> None:
    _tool(tmp_path / "bin", "lpstat", 'echo "lpstat: Scheduler is not running." >&2; exit 1\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    found = printers.system_printers()
    assert found.choices == [] and "Scheduler is not running" in found.problem


@pytest.mark.posix_only
def test_windows_queues_from_powershell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_usb: Path
) -> None:
    """Windows: the default printer first, then each queue Get-Printer names (a shell
    script stands in for PowerShell; USB devices are Linux's, not listed)."""
    monkeypatch.setattr(system, "WINDOWS", True)
    (no_usb / "lp0").touch()
    _tool(tmp_path / "bin", "powershell",
          'case "$*" in *Get-Printer*) printf "EPSON L3110\\r\\nPOS-58\\r\\n";; esac\n')  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    found = printers.system_printers()
    assert [value for value, _ in found.choices] == ["default", "EPSON L3110", "POS-58"]
    assert found.choices[0][1] == "Printer bawaan Windows" and found.problem == ""


def test_windows_without_powershell_still_offers_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "WINDOWS", True)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = printers.system_printers()
    assert [value for value, _ in found.choices] == ["default"]
    assert "PowerShell" in found.problem
