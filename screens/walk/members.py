"""Member review: everyone on the KK registers together; members already in JKN keep their cover."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.timer import Timer

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.rules import ids, relations, standing
from screens import keys
from screens.base import add_columns, show_message
from screens.form import MessageLine
from screens.plain import Static
from screens.plain_table import DataTable
from screens.step import WalkScreen
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from sqlmodel import Session

    from kiosk.cases.membership import MemberStanding
    from models import Case, CaseMember

Loaded = tuple["Case", list["CaseMember"], dict[int, "MemberStanding"], int]


def _load(session: Session, case_id: int) -> Loaded:
    from kiosk.cases import membership, store
    from kiosk.registry import coverage

    case = store.case_by_id(session, case_id)
    members = store.members_of(session, case)
    return case, members, membership.standings(session, members), coverage.window_days(session)


def source_words(source: str) -> str:
    """Where a claim came from, as the operator reads it: "daftar pbi.xlsx", "cek PANDAWA"."""
    kind, _, name = source.partition(":")
    if kind == "check":
        return t("source.check", channel=t(f"channel.{name}") if name else "?")
    if kind in ("file", "opensid", "demo"):
        return t(f"source.{kind}", name=name)
    return t("source.unknown")


def status_cell(member: CaseMember, held: MemberStanding) -> str:
    """The JKN column: new, kept off the bill with a card, or what must happen first."""
    state, segment = (
        held.standing.state,
        member.segment or (held.claim.segment if held.claim else ""),
    )
    if member.is_new and member.segment:
        return t("members.reported", segment=member.segment)  # BPJS says already registered
    if member.is_new:
        return t("members.self_paying") if held.claim and state != "none" else t("members.new")
    short = standing.SHORT_SEGMENT.get(segment, segment) or "JKN"
    if state == "check":
        return t("members.check", segment=short)
    if state == "inactive":
        return t("members.inactive_cell", segment=short)
    if member.existing_card:
        return f"{segment} {ids.mask_card(member.existing_card)[-5:]}"
    return t("members.card_needed", segment=segment)


def claim_words(held: MemberStanding, window: int) -> str:
    """The highlighted member's cover in one line: segment, source, date, and its verdict."""
    claim, standing = held.claim, held.standing
    if claim is None:
        return t("standing.unlisted") if standing.state == "none" else t("standing.no_claim")
    when = clock.day_text(claim.as_of, t("standing.date_unknown"))
    days = (clock.today() - claim.as_of).days if claim.as_of else None
    age = (
        "" if days is None else t("standing.today") if days == 0 else t("standing.days", days=days)
    )
    head = f"{claim.segment or 'JKN'}, {source_words(claim.source)} {when}{age}"
    if standing.state == "check":
        verdict = t(f"standing.why_{standing.why}", window=window)
    elif standing.state == "inactive":
        verdict = t("standing.inactive", since=clock.day_text(claim.inactive_since, "?"))
    elif standing.state == "none":
        verdict = t("standing.none")
    else:
        verdict = t("standing.covered")
    return f"{head}: {verdict}"


def _finish(session: Session, case_id: int) -> str:
    """The next step: the routes, when the family has a choice to make; else the FKTP."""
    from kiosk.cases import routes, store

    return routes.after_members(session, store.case_by_id(session, case_id))


def _revealed(session: Session, case_id: int, operator_id: int) -> None:
    from kiosk.desk import audit

    audit.record(session, "nik_revealed", case_id=case_id, operator_id=operator_id)
    session.commit()


