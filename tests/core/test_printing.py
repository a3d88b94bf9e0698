"""Printing through the system queue, with lp (Linux) or SumatraPDF and the PDF reader's
print verb (Windows, simulated): success and each failure, the PDF always kept.

With KIOSK_TEST_CUPS_PRINTER set (CI sets it when it could start CUPS with a cups-pdf queue),
a slip goes through the real queue. Otherwise a recording `lp` stands in on PATH.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from kiosk.base import system
from kiosk.papers import printing

RECORDING_LP = """#!/bin/sh
# Stands in for CUPS: records the call, fails like lp for an unknown printer.
echo "$@" >> "{log}"
case "$2" in
  missing) echo "lp: The printer or class does not exist." >&2; exit 1 ;;
esac
echo "request id is $2-42 (1 file(s))"
"""


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "lp.log"
    lp = bin_dir / "lp"
    lp.write_text(RECORDING_LP.format(log=log))
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "slip-TEST.pdf"
    path.write_bytes(b"%PDF-1.4\n%test\n")
    return path


@pytest.mark.posix_only
def test_sends_to_the_named_printer(fake_lp: Path, pdf: Path) -> None:
    result = printing.print_pdf(pdf, "Kasir")
    assert result.ok and "Kasir-42" in result.message and str(pdf) in result.message
    assert fake_lp.read_text().split() == ["-d", "Kasir", "-t", "slip-TEST", str(pdf)]


@pytest.mark.posix_only
def test_unknown_printer_reports_the_queue_error(fake_lp: Path, pdf: Path) -> None:
    result = printing.print_pdf(pdf, "missing")
    assert not result.ok
    assert "does not exist. PDF" in result.message and str(pdf) in result.message  # one stop
    assert pdf.exists()


@pytest.mark.posix_only
def test_no_lp_on_this_computer(pdf: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = printing.print_pdf(pdf, "Kasir")
    assert not result.ok and "lp (CUPS) tidak ada" in result.message and str(pdf) in result.message


def test_no_printer_configured(pdf: Path) -> None:
    result = printing.print_pdf(pdf, "")
    assert not result.ok and "Belum ada printer" in result.message


@pytest.mark.posix_only
@pytest.mark.skipif(
    not os.environ.get("KIOSK_TEST_CUPS_PRINTER"), reason="no CUPS queue started for the tests"
)
def test_real_cups_queue(demo_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from kiosk.papers import slip
    from models import Case

    case = demo_session.exec(select(Case).where(Case.status == "va_issued")).first()
    path = slip.save_slip(demo_session, case, "80mm", tmp_path / "cups.pdf")
    printer = os.environ["KIOSK_TEST_CUPS_PRINTER"]
    out_dir = Path(os.environ.get("KIOSK_TEST_CUPS_OUT", ""))
    started = time.time() - 1
    result = printing.print_pdf(path, printer)
    assert result.ok, result.message
    if out_dir.is_dir():

        def fresh() -> list[Path]:
            # cups-pdf reuses a file name for the same title: judge by time, not by name.
            return sorted(p for p in out_dir.glob("*.pdf") if p.stat().st_mtime >= started)

        for _ in range(150):  # cups-pdf writes the printed file shortly after
            if fresh():
                break
            time.sleep(0.1)
        printed = fresh()
        assert printed
        size = -1
        while size != printed[-1].stat().st_size:  # until cups-pdf has finished writing
            size = printed[-1].stat().st_size
            time.sleep(0.3)
        # What came out of the queue still carries a QR that opens the case.
        from kiosk.desk import qrtoken
        from tests.helpers.papers import decode_qr

        payloads = decode_qr(printed[-1], tmp_path)
        assert qrtoken.verify(demo_session, payloads[0]) == case.code


# --- Windows (simulated: the kiosk's Windows branch, fakes for what Windows would run) ------

RECORDING_SUMATRA = """#!/bin/sh
# Stands in for SumatraPDF: records the call, fails like it for an unknown printer.
echo "$@" >> "{log}"
[ "$2" = "missing" ] && {{ echo "Printer 'missing' not found" >&2; exit 1; }}
exit 0
"""


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The Windows branch, no SumatraPDF anywhere, and a recording os.startfile."""
    monkeypatch.setattr(system, "WINDOWS", True)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for base in ("LOCALAPPDATA", "ProgramFiles", "ProgramFiles(x86)"):
        monkeypatch.setenv(base, str(tmp_path / base))
    started: list[tuple[str, str]] = []

    def startfile(path: str, operation: str = "open") -> None:
        if path.endswith("no-reader.pdf"):
            raise OSError(1155, "No application is associated with the specified file")
        started.append((path, operation))

    monkeypatch.setattr(os, "startfile", startfile, raising=False)
    return started


