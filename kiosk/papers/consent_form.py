"""The consent form: the notice the family was shown, its version, who agreed and a line to
sign, on one A4 page (the slip says only who agreed to which version)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.i18n import t
from kiosk.cases import consent
from kiosk.desk import settings
from kiosk.papers.page import PageWriter
from kiosk.rules import casecode, ids
from models import Case, Operator


def render(session: Session, case: Case) -> bytes:
    version = case.consent_version or consent.NOTICE_VERSION
    w = PageWriter("a4")
    if case.gateway == "training":
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(settings.get(session, "desk_name"), bold=True, align="C")
    w.text(t("consentform.title"), bold=True, scale=1.3, align="C")
    w.text(t("consentform.version", version=version), align="C")
    w.rule()
    w.text(t("slip.case", code=casecode.display(case.code),
             date=clock.to_local(case.created_at).strftime("%d-%m-%Y")))  # fmt: skip
    w.text(t("slip.head", name=case.head_name or "-", kk=ids.mask_kk(case.kk_number)))
    w.gap()
    parts = consent.PARTS_OF.get(version, consent.PARTS)
    for part, line in zip(parts, consent.notice(session, version), strict=True):
        w.text(t(f"consentform.{part}"), bold=True)
        w.text(line)
        w.gap(0.5)
    w.gap()
    who = case.consent_by or consent.default_consenter(case)
    when = clock.to_local(case.consent_at).strftime("%d-%m-%Y") if case.consent_at else "........"
    w.text(t("consentform.agreed", who=who or "........", date=when), bold=True)
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    w.signatures(
        (t("consentform.sign"), who),
        (t("statement.sign_operator"), operator.name if operator else ""),
    )
    return w.output()


def save(session: Session, case: Case) -> Path:
    from kiosk.base.exports import write_private

    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(session, case)
    path = slips_dir() / f"persetujuan-{casecode.display(case.code)}.pdf"
    write_private(path, pdf, replace=True)
    return path
