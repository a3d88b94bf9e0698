"""A desk whose printer is a thermal ESC/POS printer on the network, driven with keys."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from kiosk.app import KioskApp
from kiosk.base.database import session as make_session
from kiosk.desk import settings
from models import Case
from tests.helpers.screens import KeyCounter, demo_family, login, text_of, wait_until, walk_to_done

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_walk_ends_with_its_slip_on_a_network_thermal_printer(
    demo_url: str, demo_engine: Engine
) -> None:
    """The desk's printer is a 58 mm ESC/POS printer on the network: F7 on Done sends the
    slip there (a socket stands in for it), the QR read back from what it received."""
    import socket
    import threading

    import zxingcpp

    from kiosk.desk import qrtoken
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
    with make_session(demo_engine) as s:
        kk = demo_family(s, covered=0, size=2)
        settings.put(s, "printer", f"escpos:tcp://127.0.0.1:{server.getsockname()[1]}")
        settings.put(s, "slip_format", "58mm")
        s.commit()
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await walk_to_done(keys, kk)
        await keys.press("f7")
        await wait_until(pilot, lambda: received and "termal" in text_of(app, "#done-message"))
        assert "diterima printer termal" in text_of(app, "#done-message")
    server.close()
    printed = parse(received[0])
    (qr,) = printed.images
    assert qr.width <= 384
    with make_session(demo_engine) as s:
        case = s.exec(select(Case).where(Case.kk_number == kk)).one()
        assert qrtoken.verify(s, zxingcpp.read_barcodes(qr)[0].text) == case.code
