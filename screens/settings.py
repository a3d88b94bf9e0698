"""Settings (supervisor only): the help desk's name, defaults, printer, look and locking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from kiosk.i18n import t
from screens import keys
from screens.base import KioskScreen, show_message
from screens.form import FieldRow, MessageLine
from screens.toggles import Checkbox

if TYPE_CHECKING:
    from sqlmodel import Session

TEXT_FIELDS = (
    "desk_name",
    "default_email",
    "printer",
    "idle_lock_minutes",
    "village_code",
    "qr_url_prefix",
    "keymap",
)
CHECKS = ("bank_required", "ascii_look", "quit_supervisor_only")


def _save(session: Session, values: dict[str, str]):
    from kiosk import settings

    problems = settings.save_all(session, values)
    if problems:
        return {k: p.message for k, p in problems.items()}, {}
    return {}, {key: settings.get(session, key) for key in settings.DEFAULTS}


class SettingsScreen(KioskScreen):
    TITLE_KEY = "settings.title"
    BINDINGS = [
        keys.back(),
        keys.next_("save", "key.save"),
    ]

    def body(self) -> ComposeResult:
        values = self.kiosk.settings
        with VerticalScroll():
            for key in TEXT_FIELDS:
                yield FieldRow(
                    t(f"settings.{key}"),
                    Input(values.get(key, ""), id=key),
                )
            yield FieldRow(
                t("settings.gateway"),
                Select(
                    [
                        (t("settings.gateway_manual"), "manual"),
                        (t("settings.gateway_training"), "training"),
                    ],
                    value=values.get("gateway", "manual"),
                    id="gateway",
                    allow_blank=False,
                ),
            )
            yield FieldRow(
                t("settings.slip_format"),
                Select(
                    [(f, f) for f in ("a4", "a5", "80mm", "58mm")],
                    value=values.get("slip_format", "a4"),
                    id="slip_format",
                    allow_blank=False,
                ),
            )
            yield FieldRow(
                t("settings.language"),
                Select(
                    [
                        (t("settings.language_env"), ""),
                        ("Bahasa Indonesia", "id"),
                        ("English", "en"),
                    ],
                    value=values.get("language", ""),
                    id="language",
                    allow_blank=False,
                ),
            )
            yield FieldRow(
                t("settings.slip_language"),
                Select(
                    [("Bahasa Indonesia", "id"), ("English", "en")],
                    value=values.get("slip_language", "id"),
                    id="slip_language",
                    allow_blank=False,
                ),
            )
            for key in CHECKS:
                yield Checkbox(t(f"settings.{key}"), values.get(key) == "1", id=key)
        yield MessageLine("settings-message")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_save(self) -> None:
        values = {key: self.query_one(f"#{key}", Input).value for key in TEXT_FIELDS}
        values["gateway"] = str(self.query_one("#gateway", Select).value)
        values["slip_format"] = str(self.query_one("#slip_format", Select).value)
        for key in ("slip_language", "language"):
            values[key] = str(self.query_one(f"#{key}", Select).value)
        for key in CHECKS:
            values[key] = "1" if self.query_one(f"#{key}", Checkbox).value else "0"
        self.kiosk.db(_save, values, then=self._saved)

    def _saved(self, result) -> None:
        problems, values = result
        message = self.query_one("#settings-message", Static)
        if problems:
            key = next(iter(problems))
            show_message(message, problems[key])
            self.query_one(f"#{key}").focus()
            return
        self.kiosk.apply_settings(values)
        show_message(message, t("settings.saved"), "info")

    def relabelled(self) -> None:
        # Drawn again because the language was just saved.
        show_message(self.query_one("#settings-message", Static), t("settings.saved"), "info")
