"""KK lookup: the 16-digit family card number, checked as it is typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import casecode, ids, regions
from screens import keys
from screens.base import show_message
from screens.form import MessageLine
from screens.guarded_input import GuardedInput
from screens.plain import Label, Static
from screens.step import WalkScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.drafts import HeldElsewhere, Holder
    from kiosk.cases.household import Begin
    from kiosk.cases.store import OpenCase


def _load(session: Session, case_id: int | None) -> str:
    from kiosk.cases.store import case_or_none

    case = case_or_none(session, case_id)
    return case.kk_number if case else ""


def _begin(
    session: Session, case_id: int | None, raw: str, operator_id: int, gateway: str, holder: Holder
) -> Begin:
    from kiosk.cases import household, store

    case = store.case_or_none(session, case_id)
    return household.begin(session, raw, operator_id, gateway, case, holder=holder)


def live_hint(raw: str) -> tuple[str, str]:
    """(message, kind) for a KK number being typed: errors early, the region once known."""
    value = ids.normalise_digits(raw)
    if not value:
        return "", "info"
    if not value.isdigit():
        return t("num.not_digits", label=t("label.kk")), "error"
    if len(value) >= 2 and value[:2] not in regions.PROVINCES:
        return t("num.province", code=value[:2], label=t("label.kk")), "error"
    if len(value) > 16:
        return t("num.length", label=t("label.kk"), expected=16, actual=len(value)), "error"
    place = regions.describe(value[:6]) if len(value) >= 6 else ""
    if len(value) < 16:
        return t("kk.typing", count=len(value), place=place), "info"
    check = ids.check_kk(value)
    if not check.ok:
        return check.errors[0].message, "error"
    if check.warnings:
        return f"{place}  {check.warnings[0].message}", "warning"
    return t("kk.complete", place=place), "info"


class KKLookupScreen(WalkScreen):
    NAME = "kk"
    TITLE_KEY = "kk.title"
    BINDINGS = [
        *WalkScreen.BINDINGS,
        keys.key("choose", "use_new", "key.use_new_kk"),
        keys.key("open", "open_existing", "key.open_existing"),
    ]

    def content(self) -> ComposeResult:
        yield Label(t("kk.label"))
        yield GuardedInput(
            id="kk", max_length=24, restrict=r"[0-9 .\-]*", placeholder="3205 1001 0215 0007"
        )
        yield MessageLine("kk-message")
        yield MessageLine("kk-result")
        yield Static(t("kk.help"), classes="hint")

    def __init__(
        self, case_id: int | None = None, kk: str = "", reason: str = "", look_up: bool = False
    ) -> None:
        super().__init__(case_id, kk, reason)
        self.look_up = look_up  # the KK came from the village's data: looked up at once

    def on_mount(self) -> None:
        self.replaced_by = ""
        self.existing: OpenCase | None = None
        field = self.query_one("#kk", Input)
        field.focus()
        if self.kk:
            field.value = self.kk
            if self.look_up:
                self.call_after_refresh(self.action_next)
        elif self.case_id is not None:
            self.kiosk.db(_load, self.case_id, then=self._prefill)
        else:
            field.value = self.kiosk.take_unsaved_kk()

    def keep_typed(self) -> None:
        """The kiosk locks: a KK typed for a family without a case yet is kept in memory for
        the same operator's next registration (never on disk: it belongs to no case)."""
        if self.case_id is None:
            self.kiosk.keep_unsaved_kk(self.query_one("#kk", Input).value)
        else:
            super().keep_typed()

    def _prefill(self, kk: str) -> None:
        field = self.query_one("#kk", Input)
        if kk and not field.value:
            field.value = kk

    @on(Input.Changed, "#kk")
    def _typed(self, event: Input.Changed) -> None:
        text, kind = live_hint(event.value)
        show_message(self.query_one("#kk-message", Static), text, kind)
        show_message(self.query_one("#kk-result", Static), "")
        # The footer is redrawn only when a key leaves it (F6/F4 of the last lookup): not
        # for every digit typed.
        offered = bool(self.replaced_by) or self.existing is not None
        self.replaced_by = ""
        self.existing = None
        if offered:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_new":
            return bool(self.replaced_by)
        if action == "open_existing":
            return self.existing is not None
        return True

    @on(Input.Submitted, "#kk")
    def action_next(self) -> None:
        raw = self.query_one("#kk", Input).value
        check = ids.check_kk(raw)
        if not check.ok:
            show_message(self.query_one("#kk-message", Static), check.errors[0].message)
            return
        self.kk = check.value
        self.kiosk.walk_db(
            self.case_id, _begin, self.case_id, raw, self.kiosk.operator.id,
            self.kiosk.settings.get("gateway", "manual"), self.kiosk.holder(),
            then=self._looked_up, refused=self._looked_up,
        )  # fmt: skip

    def _looked_up(self, begun: Begin | str) -> None:
        result = self.query_one("#kk-result", Static)
        if isinstance(begun, str):
            show_message(result, begun)
            return
        self.existing = begun.existing
        if begun.outcome == "started" and begun.case is not None:
            self.go_next(case_id=begun.case.id)
        elif begun.outcome == "has_case" and begun.existing is not None:
            show_message(result, _exists_message(begun.existing), "warning")
        elif begun.outcome == "referred" and begun.existing is not None:
            referral = begun.existing
            show_message(result, t("kk.referred", code=casecode.display(referral.code),
                                   date=referral.created_at.strftime("%d-%m-%Y")), "warning")  # fmt: skip
        elif begun.outcome == "replaced":
            self.replaced_by = begun.replaced_by
            text = t("kk.replaced", new=ids.mask_kk(begun.replaced_by))
            if begun.existing is not None:
                text += "\n" + _exists_message(begun.existing)
            show_message(result, text, "warning")
        elif begun.outcome == "carry_over":
            self.go("carry_over", kk=begun.kk_number)
        else:
            self.go("not_found", kk=begun.kk_number, reason="data")
        self.refresh_bindings()

    def save_draft(self) -> None:
        """The KK of a draft changes only through a lookup; nothing typed here is a draft yet."""

    def action_use_new(self) -> None:
        if self.replaced_by:
            field = self.query_one("#kk", Input)
            field.value = self.replaced_by
            self.action_next()

    def action_open_existing(self) -> None:
        existing = self.existing
        if existing is None:
            return
        if self.case_id == existing.id:
            self.go(existing.step if existing.step != "kk" else "members")
            return

        def held(other: HeldElsewhere) -> None:
            text = f"{other.message} {t('home.take_over_hint')}"
            show_message(self.query_one("#kk-result", Static), text, "warning")

        self.kiosk.open_case(existing.id, existing.status, existing.step, on_held=held)


def _exists_message(existing: OpenCase) -> str:
    from kiosk.cases.store import CaseExists

    return CaseExists(existing).message + " " + t("kk.open_existing_hint")
