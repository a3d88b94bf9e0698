"""Fields typed on a draft's step but not yet confirmed: kept, recalled, forgotten.

A step saves its fields a moment after the operator stops typing and when the kiosk locks,
so `kill -9`, a power cut, the idle lock and F12 all resume with what was on the screen.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlmodel import Session

from kiosk.base import clock
from models import TypedField

_T = TypedField.__table__  # type: ignore[attr-defined]
MAX_VALUE = 300


def keep(session: Session, case_id: int, step: str, values: dict[str, str]) -> None:
    """Store what the step's fields hold now (replacing what was kept before), one commit."""
    conn = session.connection()
    conn.execute(delete(_T).where(_T.c.case_id == case_id, _T.c.step == step))
    now = clock.utcnow()
    rows = [
        {"case_id": case_id, "step": step, "name": name[:20], "value": value[:MAX_VALUE],
         "updated_at": now}
        for name, value in values.items()
        if value
    ]  # fmt: skip
    if rows:
        conn.execute(_T.insert(), rows)
    session.commit()


def recall(session: Session, case_id: int, step: str) -> dict[str, str]:
    rows = session.connection().execute(
        select(_T.c.name, _T.c.value).where(_T.c.case_id == case_id, _T.c.step == step)
    )
    return {name: value for name, value in rows}


def forget(session: Session, case_id: int, step: str | None = None) -> None:
    """Drop what was kept for one step (it is done), or for every step (the case moved on).
    The caller commits."""
    where = [_T.c.case_id == case_id]
    if step is not None:
        where.append(_T.c.step == step)
    session.connection().execute(delete(_T).where(*where))


def unsaved_steps(session: Session, case_id: int) -> list[str]:
    """The walk's steps (and member forms: "m<id>", "m_new") holding text typed but not yet
    saved with the step's own key: what the confirmation must point out, since it shows
    (and submits) only what was saved. Forms on a case past the draft ("f_...") are not
    the walk's."""
    rows = session.connection().execute(
        select(_T.c.step).where(_T.c.case_id == case_id).distinct().order_by(_T.c.step)
    )
    return [step for (step,) in rows if not step.startswith("f_") and step != "confirm"]
