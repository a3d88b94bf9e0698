"""The payment slip, the referral note and the route letter (Dinsos, a PBI proposal, the
regency's cover), as PDF (kiosk.papers.page), with the case's signed QR."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlmodel import Session

from kiosk.base import clock, i18n
from kiosk.base.config import slips_dir
from kiosk.base.errors import Problem, WorkflowError
from kiosk.base.i18n import t
from kiosk.desk import qrtoken, settings
from kiosk.papers.page import FORMATS, PageWriter, qr_matrix
from kiosk.rules import casecode, channels, ids, rates, relations, timing
from models import Case, CaseMember, CaseStatus, Family, Operator

if TYPE_CHECKING:
    from kiosk.cases.choices import FktpChoice


class Writer(Protocol):
    """What a slip is drawn on: a PDF page (kiosk.papers.page) or a thermal roll
    (kiosk.papers.escpos)."""

    def text(
        self, value: str, *, bold: bool = False, scale: float = 1.0, align: str = "L"
    ) -> None: ...
    def gap(self, lines: float = 0.5) -> None: ...
    def rule(self) -> None: ...
    def qr(self, matrix: list[list[bool]], caption: str) -> None: ...


@dataclass
class SlipMember:
    name: str
    nik_masked: str
    relation: str
    is_new: bool
    segment: str = ""
    card_masked: str = ""
    chosen_fktp: str = ""


@dataclass
class SlipData:
    desk_name: str
    code: str
    status: str
    created: date
    head_name: str
    kk_masked: str
    kelas: int | None
    per_person: int
    monthly_amount: int
    va_number: str
    facilities: list[FktpChoice]
    operator: str
    training: bool
    payload: str
    members: list[SlipMember] = field(default_factory=list)
    reason: str = ""
    reason_note: str = ""
    address: str = ""
    consent: str = ""  # who agreed to which notice, when
    route: str = ""  # a route other than self-paying: the letter for its office
    chosen_by: str = ""
    follow_up_on: date | None = None
    contact: str = ""  # how the family reaches the desk
    concerned: list[str] = field(default_factory=list)  # the members the route is for, as lines
    others: list[str] = field(default_factory=list)  # the rest of the family without cover
    outcome: str = ""  # how a closed case ended (kiosk.rules.routes.OUTCOMES)
    outcome_note: str = ""


def gather(session: Session, case: Case) -> SlipData:
    from kiosk.cases.choices import fktp_choices
    from kiosk.cases.store import members_of

    members: list[CaseMember] = members_of(session, case)
    concerned, others = _route_members(session, case) if case.route else ([], [])
    facilities = fktp_choices(session, case)
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    family = session.get(Family, case.family_id) if case.family_id else None
    url_prefix = settings.get(session, "qr_url_prefix")
    new_count = sum(1 for m in members if m.is_new)
    return SlipData(
        desk_name=settings.get(session, "desk_name"),
        code=case.code,
        status=case.status,
        created=timing.registered_on(case) or clock.to_local(case.created_at).date(),
        head_name=case.head_name,
        kk_masked=ids.mask_kk(case.kk_number),
        kelas=case.kelas,
        per_person=rates.rate(case.kelas).paid if case.kelas else 0,
        monthly_amount=case.monthly_amount
        or (rates.family_total(case.kelas, new_count) if case.kelas else 0),
        va_number=case.va_number,
        facilities=facilities,
        operator=operator.name if operator else "",
        training=case.gateway == "training",
        payload=qrtoken.make(session, case.code, url_prefix),
        members=[
            SlipMember(
                name=m.name,
                nik_masked=ids.mask_nik(m.nik),
                relation=relations.label(m.relation),
                is_new=m.is_new,
                segment=m.segment,
                card_masked=ids.mask_card(m.existing_card),
                chosen_fktp=m.chosen_fktp if m.is_new else "",
            )
            for m in members
        ],
        reason=case.reason,
        reason_note=case.reason_note,
        outcome=case.outcome,
        outcome_note=case.outcome_note,
        route=case.route,
        chosen_by=case.chosen_by,
        follow_up_on=case.follow_up_on,
        contact=settings.get(session, "desk_contact"),
        concerned=concerned,
        others=others,
        consent=t(
            "slip.consent",
            who=case.consent_by,
            version=case.consent_version,
            date=clock.to_local(case.consent_at).strftime("%d-%m-%Y"),
        )
        if case.consent_at and case.consent_by
        else "",
        address=" ".join(
            p
            for p in (
                family.address if family else "",
                f"RT {family.rt}/RW {family.rw}" if family and family.rt else "",
            )
            if p
        ),
    )


def _route_members(session: Session, case: Case) -> tuple[list[str], list[str]]:
    """Who the route is for, and the family's other members without active cover, one line
    each: name, masked NIK, and where their cover stands."""
    from kiosk.cases import routes

    found = routes.triage(session, case)
    inactive = {m.id: c for m, c in found.inactive}

    def line(m: CaseMember) -> str:
        claim = inactive.get(m.id)
        state = (
            t("letter.inactive", segment=claim.segment,
              since=clock.day_text(claim.inactive_since, "?"))
            if claim is not None
            else t("letter.uncovered")
        )  # fmt: skip
        return f"- {m.name}  {ids.mask_nik(m.nik)}  {state}"

    concerned = routes.concerned(found, case.route)
    others = [m for m in found.uncovered if m not in concerned]
    return [line(m) for m in concerned], [line(m) for m in others]


def _header(w: Writer, d: SlipData, title_key: str) -> None:
    if d.training:
        w.text(t("slip.training"), bold=True, scale=1.2, align="C")
    w.text(d.desk_name, bold=True, align="C")
    w.text(t(title_key), bold=True, scale=1.3, align="C")
    w.rule()
    w.text(
        t("slip.case", code=casecode.display(d.code), date=d.created.strftime("%d-%m-%Y")),
        bold=True,
    )
    w.text(t("slip.head", name=d.head_name or "-", kk=d.kk_masked))


def _slip_body(w: Writer, d: SlipData, matrix: list[list[bool]]) -> None:
    _header(w, d, "slip.title")
    w.gap()
    new = [m for m in d.members if m.is_new]
    covered = [m for m in d.members if not m.is_new]
    w.text(t("slip.new_members", count=len(new)), bold=True)
    for m in new:
        w.text(f"- {m.name}  {m.nik_masked}")
    if covered:
        w.text(t("slip.covered_members"), bold=True)
        for m in covered:
            w.text(f"- {m.name}  {m.segment}  {m.card_masked}")
    w.gap()
    kelas = rates.roman(d.kelas)
    w.text(
        t(
            "slip.amount",
            kelas=kelas,
            count=len(new),
            per=rates.rupiah(d.per_person),
            total=rates.rupiah(d.monthly_amount),
        ),
        bold=True,
    )
    w.rule()
    if d.va_number:
        w.text(t("slip.va"), bold=True)
        suffix = d.va_number[5:]
        for prefix, banks in ids.VA_PREFIXES.items():
            w.text(f"{', '.join(banks)}:", scale=0.9)
            w.text(ids.format_va(prefix + suffix), bold=True, scale=1.4)
        w.text(t("slip.how_to_pay"), bold=True)
        for way in channels.PAY_WAYS:
            w.text(t(f"pay.{way}"), scale=0.9)
    else:
        w.text(t("slip.va_waiting"), bold=True, scale=1.2)
    w.rule()
    w.text(t("slip.fktp"), bold=True)
    for choice in d.facilities:
        w.text(f"{choice.name} ({choice.code})")
        if choice.address:
            w.text(choice.address, scale=0.9)
        if len(d.facilities) > 1:  # chosen per member: say for whom
            w.text(t("slip.fktp_for", names=", ".join(choice.members)), scale=0.9)
    w.text(t("slip.fktp_chosen"), scale=0.9)
    w.gap()
    window = timing.payment_window(d.created)
    w.text(
        t(
            "slip.timing",
            first=window.opens.strftime("%d-%m-%Y"),
            last=window.closes.strftime("%d-%m-%Y"),
        ),
        scale=0.9,
    )
    w.text(t("slip.next"), scale=0.9)
    if d.va_number:  # a family that is to pay: what it agreed to, as BPJS's form says it
        w.text(t("slip.participation"), scale=0.9)
    w.gap()
    if d.consent:
        w.text(d.consent, scale=0.9)
    w.gap()
    w.text(t("slip.ask"), bold=True, scale=0.9)
    if d.contact:
        w.text(t("slip.ask_desk", desk=d.desk_name, contact=d.contact), scale=0.9)
    w.text(t("slip.ask_bpjs", care=channels.CARE_CENTER, pandawa=channels.PANDAWA), scale=0.9)
    w.text(t("slip.operator", name=d.operator or "-"), scale=0.9)
    w.qr(matrix, t("slip.qr_caption"))
    if d.training:
        w.text(t("slip.training"), bold=True, align="C")


def _referral_body(w: Writer, d: SlipData, matrix: list[list[bool]]) -> None:
    _header(w, d, "referral.title")
    w.gap()
    w.text(t("referral.reason", reason=t(f"reason.{d.reason}") if d.reason else "-"), bold=True)
    if d.reason_note:
        w.text(t("referral.note", note=d.reason_note))
    w.gap()
    place = "referral.to_bpjs" if d.reason == "kk_not_found_bpjs" else "referral.to_dukcapil"
    w.text(t(place))
    w.gap()
    w.text(t("referral.bring"), bold=True)
    w.text(t("referral.bring_list"))
    w.gap()
    w.text(t("referral.return"), scale=0.9)
    w.text(t("slip.operator", name=d.operator or "-"), scale=0.9)
    w.qr(matrix, t("slip.qr_caption"))


def _route_body(w: Writer, d: SlipData, matrix: list[list[bool]]) -> None:
    _header(w, d, f"letter.title.{d.route}")
    w.gap()
    w.text(t("letter.chosen", route=t(f"route.{d.route}"), who=d.chosen_by or "-"), bold=True)
    for line in d.concerned:
        w.text(line)
    if d.reason_note:
        w.text(t("referral.note", note=d.reason_note))
    if d.others:
        w.text(t("letter.others"), bold=True)
        for line in d.others:
            w.text(line)
    w.gap()
    w.text(t(f"letter.office.{d.route}"))
    w.gap()
    w.text(t("referral.bring"), bold=True)
    w.text(t(f"letter.bring.{d.route}"))
    w.gap()
    if d.follow_up_on is not None:
        w.text(t("letter.follow_up", date=d.follow_up_on.strftime("%d-%m-%Y")), bold=True)
    w.text(t("letter.contact", desk=d.desk_name, contact=d.contact or "-"), scale=0.9)
    w.text(t("letter.objection"), scale=0.9)
    w.text(t("slip.operator", name=d.operator or "-"), scale=0.9)
    w.qr(matrix, t("slip.qr_caption"))
    if d.training:
        w.text(t("slip.training"), bold=True, align="C")


# A case that ended without paying (cancelled, or closed by another office's answer): its
# paper says so at the top and the bottom, and holds no VA and no amount to pay.
ENDED = (CaseStatus.CANCELLED, CaseStatus.CLOSED)


def _ended_body(w: Writer, d: SlipData, matrix: list[list[bool]]) -> None:
    banner = t(f"slip.ended.{d.status}")
    w.text(banner, bold=True, scale=1.6, align="C")
    _header(w, d, f"slip.ended_title.{d.status}")
    w.gap()
    if d.status == CaseStatus.CANCELLED:
        why, note = (t(f"reason.{d.reason}") if d.reason else "-"), d.reason_note
    else:
        why, note = (t(f"outcome.{d.outcome}") if d.outcome else "-"), d.outcome_note
    w.text(t("slip.ended_reason", reason=why), bold=True)
    if note:
        w.text(t("referral.note", note=note))
    w.gap()
    w.text(t("slip.ended_no_payment"), bold=True)
    w.text(t("slip.operator", name=d.operator or "-"), scale=0.9)
    w.qr(matrix, t("slip.qr_caption"))
    w.text(banner, bold=True, scale=1.6, align="C")


def _draw(writer: Writer, data: SlipData) -> None:
    """The paper a case's status calls for (for a referred case its referral note, for a
    routed one the letter for the route's office), on a page or a thermal roll."""
    if data.status == CaseStatus.DRAFT:
        raise WorkflowError(Problem("slip.no_draft"))
    if data.status == CaseStatus.REFERRED:
        body = _referral_body
    elif data.status in ENDED:
        body = _ended_body
    elif data.route and data.status == CaseStatus.ROUTED:
        body = _route_body
    else:
        body = _slip_body
    body(writer, data, qr_matrix(data.payload))


