"""Audit trail: who did what to which case, and when. Details never hold personal numbers."""

from __future__ import annotations

from sqlmodel import Session

from kiosk import clock
from models import AuditEvent


def record(
    session: Session,
    action: str,
    *,
    case_id: int | None = None,
    operator_id: int | None = None,
    detail: str = "",
) -> None:
    session.add(
        AuditEvent(
            case_id=case_id,
            operator_id=operator_id,
            at=clock.utcnow(),
            action=action,
            detail=detail,
        )
    )
