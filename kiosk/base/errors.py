"""The one error the workflow raises: a refusal the operator is told about in their language."""

from __future__ import annotations

from kiosk.rules.ids import Problem


class WorkflowError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem

    @property
    def message(self) -> str:
        return self.problem.message


def fail(key: str, **params: object) -> WorkflowError:
    return WorkflowError(Problem(key, params))
