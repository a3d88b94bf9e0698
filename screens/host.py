"""What a screen needs from the app, as a typed Protocol: screens are written against this,
never against the app class (the entry layer above them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

T = TypeVar("T")


class Host(Protocol):
    operator: Any  # the operator logged in (models.Operator), or None
    settings: dict[str, str]
    training: bool
    desk_name: str
    ready: bool
    load_error: str
    has_operators: bool
    open_draft: int | None

    def db(
        self,
        job: Callable[..., T],
        *args: Any,
        then: Callable[[T], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None: ...

    def walk_db(
        self,
        case_id: int | None,
        job: Callable[..., T],
        *args: Any,
        then: Callable[[T], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None: ...

    def holder(self) -> Any: ...
    def open_form(
        self, name: str, *args: Any, then: Callable[[Any], None] | None = None
    ) -> None: ...
    def walk_to(self, step: str, **params: Any) -> None: ...
    def go_home(self) -> None: ...
    def show_home(self) -> None: ...
    def new_registration(self) -> None: ...
    def open_case(
        self, case_id: int, status: str, step: str, on_held: Callable[[Any], None] | None = None
    ) -> None: ...
    def take_over(self, case_id: int, step: str) -> None: ...
    def keep_unsaved_kk(self, kk: str) -> None: ...
    def take_unsaved_kk(self) -> str: ...
    def release_draft(self) -> None: ...
    def preload_printing(self) -> None: ...
    def apply_settings(self, values: dict[str, str]) -> None: ...
    def redraw_bars(self) -> None: ...
    def lock(self, why: str = "key") -> None: ...
    def has_class(self, *class_names: str) -> bool: ...


def host(widget: Any) -> Host:
    """The app a widget or screen runs in, as what screens may ask of it."""
    return cast(Host, widget.app)