class MembersScreen(WalkScreen):
    NAME = "members"
    TITLE_KEY = "members.title"
    BINDINGS = [
        *WalkScreen.BINDINGS,
        keys.key("new", "add", "key.add_member"),
        keys.key("choose", "covered", "key.covered"),
        keys.key("open", "edit", "key.edit"),
        keys.key("reveal", "reveal", "key.reveal"),
    ]

    def content(self) -> ComposeResult:
        yield Static("", id="family", classes="summary")
        yield from fitted_table("members")
        yield Static("", id="cover-detail", classes="hint")
        yield MessageLine("members-message")

    def on_mount(self) -> None:
        self.members: list = []
        self.held: dict[int, MemberStanding] = {}
        self.window = 90
        self.reveal = False
        self._mask_timer: Timer | None = None  # masks the revealed NIKs again
        table = self.query_one("#members", DataTable)
        add_columns(
            table,
            [
                (t("col.name"), 18),
                (t("label.nik"), 19),
                (t("col.relation"), 10),
                (t("col.age_sex"), 7),
                (t("col.jkn"), 15),
            ],
        )
        table.focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one load, and again after every form.
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: Loaded) -> None:
        case, members, self.held, self.window = loaded
        self.members = members
        table = self.query_one("#members", FittedTable)
        row = table.cursor_row
        table.clear()
        for m in members:
            status = status_cell(m, self.held[m.id or 0])
            nik = ids.group(m.nik) if self.reveal else ids.mask_nik(m.nik)
            years = f"{clock.age(m.birth_date)} {m.sex}"
            table.add_fitted((m.name, 18), nik, (relations.label(m.relation), 10), years, status)
        if members:
            table.move_cursor(row=min(row, len(members) - 1))
        self._detail()
        self.refresh_bindings()
        new = sum(1 for m in members if m.is_new)
        covered = sum(
            1 for m in members if not m.is_new and self.held[m.id or 0].standing.state == "covered"
        )
        pending = len(members) - new - covered
        family = t(
            "members.family", kk=ids.mask_kk(case.kk_number), count=len(members), new=new,
            covered=covered,
        )  # fmt: skip
        if pending:
            family += t("members.pending", pending=pending)
        self.query_one("#family", Static).update(family)
        if case.reason == "already_registered":
            show_message(
                self.query_one("#members-message", Static), t("members.already"), "warning"
            )

    @on(DataTable.RowHighlighted, "#members")
    def _detail(self) -> None:
        member = self._current()
        held = self.held.get(member.id) if member is not None and member.id else None
        words = claim_words(held, self.window) if held is not None else ""
        self.query_one("#cover-detail", Static).update(words)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("covered", "edit", "reveal"):
            return self._current() is not None
        return True

    def _current(self) -> CaseMember | None:
        if not getattr(self, "members", None):
            return None
        return self.members[self.query_one("#members", DataTable).cursor_row]

    def action_add(self) -> None:
        self.kiosk.open_form("member", self.draft_id, then=self._after_form)

    def action_edit(self) -> None:
        member = self._current()
        if member is not None:
            self.kiosk.open_form("member", self.draft_id, member, then=self._after_form)

    def action_covered(self) -> None:
        member = self._current()
        if member is not None:
            self.kiosk.open_form("covered", self.draft_id, member, then=self._after_form)

    def _after_form(self, changed: bool | None) -> None:
        if changed:
            show_message(self.query_one("#members-message", Static), "")
            self.reload()

    def on_screen_suspend(self) -> None:
        # Full NIKs never stay on screen once the operator moves on.
        self.reveal = False

    def action_reveal(self) -> None:
        self.reveal = not self.reveal
        if self.reveal:
            self.kiosk.db(_revealed, self.case_id, self.kiosk.operator.id)
            from kiosk.desk.settings import int_of

            # Masked again by itself: a desk faces a queue of neighbours.
            seconds = int_of(self.kiosk.settings, "reveal_seconds")
            if self._mask_timer is not None:  # an earlier reveal's timer: this one counts
                self._mask_timer.stop()
            self._mask_timer = self.set_timer(seconds, self._mask_again)
        self.reload()

    def _mask_again(self) -> None:
        self._mask_timer = None
        if self.reveal:
            self.reveal = False
            self.reload()

    def action_next(self) -> None:
        self.kiosk.walk_db(
            self.case_id, _finish, self.case_id, then=self._finished, refused=self._refused
        )

    def _finished(self, step: str) -> None:
        self.go(step)

    def _refused(self, error: str | None) -> None:
        if error:
            show_message(self.query_one("#members-message", Static), error)
