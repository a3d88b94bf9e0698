"""A family typed from the paper KK, when the data does not have it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import ids
from screens.base import show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.guarded_input import GuardedInput
from screens.plain import Static
from screens.step import WalkScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.drafts import Holder
    from models import Case


def _load(session: Session, case_id: int | None) -> tuple[str, str]:
    from kiosk.cases.store import case_or_none
    from kiosk.desk import settings

    case = case_or_none(session, case_id)
    return (case.kk_number if case else ""), settings.get(session, "village_code")


def _save(
    session: Session, case_id: int | None, kk: str, address: str, rt: str, rw: str, region: str,
    operator_id: int, gateway: str, holder: Holder,
) -> Case:  # fmt: skip
    """The case (new, or the draft's), or what to tell the operator."""
    from kiosk.cases import household, store

    case = store.case_or_none(session, case_id)
    return household.start_family_by_hand(session, case, kk, address, rt, rw, region, operator_id,
        gateway, holder=holder,
    )  # fmt: skip


class ManualFamilyScreen(WalkScreen):
    NAME = "manual"
    TYPED = ("kk", "address", "rt", "rw", "region")
    TITLE_KEY = "manual.title"

    def content(self) -> ComposeResult:
        yield Static(t("manual.explain"), classes="hint")
        yield FieldRow(
            t("label.kk"),
            GuardedInput(id="kk", max_length=24, restrict=r"[0-9 .\-]*"),
        )
        yield FieldRow(
            t("manual.address"),
            Field(id="address", max_length=200),
        )
        yield FieldRow(
            "RT / RW",
            GuardedInput(id="rt", max_length=3, restrict=r"[0-9]*"),
            GuardedInput(id="rw", max_length=3, restrict=r"[0-9]*"),
        )
        yield FieldRow(
            t("manual.region"),
            GuardedInput(id="region", max_length=13, restrict=r"[0-9.]*"),
        )
        yield MessageLine("manual-message")

    def on_mount(self) -> None:
        # The form starts where the paper KK does: its number, checked against the paper
        # even when the lookup filled it in (Enter goes on to the address).
        self.query_one("#kk", Input).focus()
        self.kiosk.db(_load, self.case_id, then=self._prefill)

    def _prefill(self, loaded: tuple[str, str]) -> None:
        kk, region = loaded
        self.query_one("#kk", Input).value = self.kk or kk
        self.query_one("#region", Input).value = region
        self.restore_typed()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def action_next(self) -> None:
        value = {
            f: self.query_one(f"#{f}", Input).value for f in ("kk", "address", "rt", "rw", "region")
        }
        message = self.query_one("#manual-message", Static)
        check = ids.check_kk(value["kk"])
        if not check.ok:
            show_message(message, check.errors[0].message)
            self.query_one("#kk", Input).focus()
            return
        region_check = ids.check_region_code(value["region"])
        if not region_check.ok:
            show_message(message, region_check.errors[0].message)
            self.query_one("#region", Input).focus()
            return
        region = region_check.value
        self.kiosk.walk_db(
            self.case_id, _save, self.case_id, value["kk"], value["address"], value["rt"],
            value["rw"], region, self.kiosk.operator.id,
            self.kiosk.settings.get("gateway", "manual"), self.kiosk.holder(), then=self._saved, refused=self._saved,
        )  # fmt: skip

    def _saved(self, saved: Case | str) -> None:
        if isinstance(saved, str):
            show_message(self.query_one("#manual-message", Static), saved)
            return
        self.case_id = saved.id
        self.typed_done()
        self.go_next(case_id=saved.id)
