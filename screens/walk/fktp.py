"""Class and FKTP: one class for the family with its monthly total; the family's own facility."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.rules import rates, regions
from kiosk.rules.reference import FKTP_KIND_SHORT, NOT_A_FAMILY_FKTP
from screens import keys
from screens.base import add_columns, set_text, show_message
from screens.field import Field
from screens.form import FieldRow, MessageLine
from screens.plain import Label, Select, Static
from screens.plain_table import DataTable
from screens.step import WalkScreen
from screens.widgets.fitted_table import FittedTable, fitted_table
from screens.widgets.toggles import Checkbox, RadioButton, RadioSet

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.registry.facilities import FacilityIndex
    from models import Case, CaseMember

ALL = "all"
# After a choice: the new members, whether a dentist is asked beside it, the dentist kept.
Chosen = tuple[list["CaseMember"], bool, str]


def _load(session: Session, case_id: int) -> tuple[Case, list[CaseMember], FacilityIndex, bool]:
    from kiosk.cases import choices, membership, store
    from kiosk.registry import facilities

    case = store.case_by_id(session, case_id)
    members = membership.new_members(store.members_of(session, case))
    index = facilities.index_for(session, case.region_code)
    return case, members, index, choices.needs_dentist(session, case)


def _set_class(session: Session, case_id: int, kelas: int) -> int:
    from kiosk.cases import choices, store

    return choices.set_class(session, store.case_by_id(session, case_id), kelas)


def _choose(
    session: Session, case_id: int, code: str, member_id: int | None, outside_regency: bool
) -> Chosen:
    from kiosk.cases import choices, membership, store

    case = store.case_by_id(session, case_id)
    choices.choose_fktp(
        session, case, code, None if member_id is None else [member_id],
        outside_regency=outside_regency,
    )  # fmt: skip
    members = membership.new_members(store.members_of(session, case))
    return members, choices.needs_dentist(session, case), case.dentist


def _dentist(session: Session, case_id: int, code: str) -> str:
    from kiosk.cases import choices, store

    choices.choose_dentist(session, store.case_by_id(session, case_id), code)
    return code


def _confirm(session: Session, case_id: int, operator_id: int) -> None:
    from kiosk.cases import choices, store

    case = store.case_by_id(session, case_id)
    choices.confirm_fktp(session, case, operator_id)


class FktpScreen(WalkScreen):
    NAME = "fktp"
    TITLE_KEY = "fktp.title"
    TYPED = ("search",)  # a half-typed facility name comes back after the lock or a crash
    BINDINGS = [
        *WalkScreen.BINDINGS,
        keys.key("choose", "confirm_choice", "key.family_chose"),
        # Digits choose the class only where the class is (a digit typed with the results
        # list focused would otherwise change the family's class unseen).
        Binding("1", "kelas(1)", show=False, id="fktp.class1"),
        Binding("2", "kelas(2)", show=False, id="fktp.class2"),
        Binding("3", "kelas(3)", show=False, id="fktp.class3"),
    ]

    def content(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(t("fktp.class"))
            with RadioSet(id="kelas"):
                for k in rates.CLASSES:
                    yield RadioButton(rates.roman(k), id=f"kelas-{k}")
            yield Static("", id="total", classes="summary")
        yield FieldRow(
            t("fktp.search"),
            Field(id="search", placeholder=t("fktp.search_placeholder")),
            Select([(t("fktp.for_all"), ALL)], id="target", allow_blank=False),
        )
        yield from fitted_table("results")
        yield Static("", id="choice", classes="summary")
        yield Checkbox(t("fktp.family_chose"), id="confirmed")
        yield MessageLine("fktp-message")

    def on_mount(self) -> None:
        self.index: FacilityIndex | None = None
        self.members: list = []
        self.results: list = []
        self.kelas: int | None = None
        self.outside_warned = ""  # the facility outside the regency the operator was told of
        self.dentist = ""  # the dentist chosen beside a doctor who has none
        self.needs_dentist = False
        table = self.query_one("#results", DataTable)
        add_columns(
            table,
            [
                (t("col.facility"), 30),
                (t("col.kind"), 18),
                (t("col.kecamatan"), 13),
                (t("col.code"), 8),
            ],
        )
        self.query_one("#kelas", RadioSet).focus()
        self.kiosk.db(_load, self.case_id, then=self._loaded)

    def _loaded(self, loaded: tuple[Case, list[CaseMember], FacilityIndex, bool]) -> None:
        case, members, index, self.needs_dentist = loaded
        self.index, self.members, self.dentist = index, members, case.dentist
        if self.kelas is None:  # else the operator chose before the draft arrived: keep it
            self.kelas = case.kelas
            if case.kelas:
                self.query_one(f"#kelas-{case.kelas}", RadioButton).value = True
        self.query_one("#confirmed", Checkbox).value = case.fktp_confirmed
        target = self.query_one("#target", Select)
        target.set_options(
            [(t("fktp.for_all"), ALL)] + [(self.fit(m.name, 24), m.id) for m in members]
        )
        target.value = ALL
        self._show_total(case.monthly_amount)
        self._show_choice()
        self._search(self.query_one("#search", Input).value)
        self.restore_typed()

    def _show_total(self, amount: int) -> None:
        new = len(self.members)
        if self.kelas is None:
            set_text(self.query_one("#total", Static), t("fktp.total_none", new=new))
            return
        per = rates.rate(self.kelas).paid
        set_text(
            self.query_one("#total", Static),
            t("fktp.total", new=new, per=rates.rupiah(per), total=rates.rupiah(amount)),
        )

    @on(RadioSet.Changed, "#kelas")
    def _class_changed(self, event: RadioSet.Changed) -> None:
        kelas = int(str(event.pressed.id).split("-")[1])
        self.kelas = kelas
        self._show_total(rates.family_total(kelas, len(self.members)))  # at once, saved below
        # Saved once the key's answer is drawn: started at once, the saving thread took the
        # interpreter in the middle of the redraw (on a core shared with a browser, the
        # class key was the slowest of the walk). The app's queue, not the screen's: a screen
        # left at once still has its class saved.
        self.app.call_after_refresh(
            self.kiosk.walk_db, self.case_id, _set_class, self.case_id, kelas,
            then=self._class_saved,
        )  # fmt: skip

    def _class_saved(self, amount: int) -> None:
        if self.is_attached:  # the operator may have left the step before it was saved
            self._show_total(amount)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "kelas":
            return self.focused is not None and self.focused.id == "kelas"
        return True

    def action_kelas(self, kelas: int) -> None:
        self.query_one(f"#kelas-{kelas}", RadioButton).value = True

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        if self.index is None:
            return
        found = self.index.search(query, limit=40)
        show_message(self.query_one("#fktp-message", Static),
                     "" if found else t("fktp.none_found"), "warning")  # fmt: skip
        table = self.query_one("#results", FittedTable)
        same = [r.code for r in found] == [r.code for r in self.results]
        self.results = found
        if same and table.row_count == len(found):
            return  # a key that narrows nothing redraws nothing
        table.clear()
        for r in found:
            table.add_fitted(
                (r.name, 30),
                (FKTP_KIND_SHORT.get(r.kind, r.kind), 18),
                (regions.name(r.region_code[:6]) or "", 13),
                r.code,
            )

    @on(Input.Submitted, "#search")
    def _pick_first(self) -> None:
        self._pick(self.query_one("#results", DataTable).cursor_row)

    @on(DataTable.RowSelected, "#results")
    def _pick_row(self, event: DataTable.RowSelected) -> None:
        self._pick(event.cursor_row)

    def _pick(self, row: int) -> None:
        if not self.results:
            return
        facility = self.results[min(row, len(self.results) - 1)]
        if facility.kind in NOT_A_FAMILY_FKTP:  # a dentist: beside a doctor who has none
            self.query_one("#confirmed", Checkbox).value = False
            self.kiosk.walk_db(self.case_id, _dentist, self.case_id, facility.code,
                               then=self._dentist_chosen, refused=self._not_chosen)  # fmt: skip
            return
        target = self.query_one("#target", Select).value
        member_id = None if target == ALL else int(target)  # type: ignore[arg-type]
        self.query_one("#confirmed", Checkbox).value = False
        # Outside the family's regency: the first Enter warns, the second on it chooses.
        again = self.outside_warned == facility.code
        self.outside_warned = facility.code
        self.kiosk.walk_db(
            self.case_id, _choose, self.case_id, facility.code, member_id, again,
            then=self._chosen, refused=self._not_chosen,
        )  # fmt: skip

    def _not_chosen(self, why: str) -> None:
        show_message(self.query_one("#fktp-message", Static), why, "warning")

    def _chosen(self, chosen: Chosen) -> None:
        self.outside_warned = ""
        self.members, self.needs_dentist, self.dentist = chosen
        self._show_choice()
        message = self.query_one("#fktp-message", Static)
        if self.needs_dentist and not self.dentist:  # BPJS's form asks one beside it
            show_message(message, t("fktp.dentist_missing"), "info")
        else:
            show_message(message, "")  # a warning answered

    def _dentist_chosen(self, code: str) -> None:
        self.dentist = code
        show_message(self.query_one("#fktp-message", Static), "")
        self._show_choice()

    def _show_choice(self) -> None:
        if self.index is None:
            return
        codes = {m.chosen_fktp for m in self.members}
        if codes == {""} or not codes:
            text = t("fktp.no_choice")
        elif len(codes) == 1:
            f = self.index.get(codes.pop())
            text = t("fktp.choice_all", name=f.name if f else "?", code=f.code if f else "?")
        else:
            parts = []
            for m in self.members:
                f = self.index.get(m.chosen_fktp)
                parts.append(f"{m.name.split()[0]}: {f.name if f else '-'}")
            text = "; ".join(parts)
        # The core drops a dentist the choice no longer needs.
        dentist = self.index.get(self.dentist) if self.dentist else None
        if dentist is not None:
            text += "\n" + t("fktp.dentist_choice", name=dentist.name, code=dentist.code)
        self.query_one("#choice", Static).update(text)

    def action_confirm_choice(self) -> None:
        box = self.query_one("#confirmed", Checkbox)
        box.value = not box.value

    def action_next(self) -> None:
        message = self.query_one("#fktp-message", Static)
        if self.kelas is None:
            show_message(message, t("class.missing"))
            self.query_one("#kelas", RadioSet).focus()
            return
        if not self.query_one("#confirmed", Checkbox).value:
            show_message(message, t("fktp.not_confirmed"))
            return
        self.kiosk.walk_db(
            self.case_id,
            _confirm,
            self.case_id,
            self.kiosk.operator.id,
            then=self._confirmed,
            refused=self._confirmed,
        )

    def _confirmed(self, error: str | None) -> None:
        if error:
            show_message(self.query_one("#fktp-message", Static), error)
            return
        # The search kept while the step was open is no typing left unsaved: the choice is
        # made. Queued after a save the timer may have started meanwhile, so it wins.
        self.typed_done()
        self.go_next()
