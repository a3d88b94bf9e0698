"""Each desk keeps its own printer, paper, look and keys in its own file, while the rules
every desk applies stay in the shared database; a hand-edited or broken file never stops a
desk, and a save that cannot be written changes nothing."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiosk.base.database import session as make_session
from kiosk.desk import desk_file, settings
from models import AuditEvent, Setting

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.db


def _as_desk(monkeypatch: pytest.MonkeyPatch, folder: Path, name: str) -> None:
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(folder))
    monkeypatch.setenv("KIOSK_NAME", name)


def test_two_desks_on_one_database_keep_their_own_printer_and_look(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "desk-a", tmp_path / "desk-b"
    _as_desk(monkeypatch, a, "Desa A")
    with make_session(engine) as s:
        saved = settings.save_all(
            s, {"printer": "escpos:tcp://192.168.1.50:9100", "ascii_look": "1",
                "slip_format": "58mm", "retention_months": "36"}, None,
        )  # fmt: skip
        assert saved == {}
    _as_desk(monkeypatch, b, "Desa B")
    with make_session(engine) as s:
        assert settings.get(s, "printer") == ""  # desk B has set none: the shared default
        assert settings.get(s, "retention_months") == "36"  # the kecamatan's: shared
        assert settings.save_all(s, {"printer": "HP_LaserJet", "ascii_look": "0"}, None) == {}
    _as_desk(monkeypatch, a, "Desa A")
    with make_session(engine) as s:
        assert settings.get(s, "printer") == "escpos:tcp://192.168.1.50:9100"
        assert settings.get(s, "ascii_look") == "1" and settings.get(s, "slip_format") == "58mm"
        # The desk's own values never reach the shared table; each change names its desk.
        stored = {row.key for row in s.exec(select(Setting))}
        assert not stored & {"printer", "ascii_look", "slip_format"}
        details = [
            e.detail for e in s.exec(select(AuditEvent).where(AuditEvent.action == "setting"))
        ]
        desk_a = next(d for d in details if d.startswith("Desa A#"))  # the name, then the machine
        assert desk_a.endswith("/printer: '' -> 'escpos:tcp://192.168.1.50:9100'")
        assert any(d.startswith("Desa B#") and "'HP_LaserJet'" in d for d in details)
        assert "retention_months: '24' -> '36'" in details
    _as_desk(monkeypatch, b, "Desa B")
    with make_session(engine) as s:
        assert settings.get(s, "printer") == "HP_LaserJet" and settings.get(s, "ascii_look") == "0"


def test_the_desk_file_keeps_any_text_as_written(demo_session: Session, tmp_path: Path) -> None:
    odd = {
        "printer": "escpos:\\\\localhost\\POS 58",  # a Windows share: backslashes
        "desk_name": 'Kantor Desa "Maju" \u2013 Pos 2',
        "keymap": "print=f5\nback=f3,escape",
    }
    assert settings.save_all(demo_session, odd, None) == {}
    written = desk_file.path()
    assert written.parent == tmp_path / "config"
    loaded = tomllib.loads(written.read_text(encoding="utf-8"))
    assert {k: loaded[k] for k in odd} == odd
    assert {k: settings.get(demo_session, k) for k in odd} == odd


@pytest.mark.posix_only
def test_the_desk_file_is_owner_only(demo_session: Session) -> None:
    assert settings.save_all(demo_session, {"printer": "HP"}, None) == {}
    assert stat.S_IMODE(desk_file.path().stat().st_mode) == 0o600


def test_a_hand_edited_or_broken_file_falls_back_to_the_shared_values(
    demo_session: Session,
) -> None:
    s = demo_session
    shared_name = settings.shared(s, "desk_name")
    desk_file.path().parent.mkdir(parents=True)
    desk_file.path().write_text(
        'printer = "HP"\nascii_look = "banana"\nidle_lock_minutes = 5\ngateway = "manual"\n',
        encoding="utf-8",
    )
    assert settings.get(s, "printer") == "HP"
    assert settings.get(s, "ascii_look") == "0"  # not a flag: the shared value
    assert settings.get(s, "idle_lock_minutes") == "5"  # a number, not text: ignored
    assert settings.get(s, "desk_name") == shared_name
    desk_file.path().write_bytes(b'printer = "HP\n\xff\xfe')  # cut short, not UTF-8
    assert settings.get(s, "printer") == settings.shared(s, "printer")
    assert "tidak terbaca" in settings.desk_file_said()
    assert settings.save_all(s, {"printer": "Epson"}, None) == {}  # a save writes it anew
    assert settings.get(s, "printer") == "Epson"
    assert "komputer ini saja" in settings.desk_file_said()


def test_a_desk_file_that_cannot_be_written_saves_nothing(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = demo_session
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the config folder should be")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(blocked))
    trail = len(s.exec(select(AuditEvent)).all())
    problems = settings.save_all(s, {"printer": "HP", "retention_months": "36"}, None)
    assert "tidak dapat disimpan" in problems["printer"].message
    assert settings.get(s, "retention_months") == "24"  # the shared half was not saved
    assert len(s.exec(select(AuditEvent)).all()) == trail
