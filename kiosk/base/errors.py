"""What the core says back: a `Problem` (a catalogue key and its values), a `Check` of a typed
value, and `WorkflowError`, the one refusal the workflow raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.base.i18n import t


@dataclass(frozen=True)
class Problem:
    key: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return t(self.key, **self.params)


@dataclass
class Check:
    value: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.errors + self.warnings]

    @property
    def error(self) -> str | None:
        return self.errors[0].message if self.errors else None


class WorkflowError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem

    @property
    def message(self) -> str:
        return self.problem.message


def fail(key: str, **params: object) -> WorkflowError:
    return WorkflowError(Problem(key, params))
