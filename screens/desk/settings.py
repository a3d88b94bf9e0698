"""Settings (supervisor only): the help desk's name, defaults, printer, look and locking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input

from kiosk.base import clock
from kiosk.base.i18n import t
from screens import keys
from screens.base import KioskScreen, show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.plain import Select, Static
from screens.widgets.toggles import Checkbox

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from kiosk.papers.printers import Printers
    from kiosk.papers.printing import PrintResult

TEXT_FIELDS = (
    "desk_name",
    "desk_contact",
    "default_email",
    "printer",
    "idle_lock_minutes",
    "reveal_seconds",
    "village_code",
    "village_postcode",
    "qr_url_prefix",
    "keymap",
    "retention_months",
    "abandoned_days",
    "coverage_window_days",
    "uhc_verified_on",
    "privacy_contact",
    "frozen_drives",
)
CHOICES = ("gateway", "slip_format", "language", "slip_language", "uhc_status")
CHECKS = ("bank_required", "income_optional", "ascii_look", "quit_supervisor_only", "csv_excel")
LANGUAGE_NAMES = (("Bahasa Indonesia", "id"), ("English", "en"))


def _options(key: str) -> list[tuple[str, str]]:
    """What a choice setting may be, in words; the values are the core's (kiosk.desk.settings)."""
    from kiosk.desk import settings

    if key == "gateway":
        return [(t(f"settings.gateway_{g}"), g) for g in settings.GATEWAYS]
    if key == "slip_format":
        return [(f, f) for f in settings.SLIP_FORMATS]
    if key == "language":
        return [(t("settings.language_env"), ""), *LANGUAGE_NAMES]
    if key == "uhc_status":
        from kiosk.rules import routes

        return [(t("uhc.unset"), ""), *((t(f"uhc.{u}"), u) for u in routes.UHC_STATUSES)]
    return list(LANGUAGE_NAMES)


def rule_lines(today: date) -> list[str]:
    """Each dated rule the kiosk applies: what, by which instrument, verified when, from where."""
    from kiosk.rules import sources

    lines, terms = [], sources.terms()
    for rule in sources.RULES:
        state = "" if rule.in_force else f" [{t('rule.not_in_force')}]"
        what = t(f"rule.{rule.key}", **terms)
        lines.append(t("rule.line", what=what, state=state,
                       instrument=rule.instrument, on=clock.day_text(rule.verified_on),
                       days=sources.age_days(rule, today), source=rule.source))  # fmt: skip
    return lines


def uhc_line(values: dict[str, str], today: date) -> str:
    """The regency's UHC status, what it means for activation, and whether it is too old."""
    from kiosk.rules import routes

    status = values.get("uhc_status", "")
    if not status:
        return t("uhc.line_unset")
    return routes.uhc_words(status, clock.parse_date(values.get("uhc_verified_on", "")), today)


def _printers(session: Session) -> Printers:
    from kiosk.papers.printers import system_printers

    return system_printers()


def _test_page(session: Session, fmt: str, printer: str, operator_id: int | None) -> PrintResult:
    from kiosk.papers.test_page import print_test_page

    return print_test_page(session, printer, fmt, operator_id)


def _save(
    session: Session, values: dict[str, str], operator_id: int | None
) -> tuple[dict[str, str], dict[str, str]]:
    from kiosk.desk import settings

    problems = settings.save_all(session, values, operator_id)
    if problems:
        return {k: p.message for k, p in problems.items()}, {}
    return {}, settings.all_values(session)


