"""The statement of the family's choice: one A4 page the family takes to the BPJS office when
their card names another FKTP than the one they chose at the desk.

It says who chose what and when (the audit's own dates), that the family consented, who
helped, and carries the case's QR. NIKs and the KK are masked as on the slip; the members'
JKN card numbers are printed whole, because the BPJS officer finds the participants by them
(they are the family's own, on the cards it carries anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.cases import fktp_remedy, store
from kiosk.desk import settings
from kiosk.papers import case_paper
from kiosk.papers.case_paper import Frame
from kiosk.papers.slip import SlipData
from kiosk.rules import casecode, ids, relations
from models import AuditEvent, Case, Facility, FktpChange


@dataclass(frozen=True)
class StatementRow:
    name: str
    nik_masked: str
    relation: str
    card: str  # the member's JKN card number, whole: the BPJS officer looks it up
    chosen: str  # the facility the family chose, by name and code ("" if already covered)


@dataclass(frozen=True)
class StatementData:
    slip: SlipData
    rows: tuple[StatementRow, ...]
    chosen_on: date | None  # when the operator recorded that the family chose it themselves
    consent_on: date | None
    # (name, the facility on the card, the one chosen), each by name and code
    differing: tuple[tuple[str, str, str], ...]
    change: FktpChange | None
    printed_on: date


def _named(session: Session, codes: set[str]) -> dict[str, str]:
    """Each facility code as the officer and the family read it: "Name (code)"."""
    found = session.exec(select(Facility.code, Facility.name).where(col(Facility.code).in_(codes)))
    named = {code: f"{name} ({code})" for code, name in found}
    return {code: named.get(code, code) for code in codes}


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
    members = store.members_of(session, case)
    codes = {m.chosen_fktp for m in members if m.chosen_fktp}
    codes |= {m.card_fktp for m in state.differing if m.card_fktp}
    named = _named(session, codes)
    rows = tuple(
        StatementRow(
            name=m.name, nik_masked=ids.mask_nik(m.nik), relation=relations.label(m.relation),
            card=ids.format_card(m.card_number or m.existing_card) or "-",
            chosen=named[m.chosen_fktp] if m.is_new and m.chosen_fktp else "",
        )
        for m in members
    )  # fmt: skip
    return StatementData(
        slip=slip.gather(session, case),
        rows=rows,
        chosen_on=_last_event_day(session, case.id, "fktp_chosen_by_family"),  # type: ignore[arg-type]
        consent_on=clock.to_local(case.consent_at).date() if case.consent_at else None,
        differing=tuple(
            (m.name, named.get(m.card_fktp, m.card_fktp), named.get(m.chosen_fktp, m.chosen_fktp))
            for m in state.differing
        ),
        change=state.change,
        printed_on=clock.today(),
    )


def render(d: StatementData) -> bytes:
    s = d.slip
    frame = Frame(s.desk_name, t("statement.title"), s.code, s.created, s.head_name,
                  s.kk_masked, s.training, s.operator, s.payload, d.printed_on)  # fmt: skip
    w = case_paper.head(frame)
    if s.address:
        w.text(s.address)
    w.gap()
    w.text(t("statement.members"), bold=True)
    widths = [46.0, 33.0, 24.0, 32.0, 45.0]
    w.row(
        [t("col.name"), t("label.nik"), t("col.relation"), t("label.card"),
         t("statement.col_fktp")],
        widths,
        bold=True,
    )  # fmt: skip
    for m in d.rows:
        w.row([m.name, m.nik_masked, m.relation, m.card, m.chosen or t("statement.covered")],
              widths)  # fmt: skip
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
    return case_paper.foot(w, frame)


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
