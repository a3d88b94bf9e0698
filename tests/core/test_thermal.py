"""Slips on a thermal printer, in ESC/POS: read back as the printer would print them (text
lines and raster images), the QR decoded from the raster, the width within the head; sent
over the network to a printer emulated by a socket, to a device file, or refused with a
reason and the PDF kept."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
import zxingcpp
from sqlmodel import Session, select

from kiosk.desk import qrtoken
from kiosk.papers import escpos, slip
from kiosk.papers.issue import issue
from kiosk.rules import casecode
from models import Case
from tests.helpers.escpos import parse


def _case(session: Session, status: str = "va_issued") -> Case:
    case = session.exec(select(Case).where(Case.status == status)).first()
    assert case is not None
    return case


@pytest.mark.parametrize(("fmt", "dots"), [("58mm", 384), ("80mm", 576)])
def test_a_thermal_slip_fits_the_head_and_its_qr_reads(
    demo_session: Session, fmt: str, dots: int
) -> None:
    case = _case(demo_session)
    printed = parse(slip.escpos_slip(demo_session, case, fmt))
    assert printed.cut
    assert max(len(line) for line in printed.lines) <= dots // escpos.CHAR_DOTS
    text = "\n".join(printed.lines)
    assert "Slip Pembayaran JKN Mandiri" in " ".join(text.split())
    assert casecode.display(case.code) in text and case.head_name in text
    assert case.kk_number not in text.replace(" ", "")  # masked, as on every paper
    # Each VA number whole on one line, as the villager reads it out at the bank.
    suffix = case.va_number[5:]
    va_lines = [line for line in printed.lines if line.replace(" ", "").endswith(suffix)]
    assert len(va_lines) == 2
    (qr,) = printed.images
    assert qr.width <= dots
    found = zxingcpp.read_barcodes(qr)
    assert len(found) == 1 and qrtoken.verify(demo_session, found[0].text) == case.code


def test_a_cancelled_case_prints_do_not_pay_on_the_roll_too(demo_session: Session) -> None:
    case = _case(demo_session)
    case.status, case.reason = "cancelled", "duplicate"
    text = " ".join("\n".join(parse(slip.escpos_slip(demo_session, case, "58mm")).lines).split())
    assert text.count("DIBATALKAN - JANGAN DIBAYAR") == 2 and "Rp" not in text


class _Printer:
    """A network thermal printer on port 9100's protocol: it takes bytes and says nothing."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            while chunk := conn.recv(65536):
                self.received += chunk
        self.server.close()


def test_a_slip_goes_to_a_network_thermal_printer(demo_session: Session, tmp_path: Path) -> None:
    case = _case(demo_session)
    pdf = slip.save_slip(demo_session, case, "58mm", tmp_path / "s.pdf")
    data = slip.escpos_slip(demo_session, case, "58mm")
    printer = _Printer()
    result = issue(demo_session, "slip", pdf, f"escpos:tcp://127.0.0.1:{printer.port}",
                   thermal=data)  # fmt: skip
    printer.thread.join(5)
    assert result.ok and "diterima printer termal" in result.message
    assert printer.received == data and pdf.exists()


def test_a_thermal_printer_that_is_off_or_missing_is_said_and_the_pdf_kept(
    demo_session: Session, tmp_path: Path
) -> None:
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    off = issue(demo_session, "slip", pdf, f"escpos:tcp://127.0.0.1:{port}", thermal=b"x")
    assert not off.ok and "Gagal mencetak" in off.message and str(pdf) in off.message
    typo = issue(demo_session, "slip", pdf, "escpos:tcp://127.0.0.1:91OO", thermal=b"x")
    assert not typo.ok and "Gagal mencetak" in typo.message and str(pdf) in typo.message
    missing = issue(demo_session, "slip", pdf, f"escpos:{tmp_path}/no/lp0", thermal=b"x")
    assert not missing.ok and str(pdf) in missing.message
    listing = issue(demo_session, "call_list", pdf, "escpos:tcp://127.0.0.1:9")
    assert not listing.ok and "hanya mencetak slip" in listing.message
    assert pdf.exists()


def test_a_device_file_gets_the_slip(demo_session: Session, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = issue(demo_session, "slip", pdf, f"escpos:{device}", thermal=b"\x1b@slip")
    assert result.ok and device.read_bytes() == b"\x1b@slip"


@pytest.mark.posix_only
def test_a_serial_printer_gets_the_slip_at_its_baud_rate(
    demo_session: Session, tmp_path: Path
) -> None:
    """A roll printer on a serial port (a pseudo-terminal stands in for it): the whole slip
    arrives, QR image included, and the port was set to the baud rate the setting names."""
    import os
    import pty
    import termios

    case = _case(demo_session)
    pdf = slip.save_slip(demo_session, case, "58mm", tmp_path / "s.pdf")
    data = slip.escpos_slip(demo_session, case, "58mm")
    printer_side, port_side = pty.openpty()
    port = os.ttyname(port_side)
    received = bytearray()

    def read() -> None:
        while len(received) < len(data):
            received.extend(os.read(printer_side, 65536))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = issue(demo_session, "slip", pdf, f"escpos:serial:{port}:19200", thermal=data)
    reader.join(10)
    assert result.ok and "diterima printer termal" in result.message
    assert bytes(received) == data
    assert termios.tcgetattr(port_side)[4] == termios.B19200  # the output speed
    os.close(printer_side)
    os.close(port_side)


@pytest.mark.posix_only  # pyserial's Windows backend calls Win32 itself: no simulation of it
def test_a_serial_port_that_is_not_there_is_said(demo_session: Session, tmp_path: Path) -> None:
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = issue(demo_session, "slip", pdf, "escpos:serial:COM97", thermal=b"x")
    assert not result.ok and "COM97" in result.message and str(pdf) in result.message
