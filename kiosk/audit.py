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


def history(session: Session, case_id: int) -> list[tuple[AuditEvent, str]]:
    """A case's events, newest first, each with the name of the operator who did it."""
    from sqlmodel import col, select

    from models import Operator

    events = session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(col(AuditEvent.at).desc())
    ).all()
    names = {o.id: o.name for o in session.exec(select(Operator)).all()}
    return [(e, names.get(e.operator_id, "")) for e in events]


def describe(action: str, detail: str) -> str:
    """An audit event in the operator's words ("Status: Draf -> VA terbit (latihan)"),
    not its stored codes. Details never hold personal numbers in clear, so neither does this."""
    from kiosk.i18n import t

    if action == "status" and "->" in detail:
        move, _, extra = detail.partition(" ")
        old, _, new = move.partition("->")
        text = t("audit.status", old=_label("status", old), new=_label("status", new))
        if extra.startswith("fktp_mismatch x"):
            text += f" ({t('audit.card_differs', count=extra.rpartition('x')[2])})"
        elif extra:
            text += (
                f" ({_label('reason', extra) if extra not in _GATEWAYS else t(_GATEWAYS[extra])})"
            )
        return text
    if action in _DATED:
        day, _, extra = detail.partition(" ")
        shown = _dmy(day)
        if action == "paid_on":
            words = t("audit.outside_window") if extra else ""
        else:
            words = _label("channel", extra)
        return t(f"audit.{action}", date=shown, extra=words)
    if action == "gateway_refused":
        reason = detail.partition(" ")[0]
        return t("audit.gateway_refused", reason=_label("reason", reason))
    key = f"audit.{action}"
    text = t(key, detail=detail)
    return f"{action} {detail}".strip() if text == key else text


# Events whose detail is an ISO date and one more word (shown as DD-MM-YYYY and in words).
_DATED = ("paid_on", "fktp_change", "fktp_change_again")


def _dmy(iso: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso


_GATEWAYS = {"training": "audit.gateway_training", "manual": "audit.gateway_manual"}


def _label(kind: str, code: str) -> str:
    from kiosk.i18n import t

    key = f"{kind}.{code}"
    text = t(key)
    return code if text == key else text
