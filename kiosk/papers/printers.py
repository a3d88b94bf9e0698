"""The printers this computer knows, for the desk's printer setting to be chosen, not typed:
CUPS's queues (`lpstat -e`) on Linux, the print queues (PowerShell's Get-Printer) on Windows,
and a thermal printer plugged into USB (/dev/usb/lp*) or a serial port, which takes ESC/POS
directly."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.base import system
from kiosk.base.i18n import t
from kiosk.papers.printing import DEFAULT_PRINTER, THERMAL

USB_PRINTERS = Path("/dev/usb")


@dataclass
class Printers:
    """Printer setting values, each with the words that describe it; `problem` says why the
    system's list could not be read (the list may still hold USB thermal printers)."""

    choices: list[tuple[str, str]] = field(default_factory=list)  # (setting value, words)
    problem: str = ""


def _queues(command: list[str], timeout: float) -> tuple[list[str], str]:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, errors="replace", timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return [], t("printers.timeout")
    except OSError as exc:
        return [], t("printers.failed", why=exc.strerror or type(exc).__name__)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        return [], t("printers.failed", why=said[-1] if said else done.returncode)
    return [line.strip() for line in done.stdout.splitlines() if line.strip()], ""


def system_printers(timeout: float = 5) -> Printers:
    found = Printers()
    if system.WINDOWS:
        found.choices.append((DEFAULT_PRINTER, t("printers.windows_default")))
        shell = shutil.which("powershell") or shutil.which("pwsh")
        if shell is None:
            found.problem = t("printers.no_powershell")
            return found
        names, found.problem = _queues(
            [shell, "-NoProfile", "-NonInteractive", "-Command",
             "Get-Printer | ForEach-Object { $_.Name }"], timeout,
        )  # fmt: skip
    else:
        lpstat = shutil.which("lpstat")
        names, found.problem = (
            _queues([lpstat, "-e"], timeout) if lpstat else ([], t("printers.no_cups"))
        )
        found.choices += [
            (f"{THERMAL}{device}", t("printers.usb_thermal", device=device))
            for device in sorted(USB_PRINTERS.glob("lp*"))
        ]
    found.choices += [(name, t("printers.queue", name=name)) for name in names]
    found.choices += [
        (f"{THERMAL}serial:{port}", t("printers.serial_thermal", port=port))
        for port in serial_ports()
    ]
    return found


def serial_ports() -> list[str]:
    """The serial ports with hardware behind them (COM3, /dev/ttyUSB0), where a roll
    printer may be; pyserial knows how to ask each system."""
    from serial.tools import list_ports

    try:
        return sorted(port.device for port in list_ports.comports())
    except OSError:  # the system's list could not be read: no serial choices
        return []
