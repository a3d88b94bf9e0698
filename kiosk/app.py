"""The Textual application: paints the login screen at once, opens the database in a worker.

Everything slow (SQLAlchemy, migrations, the first-run demo village) happens in a thread
after the first frame, so the operator sees the kiosk as soon as the terminal can draw it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from kiosk.i18n import t

T = TypeVar("T")
STYLES = Path(__file__).resolve().parent.parent / "screens" / "kiosk.tcss"


class DatabaseReady(Message):
    """The database is open (or failed to open): the login screen may go on."""


class KioskApp(App):
    CSS_PATH = STYLES
    TITLE = "JKN Kiosk"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", show=False, id="quit", priority=True)]

    def __init__(self, db_url: str | None = None, *, demo_on_first_run: bool = True) -> None:
        super().__init__()
        self.db_url = db_url
        self.demo_on_first_run = demo_on_first_run
        self.engine: Any = None
        self.ready = False
        self.training = False
        self.desk_name = ""
        self.operator: Any = None
        self.settings: dict[str, str] = {}
        self.last_input = time.monotonic()
        self.load_error = ""
        self.has_operators = True

    # --- start-up ---------------------------------------------------------------------

    def on_mount(self) -> None:
        from screens.login import LoginScreen

        self.push_screen(LoginScreen())
        # After the first frame: on one core the loading thread would otherwise delay it.
        self.call_after_refresh(self.open_database)
        self.set_interval(15, self.check_idle_lock)

    @work(thread=True, exclusive=True, group="startup")
    def open_database(self) -> None:
        try:
            from kiosk import config, database, demo, operators, settings

            url = config.database_url(self.db_url)
            engine = database.open_database(url)
            with database.session(engine) as session:
                first_run = (
                    self.demo_on_first_run
                    and self.db_url is None
                    and not os.environ.get("KIOSK_DATABASE_URL")
                )
                if first_run and not demo.has_data(session):
                    demo.load(session)
                values = {key: settings.get(session, key) for key in settings.DEFAULTS}
                settings.signing_secret(session)
                self.has_operators = operators.any_active(session)
        except Exception as exc:  # shown on the login screen, never a traceback
            self.call_from_thread(self._database_failed, exc)
            return
        self.call_from_thread(self._database_ready, engine, values)

    def _database_ready(self, engine: Any, values: dict[str, str]) -> None:
        self.engine = engine
        self.apply_settings(values)
        self.ready = True
        self.screen.post_message(DatabaseReady())

    def _database_failed(self, exc: Exception) -> None:
        from kiosk.database import safe_error

        self.load_error = t("app.db_failed", why=safe_error(exc))
        self.screen.post_message(DatabaseReady())

    def apply_settings(self, values: dict[str, str]) -> None:
        self.settings = values
        self.training = values.get("gateway") == "training"
        self.desk_name = values.get("desk_name", "")
        # The Linux text console: ASCII borders and the terminal's own 16 colours.
        ascii_look = values.get("ascii_look") == "1"
        self.set_class(ascii_look, "-ascii")
        self.theme = "ansi-dark" if ascii_look else "textual-dark"

    # --- database access for screens --------------------------------------------------

    def session(self):  # type: ignore[no-untyped-def]
        from kiosk.database import session

        return session(self.engine)

    def db(
        self,
        job: Callable[..., T],
        *args: Any,
        then: Callable[[T], None] | None = None,
    ) -> None:
        """Run `job(session, *args)` in a thread; call `then(result)` back on the UI thread.

        The result is dropped if its screen is no longer shown (the kiosk locked, the operator
        moved on). A database error becomes a message, never a traceback: tracebacks show
        local values, and those may be personal data.
        """
        # The screen the answer is for: the callback's own (a screen, or a widget on one),
        # else the one shown now. Not simply `self.screen`: a lock may switch screens
        # before a resumed screen asks for its data.
        owner = getattr(then, "__self__", None)
        screen = getattr(owner, "screen", None) if owner is not None else self.screen

        def deliver(result: T) -> None:
            if then is not None and screen is self.screen:
                then(result)

        def run() -> None:
            try:
                with self.session() as session:
                    result = job(session, *args)
            except Exception as exc:
                from kiosk.database import safe_error

                self.call_from_thread(
                    self.notify,
                    t("app.db_error", why=safe_error(exc)),
                    severity="error",
                    timeout=15,
                )
                return
            self.call_from_thread(deliver, result)

        self.run_worker(run, thread=True, group="db")

    # --- idle lock --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def idle_limit(self) -> float:
        try:
            minutes = float(self.settings.get("idle_lock_minutes", "5"))
        except ValueError:
            minutes = 5
        return minutes * 60

    def check_idle_lock(self) -> None:
        if self.operator is not None and time.monotonic() - self.last_input > self.idle_limit():
            self.lock()

    def lock(self) -> None:
        """Back to the login screen; every draft is already saved."""
        from screens.login import LoginScreen

        self.operator = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, LoginScreen):
            self.switch_screen(LoginScreen(locked=True))


def run(db_url: str | None = None) -> int:
    KioskApp(db_url).run()
    return 0
