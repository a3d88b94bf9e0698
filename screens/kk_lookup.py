"""KK lookup: the 16-digit family card number, checked as it is typed."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from kiosk import ids, regions
from kiosk.i18n import t
from screens.base import show_message
from screens.walk import WalkScreen


@dataclass
class Outcome:
    kind: str  # "found", "replaced", "not_found", "error"
    message: str = ""
    replaced_by: str = ""


def _load(session, case_id: int) -> str:  # type: ignore[no-untyped-def]
    from models import Case

    case = session.get(Case, case_id)
    return case.kk_number if case else ""


def _lookup(session, case_id: int, raw: str) -> Outcome:  # type: ignore[no-untyped-def]
    from kiosk import registration
    from models import Case

    case = session.get(Case, case_id)
    try:
        found = registration.lookup(session, case, raw)
    except registration.WorkflowError as exc:
        return Outcome("error", exc.message)
    if found.outcome == "found":
        members = registration.members_of(session, case)
        # Coming back to the same KK keeps every correction made to its members.
        if not members or case.family_id != found.family.id:
            registration.attach_family(session, case, found)
        else:
            registration.set_step(
                session, case, max(case.step, "members", key=registration.STEPS.index)
            )
    return Outcome(found.outcome, replaced_by=found.replaced_by or "")


def _remember(session, case_id: int, kk: str) -> None:  # type: ignore[no-untyped-def]
    from models import Case

    case = session.get(Case, case_id)
    if case.family_id is None:  # a KK already looked up stays as it was
        case.kk_number = kk
        session.add(case)
        session.commit()


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
    STEP = "kk"
    TITLE_KEY = "kk.title"
    BINDINGS = [
        *WalkScreen.BINDINGS,
        Binding("f6", "use_new", t("key.use_new_kk"), id="kk.use_new"),
    ]

    def content(self) -> ComposeResult:
        yield Label(t("kk.label"))
        yield Input(
            id="kk", max_length=24, restrict=r"[0-9 .\-]*", placeholder="3205 1001 0215 0007"
        )
        yield Static("", id="kk-message", classes="message")
        yield Static("", id="kk-result", classes="message")
        yield Static(t("kk.help"), classes="hint")

    def on_mount(self) -> None:
        self.replaced_by = ""
        self.query_one("#kk", Input).focus()
        self.kiosk.db(_load, self.case_id, then=self._prefill)

    def _prefill(self, kk: str) -> None:
        field = self.query_one("#kk", Input)
        if kk and not field.value:
            field.value = kk

    @on(Input.Changed, "#kk")
    def _typed(self, event: Input.Changed) -> None:
        text, kind = live_hint(event.value)
        show_message(self.query_one("#kk-message", Static), text, kind)
        show_message(self.query_one("#kk-result", Static), "")
        self.replaced_by = ""
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_new":
            return bool(self.replaced_by)
        return True

    @on(Input.Submitted, "#kk")
    def action_next(self) -> None:
        raw = self.query_one("#kk", Input).value
        check = ids.check_kk(raw)
        if not check.ok:
            show_message(self.query_one("#kk-message", Static), check.errors[0].message)
            return
        self.kiosk.db(_lookup, self.case_id, raw, then=self._looked_up)

    def _looked_up(self, outcome: Outcome) -> None:
        result = self.query_one("#kk-result", Static)
        if outcome.kind == "error":
            show_message(result, outcome.message)
        elif outcome.kind == "found":
            from screens.members import MembersScreen

            self.app.push_screen(MembersScreen(self.case_id))
        elif outcome.kind == "replaced":
            self.replaced_by = outcome.replaced_by
            show_message(result, t("kk.replaced", new=ids.mask_kk(outcome.replaced_by)), "warning")
            self.refresh_bindings()
        else:
            from screens.not_found import NotFoundScreen

            self.app.push_screen(NotFoundScreen(self.case_id))

    def save_draft(self) -> None:
        check = ids.check_kk(self.query_one("#kk", Input).value)
        if check.ok:
            self.kiosk.db(_remember, self.case_id, check.value)

    def action_use_new(self) -> None:
        if self.replaced_by:
            field = self.query_one("#kk", Input)
            new = self.replaced_by
            field.value = new
            self.action_next()
