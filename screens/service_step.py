"""The first step of a service for a family already in JKN (arrears, a data update, an FKTP or
class change, a new member): the family's KK, then the case of that kind begun for it.

The KK is typed, or given by the case screen the family was found on (its registration), in
which case the case is begun at once. The walk's bar of registration steps is not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from screens.base import show_message
from screens.plain import Static
from screens.step import WalkScreen


class ServiceStep(WalkScreen):
    MESSAGE_ID = ""  # the step's message line

    def body(self) -> ComposeResult:
        yield from self.content()

    def begin_job(self) -> tuple[Callable[..., int], tuple[Any, ...]]:
        """The core job that begins this kind of case for a KK, and its arguments after it."""
        raise NotImplementedError

    def load(self) -> None:
        """Show the case begun (`self.case_id`)."""

    def on_mount(self) -> None:
        if self.case_id is not None:
            self.load()
            return
        field = self.query_one("#kk", Input)
        field.focus()
        self.restore_typed()
        if self.kk:  # from the family's registration: begun at once
            field.value = self.kk
            self.begin(self.kk)

    def begin(self, kk: str) -> None:
        job, args = self.begin_job()
        app = self.kiosk
        app.db(job, kk, *args, app.operator.id, app.settings.get("gateway", "manual"),
               app.holder(), then=self._begun, refused=self.say)  # fmt: skip

    def _begun(self, case_id: int) -> None:
        self.go(self.NAME, case_id=case_id)

    def say(self, text: str, kind: str = "error") -> None:
        show_message(self.query_one(f"#{self.MESSAGE_ID}", Static), text, kind)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "kk" and self.case_id is None:
            self.begin(event.value)
            return
        self.focus_next()

    def needs_case(self) -> bool:
        """Whether F10 came before the KK was looked up: said, and the KK field focused."""
        if self.case_id is not None:
            return False
        self.say(t("arrears.kk_first"))
        self.query_one("#kk", Input).focus()
        return True
