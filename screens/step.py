"""A step of the registration walk: the keys every step shares and the way back."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content

from kiosk.base.i18n import t
from screens import keys, router
from screens.base import KioskScreen
from screens.plain import Static
from screens.typed_fields import KeepsTyped


class WalkScreen(KeepsTyped, KioskScreen):
    """A step of the walk. Esc or F3 goes back with nothing lost: every step is saved."""

    IS_WALK = True
    NAME = ""  # this screen's name in the walk's table (screens.router.WALK)
    BINDINGS = [keys.back(), keys.next_()]

    def __init__(self, case_id: int | None = None, kk: str = "", reason: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.kk = kk  # the KK typed, while the family has no case yet
        self.reason = reason
        self.init_typed()

    @property
    def typed_place(self) -> tuple[int | None, str]:
        return self.case_id, self.NAME

    @property
    def draft_id(self) -> int:
        """The case of a step that only exists once the family has a case (members on)."""
        assert self.case_id is not None
        return self.case_id

    def body(self) -> ComposeResult:
        yield Static(self._steps(), id="walk-steps")
        yield from self.content()

    def content(self) -> ComposeResult:
        yield from ()

    def _steps(self) -> Content:
        parts = []
        lit = router.WALK[self.NAME].bar
        for n, key in enumerate(router.BAR, 1):
            label = f"{n}. {t(f'step.{key}')}"
            parts.append(Content.styled(f" {label} ", "b reverse") if key == lit else f" {label} ")
        return Content.assemble(*parts)

    def go(self, step: str, **params: Any) -> None:
        """On to another step of this case."""
        params.setdefault("case_id", self.case_id)
        self.kiosk.walk_to(step, **params)

    def go_next(self, **params: Any) -> None:
        """On to the step that follows this one, now that it is done."""
        self.go(router.next_step(self.NAME), **params)

    def action_back(self) -> None:
        self.save_draft()
        previous = router.back_from(self.NAME)
        if previous is None:
            self.kiosk.go_home()
        else:
            self.go(previous, kk=self.kk, reason=self.reason)

    def save_draft(self) -> None:
        """Keep what was typed but not yet confirmed with F10 (most steps save at once)."""
