"""A case: status and history, members, class, amount, chosen FKTP, VA; what BPJS sent back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content

from kiosk.base import clock
from kiosk.base.i18n import t
from kiosk.cases import answers, lifecycle, store
from kiosk.cases.lifecycle import CaseStatus
from kiosk.desk import audit
from kiosk.rules import casecode, ids, rates, timing
from screens import keys
from screens.base import KioskScreen, add_columns, show_message
from screens.case_history import cancel_case, history_columns, show_history
from screens.form import MessageLine
from screens.plain import Label, Static, literal, styled
from screens.plain_table import DataTable
from screens.widgets.fitted_table import FittedTable, fitted_table

if TYPE_CHECKING:
    from kiosk.cases.fktp_remedy import Remedy
    from models import AuditEvent, Case, CaseMember

    Loaded = tuple[Case, list[CaseMember], list[tuple[AuditEvent, str]], Remedy]
    from sqlmodel import Session


def _load(session: Session, case_id: int) -> Loaded:
    from kiosk.cases import fktp_remedy

    case = store.case_by_id(session, case_id)
    members = store.members_of(session, case)
    remedy = fktp_remedy.remedy(session, case, members)
    return case, members, audit.history(session, case_id), remedy


def dates_line(case: Case, remedy: Remedy) -> str:
    """The dates that matter now: the payment window, the payment and the next due date,
    or where the FKTP change stands."""
    if case.status == CaseStatus.VA_ISSUED:
        registered = timing.registered_on(case)
        if registered is None:
            return ""
        window = timing.payment_window(registered)
        if window.state(clock.today()) == "overdue":
            return t("case.pay_expired", closes=clock.day_text(window.closes))
        return t(
            "case.pay_window",
            opens=clock.day_text(window.opens),
            closes=clock.day_text(window.closes),
        )
    paid = timing.paid_on(case)
    if case.status == CaseStatus.ACTIVE and remedy.differing:
        change = remedy.change
        if change is None:
            return t("case.change_allowed", date=clock.day_text(remedy.allowed_from))
        return t(
            "case.change_asked",
            date=clock.day_text(change.requested_on),
            channel=t(f"channel.{change.channel}"),
            effective=clock.day_text(change.effective_from),
        )
    if case.status in (CaseStatus.PAID, CaseStatus.ACTIVE) and paid is not None:
        return t(
            "case.paid_on",
            date=clock.day_text(paid),
            due=clock.day_text(timing.next_due(paid)),
            kelas=clock.day_text(timing.class_change_allowed_from(paid)),
        )
    return ""


def route_line(case: Case) -> str:
    """The route the family took, who chose it, and where it stands."""
    route = t(f"route.{case.route}")
    if case.outcome:
        return t("case.route_done", route=route, outcome=t(f"outcome.{case.outcome}"),
                 date=clock.day_text(case.outcome_on), note=case.outcome_note or "-")  # fmt: skip
    return t("case.route_open", route=route, who=case.chosen_by or "-",
             date=clock.day_text(case.follow_up_on))  # fmt: skip


def correction_line(events: list[tuple[AuditEvent, str]]) -> str:
    """The correction that brought the case where it is, in full (the history cuts it)."""
    moves = [(e, who) for e, who in events if e.action in ("status", "correction")]
    if not moves or moves[0][0].action != "correction":
        return ""
    event, who = moves[0]
    old, new, reason = audit.move(event.detail)
    return t(
        "case.corrected", date=clock.day_text(clock.to_local(event.at).date()), who=who or "-",
        old=t(f"status.{old}"), new=t(f"status.{new}"), reason=reason,
    )  # fmt: skip


class CaseScreen(KioskScreen):
    TITLE_KEY = "case.title"
    BINDINGS = [
        keys.back(),
        keys.key("open", "bpjs_answer", "key.bpjs_answer"),
        keys.key("print", "slip", "key.slip"),
        keys.key("open", "paid", "key.paid"),
        keys.key("cancel", "cancel_case", "key.cancel_case"),
        keys.key("cancel", "correct", "key.correct"),  # never offered beside cancelling
        keys.key("open", "cards", "key.cards"),
        keys.key("choose", "fktp_change", "key.fktp_change"),
        keys.key("open", "outcome", "key.outcome"),
        keys.key("reveal", "handoff", "key.handoff"),
        keys.key("copy", "copy", "key.copy", show=False),
        # The family's other services (a newborn, arrears...), its KK already given.
        keys.key("log", "services", "key.services", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None
        self.members: list = []
        self.remedy: Remedy | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="case-summary", classes="summary")
        yield from fitted_table("case-members")
        yield Label(t("case.history"))
        yield from fitted_table("case-history")
        yield MessageLine("case-message")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#case-members", DataTable),
            [
                (t("col.name"), 15),
                (t("label.nik"), 19),
                (t("col.jkn"), 14),
                (t("case.chosen"), 8),
                (t("case.on_card"), 14),
            ],
        )
        history_columns(self.query_one("#case-history", FittedTable))
        self.query_one("#case-members", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.kiosk.db(_load, self.case_id, then=self._show)

    def _show(self, loaded: Loaded) -> None:
        case, members, events, remedy = loaded
        self.case, self.members, self.remedy = case, members, remedy
        self.refresh_bindings()
        kelas = rates.roman(case.kelas)
        va = ids.format_va(case.va_number) if case.va_number else t("done.va_waiting")
        lines = [
            t(
                "case.line1",
                code=casecode.display(case.code),
                status=t(f"status.{case.status}"),
                head=case.head_name or "-",
            ),
            t(
                "case.line2",
                kk=ids.mask_kk(case.kk_number),
                kelas=kelas,
                amount=rates.rupiah(case.monthly_amount),
            ),
            styled("done.va", va=va),
        ]
        dates = dates_line(case, remedy)
        if dates:
            lines.append(dates)
        if case.reason:  # why it was referred, or why cancelled, with the note written
            said = "case.cancelled_why" if case.status == CaseStatus.CANCELLED else "done.referred"
            lines.append(t(said, reason=t(f"reason.{case.reason}")))
            if case.reason_note:
                lines.append(t("referral.note", note=case.reason_note))
        if case.route:
            lines.append(route_line(case))
        if corrected := correction_line(events):
            lines.append(corrected)
        if case.status in (CaseStatus.PAID, CaseStatus.ACTIVE) and not remedy.differing:
            lines.append(t("case.eid"))
        if case.gateway == "training":
            lines.append(t("confirm.training"))
        self.query_one("#case-summary", Static).update(Content("\n").join(map(literal, lines)))
        table = self.query_one("#case-members", FittedTable)
        table.clear()
        mismatch = False
        for m in members:
            if m.is_new:
                jkn = ids.mask_card(m.card_number)[-5:] if m.card_number else t("members.new")
            else:
                jkn = f"{m.segment} {ids.mask_card(m.existing_card)[-5:]}"
            differs = answers.card_differs(m)
            mismatch = mismatch or differs
            on_card = f"{m.card_fktp} {t('case.differs')}" if differs else m.card_fktp
            table.add_fitted(
                (m.name, 15),
                ids.mask_nik(m.nik),
                jkn,
                m.chosen_fktp if m.is_new else "",
                on_card,
            )
        show_history(self.query_one("#case-history", FittedTable), events)
        message = self.query_one("#case-message", Static)
        if mismatch:
            show_message(message, t("case.mismatch"), "warning")
        elif str(message.render()) == t("case.mismatch"):  # the new card matches now
            show_message(message, "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only what this case's status allows is offered (the lifecycle table decides).
        gated = {"bpjs_answer": "bpjs_answer", "paid": "paid", "cards": "cards",
                 "cancel_case": "cancel", "outcome": "outcome"}  # fmt: skip
        if self.case is None:
            return action not in (*gated, "fktp_change")
        # A card that differs: the change request, and the new card once it comes.
        differing = self.case.status == CaseStatus.ACTIVE and bool(
            self.remedy and self.remedy.differing
        )
        if action == "fktp_change" or (action == "cards" and differing):
            return differing
        if action == "handoff":  # BPJS's own form, filled from what the kiosk holds
            from kiosk.cases.handoff import HANDOFF_STATUSES

            return self.case.status in HANDOFF_STATUSES
        if action == "correct":  # a payment or a cancellation recorded by mistake
            return CaseStatus(self.case.status) in lifecycle.CORRECTIONS
        if action == "outcome":  # a route's answer, or a referred family come back
            from kiosk.cases.routes import outcomes_for

            return bool(outcomes_for(self.case))
        if action in gated:
            return gated[action] in lifecycle.allowed_actions(self.case.status)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_services(self) -> None:
        if self.case is not None and self.case.kk_number:
            self.kiosk.open_form("services", None, self.case.kk_number)

    def action_slip(self) -> None:
        from screens.print_slip import make_and_print

        make_and_print(self, self.case_id, self.query_one("#case-message", Static))

    def action_copy(self) -> None:
        if self.case is None:  # not loaded yet
            return
        from kiosk.cases.share import family_message
        from screens.clipboard import copy_for_family

        copy_for_family(self, self.query_one("#case-message", Static), family_message(self.case))

    def action_bpjs_answer(self) -> None:
        message = self.query_one("#case-message", Static)
        if self.case is None or self.case.status not in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
            show_message(message, t("case.answer_not_now"))
            return
        self.kiosk.open_form("bpjs_answer", self.case_id, self.members, then=self._changed)

    def action_paid(self) -> None:
        if self.case is None or self.case.status != CaseStatus.VA_ISSUED:
            show_message(self.query_one("#case-message", Static), t("case.paid_not_now"))
            return
        self.kiosk.open_form("payment", self.case, then=self._changed)

    def action_cards(self) -> None:
        if self.case is None or not self.check_action("cards", ()):
            show_message(self.query_one("#case-message", Static), t("case.cards_not_now"))
            return
        self.kiosk.open_form("cards", self.case_id, self.members, then=self._changed)

    def action_fktp_change(self) -> None:
        if self.case is None or not self.check_action("fktp_change", ()):
            show_message(self.query_one("#case-message", Static), t("case.change_not_now"))
            return
        self.kiosk.open_form("fktp_change", self.case, self.remedy, then=self._changed)

    def action_cancel_case(self) -> None:
        cancel_case(self, self.case, self.query_one("#case-message", Static), self._changed)

    def action_correct(self) -> None:
        from kiosk.cases.correction import refused

        message = self.query_one("#case-message", Static)
        if self.case is None:
            return
        problem = refused(self.case, self.kiosk.operator.role)
        if problem is not None:  # said before a reason is typed for nothing
            show_message(message, problem.message)
            return
        self.kiosk.open_form("correct", self.case, then=self._changed)

    def action_handoff(self) -> None:
        if self.case is not None and self.check_action("handoff", ()):
            self.kiosk.open_form("handoff", self.case_id, then=self._changed)

    def action_outcome(self) -> None:
        if self.case is None or not self.check_action("outcome", ()):
            show_message(self.query_one("#case-message", Static), t("route.not_routed"))
            return
        self.kiosk.open_form("outcome", self.case, then=self._answered)

    def _answered(self, changed: bool | None) -> None:
        if changed:
            self.kiosk.db(_load, self.case_id, then=self._after_answer)

    def _after_answer(self, loaded: Loaded) -> None:
        case = loaded[0]
        if case.status == CaseStatus.DRAFT:  # self-paying after all: the walk goes on
            self.kiosk.open_case(self.case_id, case.status, case.step)
            return
        self._show(loaded)

    def _changed(self, changed: bool | None) -> None:
        if changed:
            self.reload()
