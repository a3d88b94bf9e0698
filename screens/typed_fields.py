"""Fields whose text is kept as typed until the step or form is done (see kiosk.cases.typed).

A screen names its fields in TYPED and where they belong in `typed_place` (the case and a
step name); the text is saved a moment after the last key and when the kiosk locks, and put
back when the screen is shown again, so a crash, the idle lock or F12 loses nothing.
"""

from __future__ import annotations

from typing import Any

from textual.timer import Timer
from textual.widgets import Input

from screens.host import host
from screens.plain import Select


class KeepsTyped:
    TYPED: tuple[str, ...] = ()
    TYPED_DELAY = 1.0  # seconds after the last key: one save per pause, not per key
    # A walk step or a form on a draft saves under the draft's hold; a form on a case past
    # the draft (what BPJS sent, the payment date, the cards) has no hold to keep.
    TYPED_ON_DRAFT = True

    _typed_timer: Timer | None
    _typed_ready: bool

    def init_typed(self) -> None:
        self._typed_timer = None
        self._typed_ready = False  # set once kept text is back on screen (or there is none)

    @property
    def typed_place(self) -> tuple[int | None, str]:
        """(case id, step name) the typed text belongs to; no case, nothing is kept."""
        return None, ""

    def restore_typed(self) -> None:
        """Put back what was typed here before a crash or a lock (call once the screen's own
        data is shown: kept text is newer)."""
        case_id, step = self.typed_place
        if case_id is None or not self.TYPED:
            self._typed_ready = True
            return
        from kiosk.cases import typed

        host(self).db(typed.recall, case_id, step, then=self._restored)

    def _restored(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            if name in self.TYPED:
                widget = self.query_one(f"#{name}")  # type: ignore[attr-defined]
                if isinstance(widget, (Select, Input)):
                    widget.value = value
        self._typed_ready = True

    def _typed_values(self) -> dict[str, str]:
        values = {}
        for name in self.TYPED:
            widget = self.query_one(f"#{name}")  # type: ignore[attr-defined]
            value = widget.value if isinstance(widget, (Input, Select)) else ""
            values[name] = value if isinstance(value, str) else ""
        return values

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed_changed(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._typed_changed(event.select.id)

    def _typed_changed(self, widget_id: str | None) -> None:
        if widget_id not in self.TYPED or not self._typed_ready or self.typed_place[0] is None:
            return
        if self._typed_timer is not None:
            self._typed_timer.stop()
        self._typed_timer = self.set_timer(self.TYPED_DELAY, self.keep_typed)  # type: ignore[attr-defined]

    def keep_typed(self) -> None:
        """Save the fields as typed now (also called when the kiosk locks)."""
        if self._typed_timer is not None:
            self._typed_timer.stop()
            self._typed_timer = None
        case_id, step = self.typed_place
        if case_id is None or not self.TYPED or not self._typed_ready:
            return
        from kiosk.cases import typed

        values = self._typed_values()
        if self.TYPED_ON_DRAFT:
            host(self).walk_db(case_id, typed.keep, case_id, step, values)
        else:
            host(self).db(typed.keep, case_id, step, values)

    def typed_done(self) -> None:
        """Done (or given up): what was kept is not needed any more."""
        if self._typed_timer is not None:
            self._typed_timer.stop()
            self._typed_timer = None
        self._typed_ready = False  # nothing typed from now on is kept here
        case_id, step = self.typed_place
        if case_id is None or not self.TYPED:
            return
        host(self).db(_forget, case_id, step)


def _forget(session: Any, case_id: int, step: str) -> None:
    from kiosk.cases import typed

    typed.forget(session, case_id, step)
    session.commit()
