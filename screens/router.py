"""The walk and the forms in one table: which screen shows each step, where Esc goes from it,
which step of the bar it lights, and what follows it when the step is done.

The order of the walk's own steps is the draft's progress in the core (`store.STEPS`), so a
draft resumes where the walk would have gone: the bar and the next step are derived from it.
The side screens (a KK not found, carried over, typed by hand, referred) are the outcomes of
a step and name the step they belong to. Screens never import each other: they ask for a
step or a form by name, and the app imports its module when it is first shown.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from kiosk.cases.store import STEPS


@dataclass(frozen=True)
class Step:
    module: str
    cls: str
    bar: str = ""  # the step of the bar it belongs to ("" for none)
    back: str | None = None  # where Esc/F3 goes; None: home


WALK: dict[str, Step] = {
    "kk": Step("screens.walk.kk_lookup", "KKLookupScreen", "kk"),
    "not_found": Step("screens.walk.not_found", "NotFoundScreen", "kk", back="kk"),
    "carry_over": Step("screens.walk.carry_over", "CarryOverScreen", "kk", back="kk"),
    "manual": Step("screens.walk.manual_family", "ManualFamilyScreen", "kk", back="not_found"),
    "refer": Step("screens.walk.refer", "ReferScreen", "kk", back="not_found"),
    "members": Step("screens.walk.members", "MembersScreen", "members", back="kk"),
    "routes": Step("screens.walk.routes", "RoutesScreen", "members", back="members"),
    "fktp": Step("screens.walk.fktp", "FktpScreen", "fktp", back="members"),
    "contact": Step("screens.walk.contact", "ContactScreen", "contact", back="fktp"),
    "confirm": Step("screens.walk.confirm", "ConfirmScreen", "confirm", back="contact"),
    "done": Step("screens.walk.done", "DoneScreen"),
    # An arrears case (kiosk.cases.arrears_case): its terms, then the family's plan.
    "arrears": Step("screens.services.arrears", "ArrearsScreen"),
    "arrears_plan": Step("screens.services.arrears_plan", "ArrearsPlanScreen", back="arrears"),
    # A data update (kiosk.cases.data_update): what changes, and how BPJS is asked.
    "update": Step("screens.services.data_update", "DataUpdateScreen"),
    # An FKTP or class change (kiosk.cases.change_request).
    "fktp_move": Step("screens.services.change", "FktpMoveScreen"),
    "class_move": Step("screens.services.change", "ClassMoveScreen"),
    # A member added to a family already in JKN (kiosk.cases.add_member).
    "newborn": Step("screens.services.newborn", "NewbornScreen"),
}
# The screen that shows a case past its draft, by the case's kind.
CASE_SCREENS = {
    "registration": "case", "arrears": "arrears_case", "data_update": "request_case",
    "fktp_change": "request_case", "class_change": "request_case", "add_member": "request_case",
}  # fmt: skip

# Forms and screens opened over the one shown.
FORMS: dict[str, tuple[str, str]] = {
    "member": ("screens.forms.member_form", "MemberForm"),
    "covered": ("screens.forms.covered_form", "CoveredForm"),
    "outcome": ("screens.forms.outcome_form", "OutcomeForm"),
    "bpjs_answer": ("screens.forms.bpjs_answer", "BpjsAnswerForm"),
    "cards": ("screens.forms.card_form", "CardForm"),
    "cancel": ("screens.forms.cancel_form", "CancelForm"),
    "correct": ("screens.forms.correct_form", "CorrectForm"),
    "payment": ("screens.forms.payment_form", "PaymentForm"),
    "fktp_change": ("screens.forms.fktp_change_form", "FktpChangeForm"),
    "service": ("screens.forms.service_form", "ServiceForm"),
    "services": ("screens.forms.services_menu", "ServicesMenu"),
    "arrears_case": ("screens.services.arrears_case", "ArrearsCaseScreen"),
    "request_case": ("screens.services.request_case", "RequestCaseScreen"),
    "instalment": ("screens.forms.instalment_form", "InstalmentForm"),
    "settings": ("screens.desk.settings", "SettingsScreen"),
    "case": ("screens.followup.case", "CaseScreen"),
    "handoff": ("screens.followup.handoff", "HandoffScreen"),
    "reports": ("screens.followup.reports", "ReportsScreen"),
    "outreach": ("screens.followup.outreach", "OutreachScreen"),
    "coverage": ("screens.followup.coverage", "CoverageScreen"),
    "visit": ("screens.forms.visit_form", "VisitForm"),
    "operators": ("screens.desk.operators", "OperatorsScreen"),
    "operator_add": ("screens.forms.operator_form", "OperatorForm"),
    "pin": ("screens.forms.pin_form", "PinForm"),
    "printer": ("screens.forms.printer_form", "PrinterForm"),
    "search": ("screens.forms.search_form", "SearchForm"),
    "audit": ("screens.desk.audit_view", "AuditScreen"),
    "help": ("screens.desk.help", "HelpScreen"),
}

# The bar of steps at the top of the walk: every step but done, and those that light another.
BAR = tuple(s for s in STEPS[:-1] if WALK[s].bar == s)


def next_step(name: str) -> str:
    """The step that follows a step of the walk once it is done."""
    return STEPS[STEPS.index(name if name in STEPS else WALK[name].bar) + 1]


def back_from(name: str) -> str | None:
    return WALK[name].back


def resume_at(step: str) -> str:
    """Where a draft that stopped at `step` opens again (done is no step to go back to)."""
    return step if step in WALK and step != "done" else "kk"


def screens() -> list[tuple[str, str]]:
    """(module, class) of every step and form, as the tables name them."""
    return [(step.module, step.cls) for step in WALK.values()] + list(FORMS.values())


def step_class(name: str) -> Any:
    """The screen class of a step, imported only when first shown."""
    step = WALK[name]
    return getattr(importlib.import_module(step.module), step.cls)


def form_class(name: str) -> Any:
    """The class of a form, imported only when first shown."""
    module, cls = FORMS[name]
    return getattr(importlib.import_module(module), cls)
