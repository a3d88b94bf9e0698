"""Settings: the printer chosen from the computer's list (what is highlighted is what is
used), and a test page printed to the printer typed there before it is saved."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from textual.widgets import Input

from kiosk.app import KioskApp
from kiosk.base.config import slips_dir
from kiosk.base.database import session as make_session
from kiosk.desk import settings
from kiosk.papers import printers
from screens.plain import Select
from screens.widgets.toggles import RadioButton
from tests.helpers.screens import KeyCounter, login, screen_name, text_of, wait_until

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.posix_only]


@pytest.fixture
def two_queues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lpstat = bin_dir / "lpstat"
    lpstat.write_text('#!/bin/sh\nprintf "Kasir\\nPOS58\\n"\n')
    lpstat.chmod(lpstat.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(printers, "USB_PRINTERS", tmp_path / "no-usb")
    monkeypatch.setattr(printers, "serial_ports", lambda: [])


async def test_the_printer_is_chosen_from_the_list(
    demo_url: str, demo_engine: Engine, two_queues: None
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o", "f6")
        await wait_until(pilot, lambda: screen_name(app) == "PrinterForm")
        labels = [str(b.label) for b in app.screen.query(RadioButton)]
        assert labels == ["Kasir", "POS58"]
        await keys.press("down")  # the cursor on POS58 chooses POS58
        await keys.press("f10")
        assert screen_name(app) == "SettingsScreen"
        assert app.screen.query_one("#printer", Input).value == "POS58"
        assert "POS58" in text_of(app, "#settings-message")
        await keys.press("f10")
        await wait_until(pilot, lambda: "disimpan" in text_of(app, "#settings-message"))
    with make_session(demo_engine) as s:
        assert settings.get(s, "printer") == "POS58"
        assert settings.shared(s, "printer") == ""  # this desk's printer, not every desk's
    from kiosk.desk import desk_file

    assert 'printer = "POS58"' in desk_file.path().read_text(encoding="utf-8")


async def test_a_test_page_goes_to_the_thermal_printer_typed_before_saving(
    demo_url: str, demo_engine: Engine
) -> None:
    """The printer typed in Settings (not saved) gets a test page in the slip size chosen
    there: its lines fit the 58 mm head and its QR reads back; the PDF is kept."""
    import pypdf
    import zxingcpp

    from tests.helpers.escpos import parse

    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        received.append(data)

    threading.Thread(target=serve, daemon=True).start()
    printer = f"escpos:tcp://127.0.0.1:{server.getsockname()[1]}"
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o")
        await keys.type("#printer", printer)
        app.screen.query_one("#slip_format", Select).value = "58mm"
        await keys.press("f7")
        await wait_until(pilot, lambda: "termal" in text_of(app, "#settings-message"))
        assert "diterima printer termal" in text_of(app, "#settings-message")
    server.close()
    with make_session(demo_engine) as s:
        assert settings.get(s, "printer") == ""  # tried, not saved
    roll = parse(received[0])
    (qr,) = roll.images
    assert qr.width <= 384
    assert zxingcpp.read_barcodes(qr)[0].text == "JKN KIOSK TEST"
    assert "HALAMAN UJI PRINTER" in roll.lines
    assert all(len(line) <= 32 for line in roll.lines)
    page = pypdf.PdfReader(slips_dir() / "uji-printer-58mm.pdf").pages[0].extract_text()
    assert "HALAMAN UJI PRINTER" in page and "58mm" in page


async def test_no_printer_list_is_said_and_the_field_kept(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(printers, "USB_PRINTERS", tmp_path / "no-usb")
    monkeypatch.setattr(printers, "serial_ports", lambda: [])
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o")
        await keys.type("#printer", "Kasir")
        await keys.press("f6")
        await wait_until(pilot, lambda: "CUPS" in text_of(app, "#settings-message"))
        assert screen_name(app) == "SettingsScreen"
        assert app.screen.query_one("#printer", Input).value == "Kasir"
