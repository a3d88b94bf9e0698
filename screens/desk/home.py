"""Home: new registration, open a case by code or scanned QR, drafts, cases waiting for action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from kiosk.base.i18n import t
from kiosk.cases.lifecycle import CaseStatus
from kiosk.cases.store import row_id
from kiosk.rules import casecode
from screens import keys
from screens.base import KioskScreen, add_columns, show_message
from screens.field import Field
from screens.form import MessageLine
from screens.plain import Label, Static
from screens.plain_table import DataTable

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from kiosk.cases.drafts import HeldElsewhere
    from kiosk.cases.search import Hit
    from kiosk.followup.followups import FollowUp
    from kiosk.followup.visits import Due
    from kiosk.papers.printing import PrintResult
    from models import Case


def _load_home(session: Session) -> tuple[list[Case], list[FollowUp], list[Due]]:
    from kiosk.followup import followups, visits

    return followups.drafts(session), followups.waiting(session), visits.due(session)


def _open(session: Session, text: str) -> Case | list[Hit] | str:
    """The case a code or a slip's QR names; the KK of the family a door-to-door sheet's QR
    names; else the cases a name or a number finds."""
    from kiosk.cases import search
    from kiosk.desk import qrtoken
    from kiosk.rules import familyref

    family_id = familyref.read(text)
    if family_id is not None:
        from kiosk.followup import visits

        return visits.family_kk(session, family_id) or []
    case = qrtoken.open_case(session, text, allow_bare_code=True)
    return case if case is not None else search.find(session, text)


def _print_calls(session: Session, printer: str, operator_id: int) -> PrintResult:
    from kiosk.followup import call_list
    from kiosk.papers.issue import issue

    path, count = call_list.save(session)
    if not count:  # saved, not printed: nobody to call today
        return issue(
            session, "call_list 0", path, "", operator_id, saved=t("calls.none_due", path=path)
        )
    saved = t("calls.saved", count=count, path=path)
    return issue(session, f"call_list {count}", path, printer, operator_id, saved=saved)


class HomeScreen(KioskScreen):
    TITLE_KEY = "home.title"
    BINDINGS = [
        keys.key("new", "new", "key.new"),
        keys.key("open", "take_over", "key.take_over"),
        keys.key("open", "focus_open", "key.open"),
        keys.key("again", "refresh", "key.refresh", show=False),
        keys.key("cancel", "cancel_draft", "key.cancel_draft"),
        keys.key("print", "call_list", "key.call_list"),
        keys.key("log", "log_service", "key.log"),
        keys.key("outreach", "outreach", "key.outreach", show=False),
        # Every walk-in is logged; the reports are read at the day's end: in F1.
        keys.key("reports", "reports", "key.reports", show=False),
        keys.key("settings", "settings", "key.settings", show=False),  # a supervisor's key: in F1
        keys.key("pin", "change_pin", "key.change_pin", show=False),
        keys.lock(show=True),  # at a public desk, the way to lock is always in sight
        Binding("down", "focus_drafts", show=False, id="home.to_lists"),
    ]

    def body(self) -> ComposeResult:
        yield Label(t("home.open_label"))
        yield Field(id="open", placeholder=t("home.open_placeholder"), max_length=200)
        yield MessageLine("home-message")
        yield Label(t("home.drafts"))
        yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
        yield Label(t("home.waiting"))
        yield DataTable(id="waiting", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.held: tuple[int, str] | None = None
        self._draft_rows: list[tuple[int, str, str]] = []
        drafts = self.query_one("#drafts", DataTable)
        add_columns(
            drafts,
            [(t("col.code"), 9), (t("col.head"), 24), (t("col.step"), 16), (t("col.updated"), 11)],
        )
        waiting = self.query_one("#waiting", DataTable)
        add_columns(
            waiting,
            [
                (t("col.code"), 9),
                (t("col.head"), 18),
                (t("col.status"), 11),
                (t("col.action"), 24),
                (t("col.due"), 5),
            ],
        )
        self.query_one("#open", Input).focus()
        from kiosk.desk import frozen

        danger = frozen.warning(self.kiosk.settings.get("frozen_drives", ""))
        if danger:  # at each login, until the data folder is moved
            show_message(self.query_one("#home-message", Static), danger, "warning")
        from kiosk.base.database import unencrypted_host

        self.kiosk.db(unencrypted_host, then=self._warn_unencrypted)

    def _warn_unencrypted(self, host: str) -> None:
        """At each login, until the connection to a shared server is encrypted."""
        if not host:
            return
        from kiosk.base.logs import log
        from kiosk.desk import frozen

        log.warning("database connection to %s is not encrypted", host)
        said = [frozen.warning(self.kiosk.settings.get("frozen_drives", "")),
                t("home.db_unencrypted", host=host)]  # fmt: skip
        show_message(self.query_one("#home-message", Static), " ".join(filter(None, said)),
                     "warning")  # fmt: skip

    async def on_screen_resume(self) -> None:
        if self.stale_words:  # Settings changed the language while Home was beneath it
            await self.relabel()
        # Back from a walk or a case: the scanner field has the focus again, so a scanned
        # slip opens its case rather than the draft highlighted below.
        self.held = None
        self.kiosk.release_draft()
        self.query_one("#open", Input).focus()
        self.action_refresh()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # F4 opens: the draft held at another kiosk once one is named, else the code field.
        if action == "take_over":
            return getattr(self, "held", None) is not None
        if action == "focus_open":
            return getattr(self, "held", None) is None
        if action == "cancel_draft":
            return bool(getattr(self, "_draft_rows", None))
        return True

    def action_refresh(self) -> None:
        self.kiosk.db(_load_home, then=self._show)

    def _show(self, loaded: tuple[list[Case], list[FollowUp], list[Due]]) -> None:
        drafts, waiting, visits_due = loaded
        kiosk = self.kiosk.holder().kiosk  # once, not per row
        table = self.query_one("#drafts", DataTable)
        table.clear()
        table.add_rows(
            [
                (
                    casecode.display(c.code),
                    c.head_name or "-",
                    _where(c, kiosk),
                    c.updated_at.strftime("%d-%m %H:%M"),
                )
                for c in drafts
            ]
        )
        self._draft_rows = [(row_id(c), c.step, c.code) for c in drafts]
        self.refresh_bindings()
        # Cases and the families who said at a visit they would come, by when each is due.
        rows: list[tuple[date, tuple[str, ...], int | str]] = [
            (f.due, (casecode.display(f.case.code), f.case.head_name or "-",
                     t(f"status.{f.case.status}"), f.text, f.due.strftime("%d-%m")),
             row_id(f.case))
            for f in waiting
        ]  # fmt: skip
        rows += [
            (d.come_by, ("-", d.head or "-", t("visit.status"),
                         t("follow.visit_will_come", agent=d.agent), d.come_by.strftime("%d-%m")),
             d.kk)
            for d in visits_due
        ]  # fmt: skip
        rows.sort(key=lambda r: r[0])
        table = self.query_one("#waiting", DataTable)
        table.clear()
        table.add_rows([cells for _, cells, _ in rows])
        self._waiting_rows = [target for _, _, target in rows]

    def action_new(self) -> None:
        self.kiosk.new_registration()

    def action_call_list(self) -> None:
        from screens.print_slip import print_job

        print_job(self, self.query_one("#home-message", Static), _print_calls)

    def action_focus_drafts(self) -> None:
        # Down from the open-case field goes to the lists (Input has no use for it).
        drafts = self.query_one("#drafts", DataTable)
        (drafts if drafts.row_count else self.query_one("#waiting", DataTable)).focus()

    def action_focus_open(self) -> None:
        self.query_one("#open", Input).focus()

    def action_change_pin(self) -> None:
        def changed(done: bool | None) -> None:
            if done:
                show_message(self.query_one("#home-message", Static), t("pin.changed"), "info")

        self.kiosk.open_form("pin", None, then=changed)

    def action_log_service(self) -> None:
        self.kiosk.open_form("services", self._logged)

    def _logged(self, saved: bool) -> None:
        if saved:
            from kiosk.cases.service_log import served_today

            self.kiosk.db(served_today, then=self._say_served)

    def _say_served(self, count: int) -> None:
        show_message(self.query_one("#home-message", Static), t("log.saved", count=count), "info")

    def action_reports(self) -> None:
        self.kiosk.open_form("reports")

    def action_settings(self) -> None:
        if self.kiosk.operator is None or self.kiosk.operator.role != "supervisor":
            show_message(self.query_one("#home-message", Static), t("home.supervisor_only"))
            return
        self.kiosk.open_form("settings")

    @on(Input.Submitted, "#open")
    def _open_case(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            show_message(self.query_one("#home-message", Static), t("home.open_empty"))
            return
        self.kiosk.db(_open, text, then=self._opened)

    def _opened(self, found: Case | list[Hit] | str) -> None:
        field = self.query_one("#open", Input)
        message = self.query_one("#home-message", Static)
        if isinstance(found, str):  # a door-to-door sheet's family: its registration
            field.value = ""
            show_message(message, "")
            self.kiosk.walk_to("kk", kk=found, look_up=True)
            return
        if isinstance(found, list):
            if not found:
                # Never echo the payload: it may be anything a scanner read, or a NIK.
                show_message(message, t("home.open_unknown"))
                field.focus()
                return
            show_message(message, "")
            self.kiosk.open_form("search", found, self._open_hit)
            return
        field.value = ""
        show_message(message, "")
        self.open_case(row_id(found), found.status, found.step)

    def _open_hit(self, hit: Hit) -> None:
        self.query_one("#open", Input).value = ""
        self.open_case(hit.case_id, hit.status, hit.step)

    def open_case(self, case_id: int, status: str, step: str) -> None:
        def held(other: HeldElsewhere) -> None:
            self.held = (case_id, step)
            text = f"{other.message} {t('home.take_over_key')}"
            show_message(self.query_one("#home-message", Static), text, "warning")
            self.refresh_bindings()

        self.kiosk.open_case(case_id, status, step, on_held=held)

    def action_take_over(self) -> None:
        if self.held is not None:
            case_id, step = self.held
            self.held = None
            self.kiosk.take_over(case_id, step)

    def action_cancel_draft(self) -> None:
        table = self.query_one("#drafts", DataTable)
        if not self._draft_rows:
            return
        case_id, _, code = self._draft_rows[min(table.cursor_row, len(self._draft_rows) - 1)]
        self.kiosk.open_form("cancel", case_id, code, then=lambda _: self.action_refresh())

    @on(DataTable.RowSelected, "#drafts")
    def _resume(self, event: DataTable.RowSelected) -> None:
        case_id, step, _ = self._draft_rows[event.cursor_row]
        self.open_case(case_id, CaseStatus.DRAFT, step)

    @on(DataTable.RowSelected, "#waiting")
    def _open_waiting(self, event: DataTable.RowSelected) -> None:
        target = self._waiting_rows[event.cursor_row]
        if isinstance(target, str):  # a family that said it would come: its registration
            self.kiosk.walk_to("kk", kk=target, look_up=True)
            return
        self.open_case(target, "", "")

    def action_outreach(self) -> None:
        self.kiosk.open_form("outreach")


def _where(case: Case, my_kiosk: str) -> str:
    """The step a draft reached, or the kiosk that has it open now."""
    from kiosk.cases import drafts

    if drafts.held_elsewhere(case, my_kiosk):
        return t("home.open_at", kiosk=drafts.shown(case.held_kiosk))[:16]
    return t(f"step.{case.step}")