class SettingsScreen(KioskScreen):
    TITLE_KEY = "settings.title"
    BINDINGS = [
        keys.back(),
        keys.next_("save", "key.save"),
        keys.key("open", "operators", "key.operators"),
        keys.key("again", "audit", "key.audit"),
        # Said beside the printer field (the footer has no room left), and listed by F1.
        keys.key("choose", "printers", "key.printers", show=False),
        keys.key("print", "test_page", "key.test_page", show=False),
    ]
    saving = False  # a save is on its way to the database
    leave_when_saved = False  # Back was pressed meanwhile

    def body(self) -> ComposeResult:
        from kiosk.desk.settings import DESK_KEYS, desk_file_said

        every = (*TEXT_FIELDS, *CHOICES, *CHECKS)
        with VerticalScroll():
            # This computer's own first (a desk sets them up), then what every desk on this
            # database shares.
            yield Static(t("settings.this_desk"), classes="heading")
            yield Static(desk_file_said(), id="desk-file", classes="hint")
            for key in (k for k in every if k in DESK_KEYS):
                yield from self._field(key)
            yield Static(t("settings.all_desks"), classes="heading")
            for key in (k for k in every if k not in DESK_KEYS):
                yield from self._field(key)
            values = self.kiosk.settings
            yield Static(uhc_line(values, clock.today()), id="uhc-line", classes="hint")
            yield Static(t("rule.heading"), classes="heading")
            yield Static("\n".join(rule_lines(clock.today())), id="rules", classes="hint")
        yield MessageLine("settings-message")

    def _field(self, key: str) -> ComposeResult:
        from kiosk.desk.settings import DEFAULTS

        values = self.kiosk.settings
        if key in CHECKS:
            yield Checkbox(t(f"settings.{key}"), values.get(key) == "1", id=key)
            return
        if key in CHOICES:
            value = values.get(key, DEFAULTS[key])
            select = Select(_options(key), value=value, id=key, allow_blank=False)
            yield FieldRow(t(f"settings.{key}"), select)
            return
        yield FieldRow(t(f"settings.{key}"), Field(values.get(key, ""), id=key))
        if key == "printer":
            yield Static(t("settings.printer_keys"), id="printer-keys", classes="hint")

    def action_back(self) -> None:
        if self.saving:  # F10 then F3 at once: leave once the save has come back
            self.leave_when_saved = True
            return
        self.app.pop_screen()

    def action_operators(self) -> None:
        self.kiosk.open_form("operators")

    def action_audit(self) -> None:
        self.kiosk.open_form("audit")

    def action_printers(self) -> None:
        """The printers this computer knows, to choose one from (listing may take a moment:
        CUPS or PowerShell answers it)."""
        self.query_one("#settings-message", MessageLine).say(t("printers.looking"), "info")
        self.kiosk.db(_printers, then=self._listed)

    def _listed(self, found: Printers) -> None:
        message = self.query_one("#settings-message", MessageLine)
        if not found.choices:
            message.say(found.problem or t("printers.none"), "warning")
            return
        message.say("", "info")
        field = self.query_one("#printer", Input)
        self.kiosk.open_form("printer", found.choices, found.problem, field.value, self._use)

    def _use(self, printer: str) -> None:
        field = self.query_one("#printer", Input)
        field.value = printer
        field.focus()
        self.query_one("#settings-message", MessageLine).say(
            t("printers.chosen", printer=printer), "info"
        )

    def action_test_page(self) -> None:
        """A test page to the printer and slip size as typed here, saved or not: a desk tries
        a printer before it saves it."""
        printer = self.query_one("#printer", Input).value.strip()
        fmt = str(self.query_one("#slip_format", Select).value)
        message = self.query_one("#settings-message", MessageLine)
        from screens.print_slip import print_job

        print_job(self, message, _test_page, fmt, printer=printer)

    def action_save(self) -> None:
        values = {key: self.query_one(f"#{key}", Input).value for key in TEXT_FIELDS}
        for key in CHOICES:
            values[key] = str(self.query_one(f"#{key}", Select).value)
        for key in CHECKS:
            values[key] = "1" if self.query_one(f"#{key}", Checkbox).value else "0"
        operator = self.kiosk.operator
        self.saving = True
        self.kiosk.db(_save, values, operator.id if operator else None, then=self._saved)

    def _saved(self, result: tuple[dict[str, str], dict[str, str]]) -> None:
        self.saving = False
        problems, values = result
        message = self.query_one("#settings-message", Static)
        if problems:  # the operator stays to read why, whatever F3 asked meanwhile
            self.leave_when_saved = False
            key = next(iter(problems))
            show_message(message, problems[key])
            self.query_one(f"#{key}").focus()
            return
        # The kiosk takes the saved settings before the screen may close: a Back pressed
        # while saving would otherwise leave it on the old ones until the next start.
        self.kiosk.apply_settings(values)
        if self.leave_when_saved:
            self.app.pop_screen()
            return
        self.query_one("#uhc-line", Static).update(uhc_line(values, clock.today()))
        from kiosk.desk.settings import desk_file_said

        self.query_one("#desk-file", Static).update(desk_file_said())
        from kiosk.desk import frozen

        danger = frozen.warning(values.get("frozen_drives", ""))
        show_message(message, danger or t("settings.saved"), "warning" if danger else "info")

    def relabelled(self) -> None:
        # Drawn again because the language was just saved.
        show_message(self.query_one("#settings-message", Static), t("settings.saved"), "info")
