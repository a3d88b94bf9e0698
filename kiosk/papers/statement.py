"""The statement of the family's choice: one A4 page the family takes to the BPJS office when
their card names another FKTP than the one they chose at the desk.

It says who chose what and when (the audit's own dates), that the family consented, who
helped, and carries the case's QR; personal numbers are masked as on the slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.cases import fktp_remedy
from kiosk.desk import settings
from kiosk.papers.page import PageWriter, qr_matrix
from kiosk.papers.slip import SlipData
from kiosk.rules import casecode
from models import AuditEvent, Case, FktpChange


@dataclass(frozen=True)
class StatementData:
    slip: SlipData
    chosen_on: date | None  # when the operator recorded that the family chose it themselves
    consent_on: date | None
    differing: tuple[tuple[str, str, str], ...]  # (name, code on the card, code chosen)
    change: FktpChange | None
    printed_on: date


def _last_event_day(session: Session, case_id: int, action: str) -> date | None:
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.case_id == case_id, AuditEvent.action == action)
        .order_by(col(AuditEvent.at).desc())
    ).first()
    return clock.to_local(event.at).date() if event is not None else None


def gather(session: Session, case: Case) -> StatementData:
    from kiosk.papers import slip

    state = fktp_remedy.remedy(session, case)
    return StatementData(
        slip=slip.gather(session, case),
        chosen_on=_last_event_day(session, case.id, "fktp_chosen_by_family"),  # type: ignore[arg-type]
        consent_on=clock.to_local(case.consent_at).date() if case.consent_at else None,
        differing=tuple((m.name, m.card_fktp, m.chosen_fktp) for m in state.differing),
        change=state.change,
        printed_on=clock.today(),
    )


def render(d: StatementData) -> bytes:
    s = d.slip
    w = PageWriter("a4")
    if s.training:
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(s.desk_name, bold=True, align="C")
    w.text(t("statement.title"), bold=True, scale=1.3, align="C")
    w.rule()
    w.text(t("slip.case", code=casecode.display(s.code), date=s.created.strftime("%d-%m-%Y")))
    w.text(t("slip.head", name=s.head_name or "-", kk=s.kk_masked), bold=True)
    if s.address:
        w.text(s.address)
    w.gap()
    w.text(t("statement.members"), bold=True)
    widths = [70.0, 45.0, 35.0, 30.0]
    w.row(
        [t("col.name"), t("label.nik"), t("col.relation"), t("statement.col_fktp")],
        widths,
        bold=True,
    )
    for m in s.members:
        w.row(
            [m.name, m.nik_masked, m.relation, m.chosen_fktp or t("statement.covered")],
            widths,
        )
    w.gap()
    w.text(t("statement.chosen"), bold=True)
    for choice in s.facilities:
        w.text(f"{choice.name} ({choice.code})", bold=True)
        if choice.address:
            w.text(choice.address, scale=0.9)
    w.gap()
    w.text(
        t(
            "statement.declared",
            chosen=clock.day_text(d.chosen_on),
            desk=s.desk_name,
            operator=s.operator or "-",
            consent=clock.day_text(d.consent_on),
        )
    )
    if d.differing:
        w.gap()
        w.text(t("statement.differs"), bold=True)
        for name, on_card, chosen in d.differing:
            w.text(t("statement.differs_row", name=name, card=on_card, chosen=chosen))
        w.text(t("statement.ask"))
    if d.change is not None:
        w.text(
            t(
                "statement.change",
                date=clock.day_text(d.change.requested_on),
                channel=t(f"channel.{d.change.channel}"),
                allowed=clock.day_text(d.change.allowed_from),
                effective=clock.day_text(d.change.effective_from),
            )
        )
    w.signatures(
        (t("statement.sign_family"), s.head_name), (t("statement.sign_operator"), s.operator)
    )
    w.gap()
    w.text(t("statement.printed", date=clock.day_text(d.printed_on)), scale=0.9)
    w.qr(qr_matrix(s.payload), t("slip.qr_caption"))
    if s.training:
        w.text(t("slip.training"), bold=True, align="C")
    return w.output()


def save(
    session: Session, case: Case, output: Path | None = None, *, replace: bool = False
) -> Path:
    """The statement as an owner-only PDF, in the family's (slip) language."""
    from kiosk.base.exports import write_private

    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(gather(session, case))
    path = output or slips_dir() / f"pernyataan-{casecode.display(case.code)}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path
