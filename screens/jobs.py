"""The one way a screen runs database work, and the one way a refusal reaches the operator.

A job is `job(session, *args)`, run in a worker thread so a key never waits on the database.
What it returns goes to `then` on the UI thread, if its screen is still shown. Jobs run one
at a time, in the order they were asked: on a busy PC a job's thread may start late, and the
step's save must not overtake the typed text kept just before it (nor that text overtake
the save and come back as "typed and not saved"). A rule's refusal (`WorkflowError`) is
said in the rule's own words: on the screen's message line when the screen passes
`refused`, else as a notice. Any other database error becomes a short
message, never a traceback (tracebacks show local values, and those may be personal data).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel

from kiosk.base.text import printable

T = TypeVar("T")
# KIOSK_STRICT=1 (the test suite): a screen helper's bug crashes the app instead of a toast.
STRICT = os.environ.get("KIOSK_STRICT") == "1"


class _Refused:
    """A walk step refused before it ran: the draft is held at another kiosk."""

    def __init__(self, message: str) -> None:
        self.message = message


class JobAnswered(Message):
    """A job's answer, posted from the jobs' thread to the app: handled on the UI thread in
    the order posted, and never waited for (the app may be closing)."""

    def __init__(self, answer: Callable[[], None]) -> None:
        super().__init__()
        self.answer = answer


class DatabaseJobs(App):
    """The app's side of database work for screens (the kiosk's app is one)."""

    engine: Any = None
    operator: Any = None
    open_draft: int | None = None
    _in_order: ThreadPoolExecutor | None = None

    def _jobs_thread(self) -> ThreadPoolExecutor:
        if self._in_order is None:
            self._in_order = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-db")
        return self._in_order

    def on_job_answered(self, message: JobAnswered) -> None:
        message.answer()

    def on_unmount(self) -> None:
        # Jobs already asked still run (the typed text kept as the kiosk quits); the thread
        # ends after them.
        if self._in_order is not None:
            self._in_order.shutdown(wait=False)
            self._in_order = None  # one asked later still runs, in a thread of its own

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice is text, never markup: a refusal may quote a name from a village file."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def session(self) -> Any:
        from kiosk.base.database import session

        return session(self.engine)

    def db(
        self,
        job: Callable[..., T],
        *args: Any,
        then: Callable[[T], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Run `job(session, *args)` in a thread; call `then(result)` back on the UI thread,
        or `refused(message)` when a rule said no."""
        # The screen the answer is for: the callback's own (a screen, or a widget on one),
        # else the one shown now. Not simply `self.screen`: a lock may switch screens
        # before a resumed screen asks for its data.
        owner = getattr(then, "__self__", None) or getattr(refused, "__self__", None)
        screen = getattr(owner, "screen", None) if owner is not None else self.screen

        def deliver(result: T) -> None:
            if then is not None and screen is self.screen:
                then(result)

        def say_refused(message: str) -> None:
            if refused is None:
                self.notify(message, severity="error", timeout=15)
            elif screen is self.screen:
                refused(message)

        def say_failed(problem: str) -> None:
            self.notify(problem, severity="error", timeout=15)

        def run() -> None:
            try:
                with self.session() as session:
                    result = job(session, *args)
            except Exception as exc:
                from kiosk.base.database import is_database_error
                from kiosk.base.errors import WorkflowError

                if isinstance(exc, WorkflowError):  # a rule said no: its own words
                    self.post_message(JobAnswered(partial(say_refused, exc.message)))
                    return
                if STRICT and not is_database_error(exc):
                    # A bug, not the database: under test it must fail the test, not
                    # become a message nobody reads.
                    raise
                from kiosk.base.db_problems import said

                url = str(self.engine.url) if self.engine is not None else ""
                problem = said(exc, url, "app.db_error")
                self.post_message(JobAnswered(partial(say_failed, problem)))
                return
            self.post_message(JobAnswered(partial(deliver, result)))

        # Ordered by the one thread. A worker on the UI loop waits for each job, so the app
        # (and the tests) see it running until its answer is posted; the worker's end (the
        # app closing) does not cancel a job already asked (shielded).
        done = asyncio.wrap_future(self._jobs_thread().submit(run))
        self.run_worker(asyncio.shield(done), group="db")

    def holder(self) -> Any:
        """This kiosk and its operator, as a draft's hold names them."""
        from kiosk.base import config
        from kiosk.cases.drafts import Holder

        return Holder(self.operator.id if self.operator else None, config.desk_identity())

    def walk_db(
        self,
        case_id: int | None,
        job: Callable[..., T],
        *args: Any,
        then: Callable[[T], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """`db` for a step that changes a draft: refused, and the operator sent home with the
        reason, if another kiosk has taken the draft over."""
        if case_id is None:
            self.db(job, *args, then=then, refused=refused)
            return
        holder = self.holder()

        def guarded(session: Any, *a: Any) -> Any:
            from kiosk.base.errors import WorkflowError
            from kiosk.cases import drafts

            try:
                drafts.guard(session, case_id, holder)
            except WorkflowError as exc:
                return _Refused(exc.message)
            return job(session, *a)

        screen = self.screen

        def deliver(result: Any) -> None:
            if isinstance(result, _Refused):
                self.draft_lost(result.message)
            elif then is not None and screen is self.screen:
                then(result)

        self.db(guarded, *args, then=deliver, refused=refused)

    def draft_lost(self, message: str) -> None:
        """The draft shown was taken over at another kiosk: home, with the reason."""
        self.open_draft = None
        self.go_home()
        self.notify(message, severity="error", timeout=20)

    def go_home(self) -> None:
        raise NotImplementedError
