"""Printing through the system print queue, reporting exactly what went wrong: CUPS `lp` on
Linux; on Windows, SumatraPDF's silent printing to a named queue, else the PDF reader's own
"print" verb to the default printer."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kiosk.base import system
from kiosk.base.i18n import t

# The printer setting's word for "Windows' default printer" (a queue needs no name there).
DEFAULT_PRINTER = "default"
# A thermal printer fed ESC/POS directly, e.g. "escpos:tcp://192.168.1.50:9100",
# "escpos:/dev/usb/lp0", "escpos:queue:POS58" (a raw CUPS queue), "escpos:\\\\localhost\\POS58"
# (a printer shared on Windows), "escpos:serial:COM3". docs/desks.md says how.
THERMAL = "escpos:"
RAW_PORT = 9100
# A roll printer on a serial port: "escpos:serial:COM3" or "escpos:serial:/dev/ttyUSB0:19200".
SERIAL_BAUD = 9600  # what most 58 mm serial printers are set to from the factory


@dataclass
class PrintResult:
    ok: bool
    message: str


def print_pdf(path: Path, printer: str, timeout: float = 20) -> PrintResult:
    """Send a saved PDF to `printer`. The PDF stays where it is whatever happens."""
    if not printer:
        return PrintResult(False, t("print.no_printer", path=path))
    if system.WINDOWS:
        return _print_windows(path, printer, timeout)
    lp = shutil.which("lp")
    if lp is None:
        return PrintResult(False, t("print.no_lp", path=path))
    try:
        done = subprocess.run(
            [lp, "-d", printer, "-t", path.stem, str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return PrintResult(False, t("print.timeout", printer=printer, path=path))
    if done.returncode != 0:
        return _refused(done, printer, path)
    job = done.stdout.strip()
    return PrintResult(True, t("print.sent", printer=printer, job=job, path=path))


def _refused(
    done: subprocess.CompletedProcess[str] | subprocess.CompletedProcess[bytes],
    printer: str,
    path: Path,
) -> PrintResult:
    """The queue's own last word on why it refused the job (a raw job's answer is bytes)."""
    answer = done.stderr or done.stdout
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    said = answer.strip().splitlines()
    return _failed(printer, said[-1] if said else str(done.returncode), path)


def _failed(printer: str, why: str, path: Path) -> PrintResult:
    # "why" is the system's own sentence; the message puts its own full stop after it.
    return PrintResult(False, t("print.failed", printer=printer, why=why.rstrip(". "), path=path))


def sumatra() -> str | None:
    """SumatraPDF, the free PDF reader that prints without a window, where it is installed
    (on PATH, for this user, or for everyone); None if it is not."""
    found = shutil.which("SumatraPDF")
    if found:
        return found
    for base in ("LOCALAPPDATA", "ProgramFiles", "ProgramFiles(x86)"):
        folder = os.environ.get(base)
        if folder and (Path(folder) / "SumatraPDF" / "SumatraPDF.exe").is_file():
            return str(Path(folder) / "SumatraPDF" / "SumatraPDF.exe")
    return None


def _print_windows(path: Path, printer: str, timeout: float) -> PrintResult:
    reader = sumatra()
    if reader is not None:
        where = ["-print-to-default"] if printer == DEFAULT_PRINTER else ["-print-to", printer]
        try:
            done = subprocess.run(
                [reader, *where, "-silent", str(path)],
                capture_output=True, text=True, timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return PrintResult(False, t("print.timeout", printer=printer, path=path))
        except OSError as exc:
            return _failed(printer, exc.strerror or type(exc).__name__, path)
        if done.returncode != 0:
            return _refused(done, printer, path)
        return PrintResult(True, t("print.sent_windows", printer=printer, path=path))
    if printer != DEFAULT_PRINTER:
        # The reader's "print" verb knows only the default printer.
        return PrintResult(False, t("print.no_sumatra", printer=printer, path=path))
    startfile = getattr(os, "startfile", None)
    if startfile is None:  # not Windows after all
        return PrintResult(False, t("print.no_lp", path=path))
    try:
        startfile(str(path), "print")
    except OSError as exc:  # no PDF reader, or one without a print verb
        return _failed(printer, exc.strerror or type(exc).__name__, path)
    # Handed to the PDF reader, which does not say whether the printer took it.
    return PrintResult(True, t("print.handed_over", path=path))


def is_thermal(printer: str) -> bool:
    return printer.startswith(THERMAL)


def send_escpos(data: bytes, printer: str, path: Path, timeout: float = 10) -> PrintResult:
    """Send a slip's ESC/POS to a thermal printer. "Sent" only once the printer (or its
    queue) has taken every byte; otherwise what went wrong, and the PDF is kept."""
    target = printer[len(THERMAL) :]
    try:
        if target.startswith("tcp://"):
            host, _, port = target[len("tcp://") :].partition(":")
            with socket.create_connection((host, int(port or RAW_PORT)), timeout=timeout) as conn:
                conn.sendall(data)
        elif target.startswith("queue:"):
            lp = None if system.WINDOWS else shutil.which("lp")
            if lp is None:
                return PrintResult(False, t("print.no_raw_queue", path=path))
            done = subprocess.run(
                [lp, "-d", target[len("queue:") :], "-o", "raw"],
                input=data, capture_output=True, timeout=timeout, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                return _refused(done, printer, path)
        elif target.startswith("serial:"):
            _send_serial(data, target[len("serial:") :], timeout)
        else:  # a device (/dev/usb/lp0) or a printer shared on Windows
            with open(target, "wb") as device:
                device.write(data)
    except (subprocess.TimeoutExpired, TimeoutError):
        return PrintResult(False, t("print.timeout", printer=printer, path=path))
    except (OSError, ValueError) as exc:  # refused, unreachable, no such device, a bad port
        return _failed(
            printer, getattr(exc, "strerror", None) or str(exc) or type(exc).__name__, path
        )
    return PrintResult(True, t("print.sent_thermal", printer=target, path=path))


def _send_serial(data: bytes, port: str, timeout: float) -> None:
    """Write the slip to a serial port at its baud rate (a trailing ":19200"), letting the
    printer pause the flow (XON/XOFF) while its buffer is full, and wait until every byte
    has left. A port that does not answer in time raises TimeoutError; pyserial's other
    errors are OSErrors, said like a device's (the port and the reason)."""
    import serial

    name, _, baud = port.rpartition(":")
    if not (name and baud.isdigit()):
        name, baud = port, str(SERIAL_BAUD)
    # A QR image at 9600 baud takes about 15 s: time for the bytes, not only the timeout.
    allowed = timeout + len(data) * 10 / int(baud)
    try:
        with serial.Serial(name, int(baud), xonxoff=True, write_timeout=allowed) as line:
            line.write(data)
            line.flush()
    except serial.SerialTimeoutException as exc:
        raise TimeoutError(str(exc)) from exc
