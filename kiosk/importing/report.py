"""What an import says back: rows imported and unchanged, each rejected row with its line and
reason, the warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.base.errors import Problem
from kiosk.base.i18n import t


@dataclass
class ImportReport:
    kind: str
    lines: list[str] = field(default_factory=list)
    read: int = 0
    rejected: int = 0
    skipped: int = 0  # not imported on purpose (e.g. a resident who has died)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    covered: int = 0  # members recorded as already in JKN from the file's insurance columns
    written: bool = False

    @property
    def accepted(self) -> int:
        return self.read - self.rejected - self.skipped

    def reject(self, line: int, problem: Problem) -> None:
        self.rejected += 1
        self.lines.append(t("import.line", line=line, reason=problem.message))

    def warn(self, line: int, problem: Problem) -> None:
        self.lines.append(t("import.line_warning", line=line, reason=problem.message))

    def summary(self) -> str:
        return t(
            "import.summary", read=self.read, accepted=self.accepted, rejected=self.rejected,
            skipped=self.skipped, inserted=self.inserted, updated=self.updated,
            unchanged=self.unchanged,
        ) + (t("import.summary_covered", count=self.covered) if self.covered else "")  # fmt: skip