def render(data: SlipData, fmt: str = "a4") -> bytes:
    """The slip as a PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    writer = PageWriter(fmt)
    _draw(writer, data)
    return writer.output()


def render_escpos(data: SlipData, fmt: str) -> bytes:
    """The same slip in ESC/POS, for a thermal printer as wide as `fmt`'s roll."""
    from kiosk.papers.escpos import EscPosWriter, dots_for

    writer = EscPosWriter(dots_for(fmt))
    _draw(writer, data)
    return writer.output()


def escpos_slip(session: Session, case: Case, fmt: str) -> bytes:
    """What a thermal printer is sent for `case`, in the slip language."""
    with i18n.speaking(settings.get(session, "slip_language")):
        return render_escpos(gather(session, case), fmt)


def save_slip(
    session: Session,
    case: Case,
    fmt: str = "a4",
    output: Path | None = None,
    *,
    replace: bool = False,
) -> Path:
    """Make the PDF and save it owner-only (under the data directory unless told where), in
    the slip language (the family's), not necessarily the operator's. A file named by the
    caller is not replaced unless `replace`; the kiosk's own copy of a slip is."""
    return save_with_escpos(session, case, fmt, output, replace=replace, escpos=False)[0]


def save_with_escpos(
    session: Session,
    case: Case,
    fmt: str,
    output: Path | None = None,
    *,
    replace: bool = False,
    escpos: bool = True,
) -> tuple[Path, bytes | None]:
    """`save_slip`, and the same paper in ESC/POS when `escpos`: drawn from one gathering
    of the case, so the roll and the PDF carry the same signed QR."""
    with i18n.speaking(settings.get(session, "slip_language")):
        data = gather(session, case)
        pdf = render(data, fmt)
        thermal = render_escpos(data, fmt) if escpos else None
    kind = {
        CaseStatus.REFERRED: "rujukan", CaseStatus.ROUTED: "pengantar",
        CaseStatus.CANCELLED: "batal", CaseStatus.CLOSED: "ditutup",
    }.get(CaseStatus(case.status), "slip")  # fmt: skip
    from kiosk.base.exports import write_private

    path = output or slips_dir() / f"{kind}-{casecode.display(case.code)}-{fmt}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path, thermal
