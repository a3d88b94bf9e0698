"""The people a desk served in a report's period, from the service log: by kind of service and
outcome (with the operators who served them), by what they came about, why what was not done
was not, how satisfied those asked were, and per day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kiosk.base.i18n import t
from kiosk.cases import service_log
from kiosk.followup.reports import ServiceRow
from models import CaseStatus


def service_lines(
    rows: Iterable[ServiceRow], kinds: Counter[tuple[str, str]] | None = None
) -> list[tuple[str, int, str]]:
    """(what, people, detail) in the log's own order, then the cases of other kinds than a
    registration by kind and status; nothing with a count of 0."""
    rows = list(rows)
    by_kind: dict[tuple[str, str], Counter[str]] = {}
    for r in rows:
        by_kind.setdefault((r.service, r.outcome), Counter())[r.operator or "-"] += 1
    lines: list[tuple[str, int, str]] = []
    for service in service_log.SERVICES:
        for outcome in service_log.OUTCOMES:
            operators = by_kind.get((service, outcome))
            if operators:
                what = t("report.service_kind", service=t(f"service.{service}"),
                         outcome=t(f"report.service.{outcome}"))  # fmt: skip
                detail = ", ".join(f"{name} {n}" for name, n in operators.most_common())
                lines.append((what, sum(operators.values()), detail))

    def counted(prefix: str, label: str, values: Counter[str], order: tuple[str, ...]) -> None:
        for value in order:
            if values[value]:
                lines.append((t(label, what=t(f"{prefix}.{value}")), values[value], ""))

    counted("topic", "report.service_topic", Counter(r.topic for r in rows), service_log.TOPICS)
    counted("ending", "report.service_not_done",
            Counter(r.reason for r in rows if r.outcome == "not_done"), service_log.NOT_DONE)  # fmt: skip
    counted("satisfaction", "report.service_satisfaction",
            Counter(r.satisfaction for r in rows), service_log.SATISFACTION)  # fmt: skip
    for day, n in sorted(Counter(r.day for r in rows).items()):
        lines.append((t("report.service_day", day=day.strftime("%d-%m-%Y")), n, ""))
    order = [s.value for s in CaseStatus]
    for (kind, status), n in sorted((kinds or Counter()).items(),
                                    key=lambda item: (item[0][0], order.index(item[0][1]))):  # fmt: skip
        what = t("report.kind_status", kind=t(f"kind.{kind}"), status=t(f"status.{status}"))
        lines.append((what, n, ""))
    return lines
