"""A step of the registration walk: the keys every step shares and the way back."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Input, Select, Static

from kiosk.i18n import t
from screens import keys
from screens.base import KioskScreen

STEP_KEYS = ("kk", "members", "fktp", "contact", "confirm")
# Where Esc/F3 goes from each step: the previous step, rebuilt from the database.
BACK = {
    "members": "kk", "fktp": "members", "contact": "fktp", "confirm": "contact",
    "not_found": "kk", "carry_over": "kk", "manual": "not_found", "refer": "not_found",
}  # fmt: skip


class WalkScreen(KioskScreen):
    """A step of the walk. Esc or F3 goes back with nothing lost: every step is saved."""

    IS_WALK = True
    STEP = ""  # the bar of steps at the top
    NAME = ""  # this screen's name in the app's walk table
    # Ids of the fields whose text is kept as typed until the step is done (see kiosk.typed).
    TYPED: tuple[str, ...] = ()
    TYPED_DELAY = 1.0  # seconds after the last key: one save per pause, not per key
    BINDINGS = [keys.back(), keys.next_()]

    def __init__(self, case_id: int | None = None, kk: str = "", reason: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.kk = kk  # the KK typed, while the family has no case yet
        self.reason = reason
        self._typed_timer: Timer | None = None
        self._typed_ready = False  # set once kept text is back on screen (or there is none)

    @property
    def draft_id(self) -> int:
        """The case of a step that only exists once the family has a case (members on)."""
        assert self.case_id is not None
        return self.case_id

    # --- fields kept as typed ------------------------------------------------------------

    def restore_typed(self) -> None:
        """Put back what was typed here before a crash or a lock (call once the step's own
        data is on screen: kept text is newer)."""
        if self.case_id is None or not self.TYPED:
            self._typed_ready = True
            return
        from kiosk import typed

        self.kiosk.db(typed.recall, self.case_id, self.NAME, then=self._restored)

    def _restored(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            if name in self.TYPED:
                widget = self.query_one(f"#{name}")
                if isinstance(widget, (Select, Input)):
                    widget.value = value
        self._typed_ready = True

    def _typed_values(self) -> dict[str, str]:
        values = {}
        for name in self.TYPED:
            widget = self.query_one(f"#{name}")
            value = widget.value if isinstance(widget, (Input, Select)) else ""
            values[name] = value if isinstance(value, str) else ""
        return values

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed_changed(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._typed_changed(event.select.id)

    def _typed_changed(self, widget_id: str | None) -> None:
        if widget_id not in self.TYPED or not self._typed_ready or self.case_id is None:
            return
        if self._typed_timer is not None:
            self._typed_timer.stop()
        self._typed_timer = self.set_timer(self.TYPED_DELAY, self.keep_typed)

    def keep_typed(self) -> None:
        """Save the fields as typed now (also called when the kiosk locks)."""
        if self._typed_timer is not None:
            self._typed_timer.stop()
            self._typed_timer = None
        if self.case_id is None or not self.TYPED or not self._typed_ready:
            return
        from kiosk import typed

        self.kiosk.walk_db(self.case_id, typed.keep, self.case_id, self.NAME, self._typed_values())

    def typed_done(self) -> None:
        """The step is done: what was kept for it is not needed any more."""
        if self._typed_timer is not None:
            self._typed_timer.stop()
            self._typed_timer = None
        self._typed_ready = False  # nothing typed from now on is kept for this step
        if self.case_id is None or not self.TYPED:
            return
        self.kiosk.db(_forget_typed, self.case_id, self.NAME)

    def body(self) -> ComposeResult:
        yield Static(self._steps(), id="walk-steps")
        yield from self.content()

    def content(self) -> ComposeResult:
        yield from ()

    def _steps(self) -> str:
        parts = []
        for n, key in enumerate(STEP_KEYS, 1):
            label = f"{n}. {t(f'step.{key}')}"
            parts.append(f"[b reverse] {label} [/]" if key == self.STEP else f" {label} ")
        return "".join(parts)

    def go(self, step: str, **params: Any) -> None:
        """On to another step of this case."""
        params.setdefault("case_id", self.case_id)
        self.kiosk.walk_to(step, **params)

    def action_back(self) -> None:
        self.save_draft()
        previous = BACK.get(self.NAME)
        if previous is None:
            self.kiosk.go_home()
        else:
            self.go(previous, kk=self.kk, reason=self.reason)

    def save_draft(self) -> None:
        """Keep what was typed but not yet confirmed with F10 (most steps save at once)."""


def _forget_typed(session, case_id: int, step: str) -> None:
    from kiosk import typed

    typed.forget(session, case_id, step)
    session.commit()

    def action_next(self) -> None:  # each step defines what going on means
        pass
