"""The paper for the BPJS office: every field BPJS's registration form asks (FORMULIR DAFTAR
ISIAN PESERTA, for a self-paying family), in its order, filled from what the desk collected,
every member of the KK, the participant's consent and two places to sign. A family that
arrives at the office with it, signed, is served in one visit.

The one paper with NIKs, the KK and card numbers whole: the office types them in. The kiosk
says so before it is made, and the trail records who made it.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.errors import fail
from kiosk.base.i18n import t
from kiosk.cases import consent, handoff
from kiosk.cases.store import members_of
from kiosk.desk import settings
from kiosk.papers.page import PageWriter
from kiosk.rules import casecode, relations
from kiosk.rules.reference import NEEDS_DENTIST
from models import Case, CaseStatus, Facility, Operator

# Section I (the participant and the address), II (bank and class), in the form's order; the
# members and section III (the FKTP) are drawn apart.
SECTION_I = ("kk", "occupation", "income", "address", "rt_rw", "postcode", "village",
             "kecamatan", "regency", "province", "phone", "email")  # fmt: skip
SECTION_II = ("bank", "kelas", "account", "holder")
# A family still to be registered: walking, handed to BPJS, or sent to its office.
FOR_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.VA_ISSUED, CaseStatus.REFERRED)
# The members' table, in mm across the A4 page's 180.
_WIDTHS = [7.0, 34.0, 44.0, 20.0, 8.0, 21.0, 46.0]
_LABEL = 58.0


def render(session: Session, case: Case) -> bytes:
    found = {f.key: f for f in handoff.fields(session, case)}
    w = PageWriter("a4")
    # A large family runs over a page: each says whose form it is and which page.
    w.number_pages(
        settings.get(session, "desk_name"), f"{t('office.title')} {casecode.display(case.code)}"
    )
    if case.gateway == "training":
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(settings.get(session, "desk_name"), bold=True, align="C")
    w.text(t("office.title"), bold=True, scale=1.3, align="C")
    w.text(t("office.subtitle"), align="C")
    w.text(t("office.whole_numbers"), bold=True, align="C")
    w.rule()
    made = clock.to_local(case.created_at).strftime("%d-%m-%Y")
    w.text(t("slip.case", code=casecode.display(case.code), date=made))
    _section(w, "office.section_1", [found[k] for k in SECTION_I if k in found], case)
    _members(w, session, case)
    _section(w, "office.section_2", [found[k] for k in SECTION_II if k in found], case)
    _facilities(w, session, case, found)
    w.gap()
    w.keep(len(consent.PARTICIPATION) * 2 + 9)  # the consent and the signatures on one page
    w.text(t("office.consent_heading"), bold=True)
    for n, point in enumerate(consent.PARTICIPATION, 1):
        w.text(f"{n}. {t(f'participation.{point}')}")
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    w.signatures(
        (t("office.sign_head"), case.head_name),
        (t("statement.sign_operator"), operator.name if operator else ""),
    )
    return w.output()


def _section(w: PageWriter, heading: str, fields: list[handoff.HandoffField], case: Case) -> None:
    w.gap(0.5)
    w.text(t(heading), bold=True)
    if heading == "office.section_1":
        w.row([t("office.head_name"), case.head_name or "-"], [_LABEL, 180 - _LABEL])
    for field in fields:
        w.row([t(field.label), field.value or "-"], [_LABEL, 180 - _LABEL])


def _members(w: PageWriter, session: Session, case: Case) -> None:
    w.gap(0.5)
    w.text(t("office.members"), bold=True)
    w.row([t(f"office.col.{c}") for c in ("no", "nik", "name", "relation", "sex", "born",
                                          "jkn")], _WIDTHS, bold=True)  # fmt: skip
    for n, m in enumerate(members_of(session, case), 1):
        if m.is_new:
            jkn = t("office.new", fktp=m.chosen_fktp or "-")
        else:
            jkn = t("office.registered", segment=m.segment or "-", card=m.existing_card or "-")
        w.row([str(n), m.nik, m.name, relations.label(m.relation), m.sex,
               m.birth_date.strftime("%d-%m-%Y"), jkn], _WIDTHS)  # fmt: skip


def _facilities(
    w: PageWriter, session: Session, case: Case, found: dict[str, handoff.HandoffField]
) -> None:
    w.gap(0.5)
    w.text(t("office.section_3"), bold=True)
    first = found.get("fktp")
    w.row([t("handoff.fktp"), first.value if first else "-"], [_LABEL, 180 - _LABEL])
    code = first.value.split(" ", 1)[0] if first else ""
    facility = session.get(Facility, code) if code else None
    dentist = found.get("dentist")
    if dentist is not None or (facility is not None and facility.kind in NEEDS_DENTIST):
        # BPJS asks a dentist where the FKTP has none: chosen at the desk, or at the office.
        w.row([t("office.dentist"), dentist.value if dentist else "." * 60],
              [_LABEL, 180 - _LABEL])  # fmt: skip
    for field in found.values():
        if field.key.startswith("fktp:"):
            w.row([t("office.fktp_member", name=field.member), field.value],
                  [_LABEL, 180 - _LABEL])  # fmt: skip


def save(
    session: Session, case: Case, output: Path | None = None, *, replace: bool = False
) -> Path:
    """The form as an owner-only PDF, in the family's (slip) language; refused for a case
    that is not on its way to registration, or whose data is gone."""
    from kiosk.base.exports import write_private

    if case.status not in FOR_STATUSES or case.purged_at is not None:
        raise fail("office.not_now", status=t(f"status.{case.status}"))

    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(session, case)
    path = output or slips_dir() / f"formulir-bpjs-{casecode.display(case.code)}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path