def _install_sumatra(tmp_path: Path) -> Path:
    """SumatraPDF installed for this user, where its installer puts it."""
    folder = tmp_path / "LOCALAPPDATA" / "SumatraPDF"
    folder.mkdir(parents=True)
    log = tmp_path / "sumatra.log"
    exe = folder / "SumatraPDF.exe"
    exe.write_text(RECORDING_SUMATRA.format(log=log))
    exe.chmod(0o755)
    return log


def test_windows_prints_to_a_named_queue_through_sumatra(
    windows: list[tuple[str, str]], pdf: Path, tmp_path: Path
) -> None:
    log = _install_sumatra(tmp_path)
    result = printing.print_pdf(pdf, "POS-58")
    assert result.ok and "POS-58" in result.message and str(pdf) in result.message
    assert log.read_text().split() == ["-print-to", "POS-58", "-silent", str(pdf)]
    assert windows == []  # the reader's print verb was not used as well

    assert printing.print_pdf(pdf, printing.DEFAULT_PRINTER).ok
    assert log.read_text().splitlines()[-1].split() == ["-print-to-default", "-silent", str(pdf)]


def test_windows_says_what_sumatra_refused_and_keeps_the_pdf(
    windows: list[tuple[str, str]], pdf: Path, tmp_path: Path
) -> None:
    _install_sumatra(tmp_path)
    result = printing.print_pdf(pdf, "missing")
    assert not result.ok and "not found" in result.message and "Gagal mencetak" in result.message
    assert pdf.exists() and str(pdf) in result.message


def test_windows_without_sumatra_uses_the_default_printer_or_says_what_to_install(
    windows: list[tuple[str, str]], pdf: Path, tmp_path: Path
) -> None:
    named = printing.print_pdf(pdf, "Kasir")
    assert not named.ok and "SumatraPDF" in named.message and str(pdf) in named.message
    assert windows == []

    default = printing.print_pdf(pdf, printing.DEFAULT_PRINTER)
    assert windows == [(str(pdf), "print")]
    # Windows' reader does not say whether the printer took it: the kiosk says so.
    assert default.ok and "periksa printernya" in default.message

    unreadable = tmp_path / "no-reader.pdf"
    unreadable.write_bytes(pdf.read_bytes())
    refused = printing.print_pdf(unreadable, printing.DEFAULT_PRINTER)
    assert (
        not refused.ok
        and "No application" in refused.message
        and str(unreadable) in refused.message
    )


@pytest.mark.posix_only
def test_a_thermal_slip_goes_through_a_raw_queue_or_says_why_not(fake_lp: Path, pdf: Path) -> None:
    sent = printing.send_escpos(b"\x1b@slip", "escpos:queue:POS58", pdf)
    assert sent.ok and "POS58" in sent.message
    assert fake_lp.read_text().split() == ["-d", "POS58", "-o", "raw"]
    refused = printing.send_escpos(b"\x1b@slip", "escpos:queue:missing", pdf)
    assert not refused.ok and "does not exist" in refused.message and str(pdf) in refused.message
