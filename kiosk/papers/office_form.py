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
from models import Case, CaseStatus, Operator

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
    desk = settings.get(session, "desk_name")
    w = PageWriter("a4")
    # A large family runs over a page: each says whose form it is and which page.
    w.number_pages(desk, f"{t('office.title')} {casecode.display(case.code)}")
    if case.gateway == "training":
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(desk, bold=True, align="C")
    w.text(t("office.title"), bold=True, scale=1.3, align="C")
    w.text(t("office.subtitle"), align="C")
    w.text(t("office.whole_numbers"), bold=True, align="C")
    w.rule()
    made = clock.to_local(case.created_at).strftime("%d-%m-%Y")
    w.text(t("slip.case", code=casecode.display(case.code), date=made))
    _heading(w, "office.section_1")
    _pair(w, t("office.head_name"), case.head_name)
    _fields(w, found, SECTION_I)
    _members(w, session, case)
    _heading(w, "office.section_2")
    _fields(w, found, SECTION_II)
    _facilities(w, session, case, found)
    w.gap()
    w.keep(len(consent.PARTICIPATION) * 2 + 9)  # the consent and the signatures on one page
    w.text(t("office.consent_heading"), bold=True)
    for point in consent.participation_points():
        w.text(point)
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    w.signatures(
        (t("office.sign_head"), case.head_name),
        (t("statement.sign_operator"), operator.name if operator else ""),
    )
    return w.output()


def _heading(w: PageWriter, key: str) -> None:
    w.gap(0.5)
    w.text(t(key), bold=True)


def _pair(w: PageWriter, label: str, value: str) -> None:
    """A field's name and its value; "-" for a value the desk does not hold."""
    w.row([label, value or "-"], [_LABEL, 180 - _LABEL])


def _fields(w: PageWriter, found: dict[str, handoff.HandoffField], keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in found:
            _pair(w, t(found[key].label), found[key].value)


def _members(w: PageWriter, session: Session, case: Case) -> None:
    _heading(w, "office.members")
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
    from kiosk.cases.choices import needs_dentist

    _heading(w, "office.section_3")
    first = found.get("fktp")
    _pair(w, t("handoff.fktp"), first.value if first else "")
    dentist = found.get("dentist")
    if dentist is not None or needs_dentist(session, case):
        # BPJS asks a dentist where the FKTP has none: chosen at the desk, or at the office.
        _pair(w, t("office.dentist"), dentist.value if dentist else "." * 60)
    for field in found.values():
        if field.key.startswith("fktp:"):
            _pair(w, t("office.fktp_member", name=field.member), field.value)


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
