"""The arrears paper the family takes home: what BPJS bills, the two ways to pay it (all at
once, or New REHAB 2.0's instalments with their dates), the family's choice once made, and
what it must know first (when cover returns is unconfirmed; the inpatient penalty). One A4
page with the case's QR; the KK is masked as on every paper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.cases import arrears_case
from kiosk.cases.arrears_case import Figures
from kiosk.desk import qrtoken, settings
from kiosk.papers import case_paper
from kiosk.papers.case_paper import Frame
from kiosk.rules import arrears, casecode, ids, rates
from kiosk.rules.arrears import Instalment
from models import Case, CaseStatus, Operator


@dataclass(frozen=True)
class ArrearsData:
    desk_name: str
    code: str
    status: str
    created: date
    head_name: str
    kk_masked: str
    figures: Figures
    plan: str  # "" until the family chose
    chosen_by: str
    plan_start: date | None
    instalments: list[Instalment]  # the chosen plan's, else the one offered
    paid: int  # instalments paid so far
    operator: str
    training: bool
    payload: str
    printed_on: date


def gather(session: Session, case: Case) -> ArrearsData:
    found = arrears_case.figures(case)
    chosen = arrears_case.plan_of(case)
    offered = "full" if found.rehab_refused else "rehab"
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    return ArrearsData(
        desk_name=settings.get(session, "desk_name"), code=case.code, status=case.status,
        created=clock.to_local(case.created_at).date(), head_name=case.head_name,
        kk_masked=ids.mask_kk(case.kk_number), figures=found, plan=case.plan,
        chosen_by=case.chosen_by, plan_start=case.plan_start,
        instalments=chosen or found.plan(offered, clock.today()), paid=case.plan_paid,
        operator=operator.name if operator else "", training=case.gateway == "training",
        payload=qrtoken.make(session, case.code, settings.get(session, "qr_url_prefix")),
        printed_on=clock.today(),
    )  # fmt: skip


def render(d: ArrearsData) -> bytes:
    f = d.figures
    frame = Frame(d.desk_name, t("arrears.paper_title"), d.code, d.created, d.head_name,
                  d.kk_masked, d.training, d.operator, d.payload, d.printed_on)  # fmt: skip
    w = case_paper.head(frame)
    if d.status == CaseStatus.CANCELLED:  # never read as a bill to pay
        w.text(t("arrears.paper_cancelled"), bold=True, scale=1.2)
    w.gap()
    w.text(t("arrears.bill", months=f.months, billed=f.billed_months,
             monthly=rates.rupiah(f.monthly_total), persons=f.persons,
             kelas=rates.roman(f.kelas), bill=rates.rupiah(f.bill)))  # fmt: skip
    w.text(t("arrears.full", amount=rates.rupiah(f.bill + f.monthly_total)))
    if f.rehab_refused:
        w.text(t(f"arrears.rehab_{f.rehab_refused}", months=f.months))
    else:
        w.text(t("arrears.rehab_plan", count=f.rehab_count,
                 first=rates.rupiah(f.plan("rehab", d.plan_start or d.printed_on)[0].amount)))  # fmt: skip
    w.gap()
    if d.plan:
        w.text(t("arrears.paper_chosen", plan=t(f"arrears.choice_{d.plan}"), who=d.chosen_by,
                 date=clock.day_text(d.plan_start)), bold=True)  # fmt: skip
    else:
        w.text(t("arrears.paper_offered"), bold=True)
    widths = [12.0, 30.0, 40.0, 40.0, 40.0, 18.0]
    w.row([t("arrears.col_n"), t("arrears.col_due"), t("arrears.col_arrears"),
           t("arrears.col_current"), t("arrears.col_amount"), ""], widths, bold=True)  # fmt: skip
    for i in d.instalments:
        done = t("arrears.paper_paid") if d.plan and i.number <= d.paid else ""
        w.row([str(i.number), clock.day_text(i.due_on), rates.rupiah(i.arrears),
               rates.rupiah(i.current), rates.rupiah(i.amount), done], widths)  # fmt: skip
    w.gap()
    if d.status != CaseStatus.CANCELLED:
        w.text(t("arrears.paper_how"))
    w.text(t("arrears.cover_unconfirmed"), bold=True)
    w.text(t("participation.penalty", **arrears.penalty_terms()))
    return case_paper.foot(w, frame)


def save(
    session: Session, case: Case, output: Path | None = None, *, replace: bool = False
) -> Path:
    """The paper as an owner-only PDF, in the family's (slip) language."""
    from kiosk.base.exports import write_private

    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(gather(session, case))
    path = output or slips_dir() / f"tunggakan-{casecode.display(case.code)}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path
