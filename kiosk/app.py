"""The Textual application: paints the login screen at once, opens the database in a worker.

Everything slow (SQLAlchemy, migrations, the first-run demo village) happens in a thread
after the first frame, so the operator sees the kiosk as soon as the terminal can draw it.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.binding import Binding
from textual.reactive import reactive

from kiosk.base import logs, memory, system
from kiosk.base.i18n import t
from screens import keys, render_cache, styles
from screens.jobs import DatabaseJobs
from screens.key_bar import key_order
from screens.messages import DatabaseReady

if TYPE_CHECKING:
    from sqlmodel import Session


class KioskApp(DatabaseJobs):
    CSS_PATH = styles.SHARED
    TITLE = "JKN Kiosk"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = keys.GLOBAL

    # What the top bar (and anything else) shows follows these as they change.
    operator: reactive[Any] = reactive(None, always_update=True)
    training: reactive[bool] = reactive(False)
    desk_name: reactive[str] = reactive("")
    # The screen's language: KIOSK_LANG, or the desk's setting once the database is read.
    language: reactive[str] = reactive("")

    def __init__(self, db_url: str | None = None, *, demo_on_first_run: bool = True) -> None:
        super().__init__()
        render_cache.install()  # else every removed widget's rendering stays in memory
        self.db_url = db_url
        self.demo_on_first_run = demo_on_first_run
        self.engine: Any = None
        self.ready = False
        self.settings: dict[str, str] = {}
        self.last_input = time.monotonic()
        self.collector = memory.IdleCollector()
        self.load_error = ""
        self.has_operators = True
        # The draft this kiosk has open (its hold is renewed while it is shown).
        self.open_draft: int | None = None
        # A KK half-typed for a family without a case when the kiosk locked: (operator, KK).
        self._unsaved_kk: tuple[int, str] | None = None
        self._printing_loaded = False

    # --- start-up ---------------------------------------------------------------------

    def on_mount(self) -> None:
        from screens.desk.login import LoginScreen

        self._set_look(False)  # before the settings are loaded: the terminal's own need
        self.push_screen(LoginScreen())
        # Full collections are made at step changes (`collect_garbage`), not by chance in the
        # middle of typing: automatic ones become a hundred times rarer than by default.
        gen0, gen1, _ = gc.get_threshold()
        gc.set_threshold(gen0, gen1, 1000)
        # After the first frame: on one core the loading thread would otherwise delay it.
        self.call_after_refresh(self._after_first_frame)
        self.set_interval(15, self.check_idle_lock)
        self.set_interval(0.25, lambda: self.collector.tick(self.last_input, time.monotonic()))

    def on_unmount(self) -> None:
        # Its connections end with it: else a shared PostgreSQL server's slots run out.
        if self.engine is not None:
            self.engine.dispose()

    def _after_first_frame(self) -> None:
        memory.tune_allocator()  # before the loading threads allocate their first byte
        styles.add_screen_rules(self)
        self.open_database()

    @work(thread=True, exclusive=True, group="startup")
    def open_database(self) -> None:
        try:
            from kiosk.base import config, database
            from kiosk.demo import village
            from kiosk.desk import operators, settings

            url = config.database_url(self.db_url)
            engine = database.open_database(url)
            with database.session(engine) as session:
                first_run = (
                    self.demo_on_first_run
                    and self.db_url is None
                    and not os.environ.get("KIOSK_DATABASE_URL")
                )
                if first_run and not village.has_data(session):
                    # Two kiosks first started on one file: one loads the demo, the other
                    # waits for it and then finds it there.
                    with database.setup_lock(engine):
                        if not village.has_data(session):
                            village.load(session)
                values = settings.all_values(session)
                self.has_operators = operators.any_active(session)
        except Exception as exc:  # shown on the login screen, never a traceback
            self.call_from_thread(self._database_failed, exc)
            return
        self.call_from_thread(self._database_ready, engine, values)

    def _database_ready(self, engine: Any, values: dict[str, str]) -> None:
        from kiosk.cases.drafts import RENEW_SECONDS  # the database layer is loaded by now
        from screens.widgets import textual_words

        # After the first frame (it loads Textual's select list), before any list is shown.
        textual_words.translate()
        self.set_interval(RENEW_SECONDS, self.renew_hold)
        self.engine = engine
        self.apply_settings(values)
        self.ready = True
        self.screen.post_message(DatabaseReady())
        self.preload_reference()

    # --- work done before the operator needs it -----------------------------------------

    @work(thread=True, group="preload")
    def preload_reference(self) -> None:
        """The region names (the KK check names the kecamatan at the 6th digit), the
        facility index for the desk's own village and the walk's screens, loaded while the
        operator logs in rather than on a key press, then kept out of the collector's way."""
        import importlib

        from kiosk.registry import facilities
        from kiosk.rules import regions

        regions.preload()
        try:
            with self.session() as session:
                facilities.index_for(session, self.settings.get("village_code", ""))
        except Exception:  # only a head start: the FKTP step loads it again if need be
            pass
        # The walk's screens too: their code is loaded once and frozen with the rest, so a
        # collection during the walk walks only what the walk itself made.
        from screens import router

        for module, _ in router.screens():
            importlib.import_module(module)
        _freeze_long_lived()

    def preload_printing(self) -> None:
        """At confirmation: fpdf2 and qrcode loaded in a thread, so F7 prints at once."""
        if not self._printing_loaded:
            self._printing_loaded = True
            self._load_printing()

    @work(thread=True, group="preload")
    def _load_printing(self) -> None:
        from kiosk.desk import signing
        from kiosk.papers import page

        page.warm_up()
        signing.warm_up()
        _freeze_long_lived()

    def _database_failed(self, exc: Exception) -> None:
        from kiosk.base import config
        from kiosk.base.db_problems import said

        self.load_error = said(exc, config.database_url(self.db_url), "app.db_failed")
        self.screen.post_message(DatabaseReady())

    def apply_settings(self, values: dict[str, str]) -> None:
        self.settings = values
        self.training = values.get("gateway") == "training"
        self.desk_name = values.get("desk_name", "")
        from kiosk.base import i18n

        words = values.get("language") or i18n.env_language()
        i18n.set_language(words)
        self.language = words
        self._set_look(values.get("ascii_look") == "1")
        from kiosk.base import keymap
        from kiosk.desk import settings  # loaded with the database

        parsed = settings.parse_keymap(values.get("keymap", ""))
        desk_keys = parsed if isinstance(parsed, dict) else {}
        keymap.use(desk_keys)
        self.set_keymap(desk_keys)

    def _set_look(self, ascii_look: bool) -> None:
        """ASCII borders and the terminal's own 16 colours: the desk's setting, and always
        on a terminal that draws nothing else (the Linux text console)."""
        ascii_look = ascii_look or system.plain_terminal()
        self.set_class(ascii_look, "-ascii")
        self.theme = "ansi-dark" if ascii_look else "textual-dark"

    def watch_operator(self) -> None:
        self.redraw_bars()

    def watch_training(self) -> None:
        self.redraw_bars()

    def watch_desk_name(self) -> None:
        self.redraw_bars()

    def redraw_bars(self) -> None:
        """Every screen's top bar shows the operator, the desk and the training mode now."""
        from screens.base import TopBar

        for screen in self.screen_stack:
            for bar in screen.query(TopBar):
                bar.refresh_bar()

    def watch_language(self, old: str, new: str) -> None:
        # The screen shown is drawn again in the new words, keeping what is typed; a screen
        # beneath (Home under Settings) is drawn again when it is shown.
        if old:
            from screens.messages import LanguageChanged

            self.screen.post_message(LanguageChanged())

    def open_form(self, name: str, *args: Any, then: Callable[[Any], None] | None = None) -> None:
        """Show a form (or a screen) over the one shown; `then` gets what it returns."""
        from screens import router

        self.push_screen(router.form_class(name)(*args), then)

    def walk_to(self, step: str, **params: Any) -> None:
        """Show a step of the walk in place of the one shown (never a stack of steps)."""
        self.collect_garbage()
        from screens import router

        screen = router.step_class(step)(**params)
        case_id = params.get("case_id")
        if case_id is not None:
            # Done shows a case that is no longer a draft: there is no hold to keep.
            self.open_draft = None if step == "done" else case_id
        if getattr(self.screen, "IS_WALK", False):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def collect_garbage(self) -> None:
        """A full collection at the next pause (kiosk.base.memory.IdleCollector)."""
        if not self.is_headless:  # under test: no operator types, and the test heap is large
            self.collector.due = True

    def show_home(self) -> None:
        """After a login: Home in place of the login screen."""
        from screens.desk.home import HomeScreen

        self.switch_screen(HomeScreen())

    def go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.release_draft()

    def new_registration(self) -> None:
        self.go_home()
        self.walk_to("kk")

    def open_case(
        self, case_id: int, status: str, step: str, on_held: Callable[[Any], None] | None = None
    ) -> None:
        """A draft resumes at its step once this kiosk holds it; any other case opens its
        case screen. `on_held` is told who has the draft open elsewhere."""
        from kiosk.cases import drafts, store
        from models import CaseStatus  # a case is opened once the database is loaded
        from screens import router

        if status != CaseStatus.DRAFT:  # the case screen of its kind
            self.db(store.kind_of, case_id,
                    then=lambda kind: self.open_form(router.CASE_SCREENS[kind], case_id))  # fmt: skip
            return

        def claimed(other: Any) -> None:
            if other is None:
                self.walk_to(router.resume_at(step), case_id=case_id)
            elif on_held is not None:
                on_held(other)

        self.db(drafts.claim, case_id, self.holder(), then=claimed)

    def take_over(self, case_id: int, step: str) -> None:
        from kiosk.cases import drafts
        from screens import router

        def taken(_: None) -> None:
            self.walk_to(router.resume_at(step), case_id=case_id)

        self.db(drafts.take_over, case_id, self.holder(), then=taken)

    def keep_unsaved_kk(self, kk: str) -> None:
        if self.operator is not None and kk.strip():
            self._unsaved_kk = (self.operator.id, kk)

    def take_unsaved_kk(self) -> str:
        """The KK this operator was typing when the kiosk locked; another operator gets none."""
        kept, self._unsaved_kk = self._unsaved_kk, None
        if kept is None or self.operator is None or kept[0] != self.operator.id:
            return ""
        return kept[1]

    def release_draft(self) -> None:
        if self.open_draft is None or self.engine is None:
            return
        from kiosk.cases import drafts

        case_id, self.open_draft = self.open_draft, None
        self.db(drafts.release, case_id, self.holder())

    def renew_hold(self) -> None:
        """Keep this kiosk's hold on the draft shown, so other kiosks see it is in use."""
        if self.open_draft is None or self.operator is None:
            return
        if not getattr(self.screen, "IS_WALK", False):
            return
        self.walk_db(self.open_draft, lambda session: None)

    # --- idle lock --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def idle_limit(self) -> float:
        from kiosk.desk.settings import int_of

        return int_of(self.settings, "idle_lock_minutes") * 60

    def check_idle_lock(self) -> None:
        if self.operator is not None and time.monotonic() - self.last_input > self.idle_limit():
            self.lock("idle")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lock":
            return self.operator is not None
        if action == "quit" and (
            self.settings.get("quit_supervisor_only") == "1" or system.started_as_service()
        ):
            # A locked-down kiosk: only a supervisor closes it.
            return self.operator is not None and self.operator.role == "supervisor"
        return True

    def _handle_exception(self, error: Exception) -> None:
        self._return_code = logs.EXIT_FAULT
        if self._exception is None:  # Pilot re-raises it in tests
            self._exception = error
            self._exception_event.set()
        self.bell()
        logs.log_fault(error, "kiosk")
        self._exit_renderables.append(logs.fault_report(error))
        self._close_messages_no_wait()

    def action_lock(self) -> None:
        self.lock("key")

    def action_help(self) -> None:
        """F1: the keys of the screen shown and the kiosk's own, with what they do."""
        if type(self.screen).__name__ == "HelpScreen":
            return
        from kiosk.base import i18n

        found: dict[str, tuple[list[str], str]] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.id in (None, "help"):
                continue
            keys_, _ = found.setdefault(
                f"{binding.id}:{binding.action}", ([], t(binding.description))
            )
            display = i18n.key_name(binding.key)
            if display not in keys_:
                keys_.append(display)
        for extra in keys.GLOBAL:  # a form hides the app's keys, but these still work
            if not isinstance(extra, Binding) or not extra.priority or extra.id == "help":
                continue
            if self.check_action(extra.action, ()):
                where = f"{extra.id}:{extra.action}"
                found.setdefault(where, ([i18n.shown(extra.id or "")], t(extra.description)))
        shown = [("/".join(k), what) for k, what in found.values()]
        self.open_form("help", sorted(shown, key=lambda item: key_order(item[0].split("/")[0])))

    def lock(self, why: str = "key") -> None:
        """Back to the login screen; every draft is already saved. Audited: who, and whether
        the operator locked it or the desk stood idle (the next login is the unlock)."""
        from screens.desk.login import LoginScreen

        keep = getattr(self.screen, "keep_typed", None)
        if keep is not None:  # what is on the step's fields now survives the lock
            keep()
        self.release_draft()
        if self.operator is not None:
            self.db(_audit_lock, self.operator.id, why)
        self.operator = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, LoginScreen):
            self.switch_screen(LoginScreen(locked=why))


def _audit_lock(session: Session, operator_id: int, why: str) -> None:
    from kiosk.desk import audit

    audit.record(session, "lock", operator_id=operator_id, detail=why)
    session.commit()


def _freeze_long_lived() -> None:
    """What is loaded by now lives as long as the kiosk: the cyclic garbage collector stops
    walking it, so a collection while the operator types stays short. (No collection
    first: that would be the very pause this avoids; what garbage is frozen is a one-off.)"""
    gc.freeze()


def run(db_url: str | None = None) -> int:
    memory.leave_out_unused_modules()
    logs.start()
    logs.log.info("kiosk started (Python %s, %s)", sys.version.split()[0], sys.platform)
    app = KioskApp(db_url)
    app.run()
    code = app.return_code or 0
    logs.log.info("kiosk stopped (exit code %d)", code)
    return code


if TYPE_CHECKING:
    from screens.host import Host

    def _serves_screens(app: KioskApp) -> Host:
        """mypy holds the app to what screens are written against."""
        return app
