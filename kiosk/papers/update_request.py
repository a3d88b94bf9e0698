"""The request for a data update, for the family to take to the BPJS office (or to keep, when
it is asked in Mobile JKN or by the care centre): who asks, what changes, what to bring. The
KK is masked; the new phone, email and address are printed whole (they are what is asked)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.desk import qrtoken, settings
from kiosk.papers.page import PageWriter, qr_matrix
from kiosk.rules import casecode, ids
from models import Case, CaseStatus, Operator


def render(session: Session, case: Case) -> bytes:
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    training = case.gateway == "training"
    w = PageWriter("a4")
    if training:
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(settings.get(session, "desk_name"), bold=True, align="C")
    w.text(t("update.paper_title"), bold=True, scale=1.3, align="C")
    w.rule()
    created = clock.to_local(case.created_at).date()
    w.text(t("slip.case", code=casecode.display(case.code), date=created.strftime("%d-%m-%Y")))
    w.text(t("slip.head", name=case.head_name or "-", kk=ids.mask_kk(case.kk_number)), bold=True)
    if case.status == CaseStatus.CANCELLED:
        w.text(t("update.paper_cancelled"), bold=True, scale=1.2)
    w.gap()
    w.text(t("update.paper_asks"), bold=True)
    for key, value in (("update.phone", ids.format_phone(case.phone)), ("update.email", case.email),
                       ("update.address", case.new_address)):  # fmt: skip
        if value:
            w.row([t(key), value], [45.0, 135.0])
    w.gap()
    w.text(t("update.paper_via", channel=t(f"channel.{case.channel}") if case.channel else "-"))
    w.text(t("update.paper_bring"))
    w.signatures((t("statement.sign_family"), case.head_name),
                 (t("statement.sign_operator"), operator.name if operator else ""))  # fmt: skip
    w.gap()
    w.text(t("statement.printed", date=clock.day_text(clock.today())), scale=0.9)
    payload = qrtoken.make(session, case.code, settings.get(session, "qr_url_prefix"))
    w.qr(qr_matrix(payload), t("slip.qr_caption"))
    if training:
        w.text(t("slip.training"), bold=True, align="C")
    return w.output()


def save(
    session: Session, case: Case, output: Path | None = None, *, replace: bool = False
) -> Path:
    """The request as an owner-only PDF, in the family's (slip) language."""
    from kiosk.base.exports import write_private

    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(session, case)
    path = output or slips_dir() / f"ubah-data-{casecode.display(case.code)}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path
