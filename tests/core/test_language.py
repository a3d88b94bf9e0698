"""The kiosk speaks Bahasa Indonesia by default, English with KIOSK_LANG=en or the desk's
setting; words are chosen when they are drawn, so the language changes while it runs."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from textual.widgets import Select

from kiosk.app import KioskApp
from kiosk.base import i18n
from kiosk.base.database import session as make_session
from kiosk.desk import settings
from tests.helpers.screens import KeyCounter, footer_words, login, screen_name, settle, text_of


async def test_login_in_indonesian_by_default(demo_url: str) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "LATIHAN: data desa demo" in text_of(app, "#training-hint")
        assert "Masuk" in footer_words(app)


async def test_login_in_english_with_kiosk_lang(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_LANG", "en")
    i18n.set_language(i18n.env_language())
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "TRAINING: demo village data" in text_of(app, "#training-hint")
        assert "Log in" in footer_words(app) and "Masuk" not in footer_words(app)


async def test_language_setting_redraws_at_once_and_keeps_what_is_typed(
    demo_url: str, demo_engine: Engine
) -> None:
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys, name="admin")
        await keys.press("ctrl+o")
        assert screen_name(app) == "SettingsScreen"
        assert "Simpan" in footer_words(app)
        await keys.type("#desk_name", "Warnet Sejahtera")
        app.screen.query_one("#language", Select).value = "en"
        await keys.press("f10")
        await settle(pilot)
        # Settings itself, in English, with what was typed and the saved message.
        assert "Save" in footer_words(app) and "Simpan" not in footer_words(app)
        assert app.screen.query_one("#desk_name").value == "Warnet Sejahtera"  # type: ignore[attr-defined]
        assert text_of(app, "#settings-message") == "Settings saved."
        await keys.press("escape")
        # Home was beneath Settings: drawn again in English when shown.
        assert screen_name(app) == "HomeScreen"
        assert "Register" in footer_words(app)
        assert app.screen.query_one("#drafts").row_count > 0  # type: ignore[attr-defined]
    with make_session(demo_engine) as s:
        assert settings.get(s, "language") == "en"
    # The next start reads the setting: English as soon as the database is open.
    i18n.set_language("id")
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Log in" in footer_words(app)
        assert "TRAINING" in text_of(app, "#training-hint")


async def test_messages_name_the_desks_own_keys(demo_url: str, demo_engine: Engine) -> None:
    with make_session(demo_engine) as s:
        assert not settings.save_all(s, {"keymap": "choose=f5; again=f6"})
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert i18n.t("confirm.consent").endswith("(F5)")
        assert i18n.t("kk.help").startswith("Enter: cari  F3/Esc: kembali")
