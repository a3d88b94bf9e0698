"""Printing through the system print queue (CUPS `lp`), reporting exactly what went wrong."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kiosk.base.i18n import t


@dataclass
class PrintResult:
    ok: bool
    message: str


def print_pdf(path: Path, printer: str, timeout: float = 20) -> PrintResult:
    """Send a saved PDF to `printer` with lp. The PDF stays where it is whatever happens."""
    if not printer:
        return PrintResult(False, t("print.no_printer", path=path))
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
        why = (done.stderr or done.stdout).strip().splitlines()
        return PrintResult(
            False,
            t("print.failed", printer=printer, why=why[-1] if why else done.returncode, path=path),
        )
    job = done.stdout.strip()
    return PrintResult(True, t("print.sent", printer=printer, job=job, path=path))
