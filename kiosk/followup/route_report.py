"""How the families a desk served found their way into JKN, for a report's period: per route
(Dinsos reactivation, a PBI proposal, the regency's cover, self-paying) and outcome, with the
operators who served them; and the referrals by office and cause, open or closed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from kiosk.base.i18n import t
from kiosk.cases import lifecycle
from kiosk.rules import routes
from models import Case, CaseStatus


class Row(Protocol):
    case: Case
    operator: str


def _state(case: Case) -> str:
    """Where a routed family stands: waiting for the office's answer, or its outcome."""
    return case.outcome or "waiting"


def route_lines(rows: Iterable[Row]) -> list[tuple[str, int, str]]:
    """(what, families, by which operators) per route and state, then self-paying
    registrations, then referrals open and closed by cause; nothing with a count of 0."""
    by_state: dict[tuple[str, str], Counter[str]] = {}
    self_paying: Counter[str] = Counter()
    referrals: dict[tuple[str, str], Counter[str]] = {}
    for r in rows:
        case, who = r.case, r.operator or "-"
        if case.route:
            by_state.setdefault((case.route, _state(case)), Counter())[who] += 1
        if case.status in lifecycle.REGISTERED:
            self_paying[who] += 1
        if case.reason in lifecycle.REFERRAL_REASONS and case.status != CaseStatus.CANCELLED:
            state = "open" if case.status == CaseStatus.REFERRED and not case.outcome else "closed"
            referrals.setdefault((case.reason, state), Counter())[who] += 1

    def detail(operators: Counter[str]) -> str:
        return ", ".join(f"{name} {n}" for name, n in operators.most_common())

    lines: list[tuple[str, int, str]] = []
    for route in routes.OFFICE_ROUTES:
        for state in ("waiting", *routes.OUTCOMES):
            operators = by_state.get((route, state))
            if operators:
                what = t("report.route_state", route=t(f"route.{route}"),
                         state=t(f"report.route.{state}"))  # fmt: skip
                lines.append((what, sum(operators.values()), detail(operators)))
    if self_paying:
        lines.append((t("route.self_paying"), sum(self_paying.values()), detail(self_paying)))
    for reason in lifecycle.REFERRAL_REASONS:
        for state in ("open", "closed"):
            operators = referrals.get((reason, state))
            if operators:
                what = t("report.referral_state", reason=t(f"reason.{reason}"),
                         state=t(f"report.referral.{state}"))  # fmt: skip
                lines.append((what, sum(operators.values()), detail(operators)))
    return lines
