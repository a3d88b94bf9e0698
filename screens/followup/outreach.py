"""The road to universal cover: the village's cover by dusun (text bars, against the 95% a
village is recognised at), and the families lacking cover street by street with the way
suggested for each. Enter on a dusun narrows the list to it; F6 narrows it by way; F4 records a
visit; F2 starts the family's registration, already looked up; F7 prints the door-to-door
sheets of the list shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import outreach as rules
from kiosk.rules.routes import ROUTES
from screens import keys
from screens.base import KioskScreen, add_columns, show_message
from screens.form import MessageLine
from screens.plain import Static
from screens.plain_table import DataTable
from screens.widgets.text_chart import bar_to_goal

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.app import ComposeResult

    from kiosk.followup.outreach import Household, Tally, VillageMap
    from kiosk.papers.printing import PrintResult

WAYS = (None, *ROUTES, rules.CHECK)  # F6 goes round these: every way, then each
BAR = 16
# A kecamatan's desk holds thousands of families lacking cover: the list shows the first of
# them (a dusun or an RT narrows it), and F7 prints a walk's worth at a time.
SHOWN_MAX = 500
PRINT_MAX = 300


def _build(session: Session) -> VillageMap:
    from kiosk.followup import coverage_history, outreach

    village = outreach.build(session)
    coverage_history.record_month(session, village)  # its last look stands for the month
    return village


def _sheets(
    session: Session, village: VillageMap, targets: list[Household], printer: str,
    operator_id: int | None,
) -> PrintResult:  # fmt: skip
    from kiosk.base.config import slips_dir
    from kiosk.desk import settings
    from kiosk.followup import outreach_sheet
    from kiosk.papers.issue import issue

    path = slips_dir() / f"kunjungan-{clock.utcnow():%Y%m%d-%H%M%S}.pdf"
    outreach_sheet.save(village, targets, settings.get(session, "desk_name"), path)
    saved = t("outreach.sheets_saved", count=len(targets), path=path)
    return issue(session, f"outreach_sheet {len(targets)}", path, printer, operator_id,
                 saved=saved)  # fmt: skip


def _way_words(way: str | None) -> str:
    from kiosk.followup.outreach import route_words

    return t("outreach.way_all") if way is None else route_words(way)


class OutreachScreen(KioskScreen):
    TITLE_KEY = "outreach.title"
    BINDINGS = [
        keys.back(),
        keys.key("new", "register", "key.outreach_register"),
        keys.key("open", "visit", "key.outreach_visit"),
        keys.key("choose", "next_way", "key.outreach_way"),
        keys.key("print", "sheets", "key.outreach_sheets"),
        keys.key("again", "refresh", "key.refresh", show=False),
        keys.key("reports", "coverage", "key.coverage_report", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.village: VillageMap | None = None
        self.area: tuple[str, ...] = ()  # every dusun; (village, dusun); or (…, RW, RT)
        self.way = 0
        self.targets: list[Household] = []
        self.areas: list[tuple[str, ...]] = []
        self.agent = ""

    def body(self) -> ComposeResult:
        yield Static("", id="outreach-summary", classes="summary")
        yield DataTable(id="outreach-areas", cursor_type="row", zebra_stripes=True)
        yield Static("", id="outreach-filter", classes="summary")
        yield DataTable(id="outreach-targets", cursor_type="row", zebra_stripes=True)
        yield MessageLine("outreach-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#outreach-areas", DataTable),
            [(t("outreach.col.area"), 14), (t("outreach.col.residents"), 8), ("", BAR),
             (t("outreach.col.coverage"), 8), (t("outreach.col.active"), 7),
             (t("outreach.col.lacking"), 8)],
        )  # fmt: skip
        add_columns(
            self.query_one("#outreach-targets", DataTable),
            [(t("outreach.col.rt"), 7), (t("outreach.col.head"), 18), (t("outreach.col.gap"), 5),
             (t("outreach.col.way"), 18), (t("outreach.col.visit"), 20)],
        )  # fmt: skip
        self.query_one("#outreach-areas", DataTable).focus()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("register", "visit"):
            return bool(getattr(self, "targets", None))
        return True

    def action_refresh(self) -> None:
        self.kiosk.db(_build, then=self._built)

    def _built(self, village: VillageMap) -> None:
        self.village = village
        total = village.total
        summary = t(
            "outreach.summary", residents=total.residents, pct=f"{total.coverage_pct:.1f}",
            active=f"{total.active_pct:.1f}", goal=rules.VILLAGE_RECOGNISED_PCT,
            families=total.families_lacking,
        )  # fmt: skip
        if total.recognised:
            summary += " " + t("outreach.recognised")
        self.query_one("#outreach-summary", Static).update(summary)
        self._areas()
        self._list()

    def _areas(self) -> None:
        """Every dusun; once one is chosen, it and its RTs below it (the first row goes back
        to every dusun)."""
        village = self.village
        if village is None:
            return
        ascii_only = self.app.has_class("-ascii")
        rows: list[tuple[str, Tally]] = [(t("outreach.all_dusun"), village.total)]
        self.areas = [()]
        if len(self.area) < 2:
            for key, tally in village.level("dusun"):
                rows.append((key[1] or "-", tally))
                self.areas.append(key)
        else:
            dusun = self.area[:2]
            rows.append((dusun[1] or "-", village.areas[dusun]))
            self.areas.append(dusun)
            for key, tally in village.level("rt", dusun):
                rows.append((f"  RW{key[2] or '-'}/RT{key[3] or '-'}", tally))
                self.areas.append(key)
        table = self.query_one("#outreach-areas", DataTable)
        table.clear()
        table.add_rows([
            (name[:14], str(tally.residents),
             bar_to_goal(tally.coverage_pct, rules.VILLAGE_RECOGNISED_PCT, BAR, ascii_only),
             f"{tally.coverage_pct:.1f}%", f"{tally.active_pct:.0f}%", str(tally.families_lacking))
            for name, tally in rows
        ])  # fmt: skip
        if self.area in self.areas:
            table.move_cursor(row=self.areas.index(self.area))

    def _list(self) -> None:
        from kiosk.followup.outreach import Filter

        if self.village is None:
            return
        way = WAYS[self.way]
        region, dusun, rw, rt = (*self.area, None, None, None, None)[:4]
        self.targets = self.village.targets(
            Filter(region=region, dusun=dusun, rw=rw, rt=rt, route=way)
        )
        where = t("outreach.all_dusun")
        if dusun is not None:
            where = f"{t('outreach.level.dusun')} {dusun or '-'}"
        if rt is not None:
            where += f" RW {rw or '-'} RT {rt or '-'}"
        said = t("outreach.filter", where=where, way=_way_words(way), count=len(self.targets))
        if len(self.targets) > SHOWN_MAX:
            said += " " + t("outreach.first_shown", count=SHOWN_MAX)
        self.query_one("#outreach-filter", Static).update(said)
        table = self.query_one("#outreach-targets", DataTable)
        table.clear()
        table.add_rows([self._row(h) for h in self.targets[:SHOWN_MAX]])
        self.refresh_bindings()

    @staticmethod
    def _row(h: Household) -> tuple[str, ...]:
        visit = ""
        if h.visit is not None:
            visit = f"{h.visit.day:%d-%m} {t(f'visit.outcome.{h.visit.outcome}')}"
        way = t(f"outreach.short.{h.route}") if h.route else ""
        if h.open_case:
            way = t("outreach.short.case", kind=t(f"kind.{h.open_kind}"))
        return (f"{h.rw or '-'}/{h.rt or '-'}", h.head[:18], f"{len(h.lacking)}/{len(h.residents)}",
                way[:18], visit[:20])  # fmt: skip

    @on(DataTable.RowSelected, "#outreach-areas")
    def _choose_area(self, event: DataTable.RowSelected) -> None:
        self.area = self.areas[event.cursor_row]
        self._areas()
        self._list()
        if len(self.area) > 2:  # an RT: on to its families (a dusun: its RTs to choose from)
            self.query_one("#outreach-targets", DataTable).focus()

    @on(DataTable.RowSelected, "#outreach-targets")
    def _chosen_family(self) -> None:
        self.action_visit()

    def action_next_way(self) -> None:
        self.way = (self.way + 1) % len(WAYS)
        self._list()

    def _family(self) -> Household | None:
        table = self.query_one("#outreach-targets", DataTable)
        if not self.targets:
            show_message(self.query_one("#outreach-message", Static), t("outreach.none"))
            return None
        return self.targets[min(table.cursor_row, len(self.targets) - 1, SHOWN_MAX - 1)]

    def action_visit(self) -> None:
        family = self._family()
        if family is None:
            return

        def saved(done: bool | None) -> None:
            if done:
                show_message(self.query_one("#outreach-message", Static),
                             t("visit.saved", head=family.head), "info")  # fmt: skip
                self.action_refresh()

        self.kiosk.open_form("visit", family.family_id, family.head, self.agent,
                             self._remember, then=saved)  # fmt: skip

    def _remember(self, agent: str) -> None:
        self.agent = agent

    def action_register(self) -> None:
        family = self._family()
        if family is not None:
            self.kiosk.walk_to("kk", kk=family.kk, look_up=True)

    def action_coverage(self) -> None:
        self.kiosk.open_form("coverage")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_sheets(self) -> None:
        from screens.print_slip import print_job

        if self.village is None:
            return
        message = self.query_one("#outreach-message", Static)
        if len(self.targets) > PRINT_MAX:
            show_message(message, t("outreach.too_many", count=len(self.targets), most=PRINT_MAX))
            return
        print_job(self, message, _sheets, self.village, list(self.targets))
