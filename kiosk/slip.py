"""The payment slip and the referral note, as PDF (fpdf2), with the case's signed QR.

Core fonts only (nothing embedded, so a slip is a few KB); text is folded to Latin-1.
The QR is drawn as vector rectangles, one per run of dark modules, with a fixed mask
pattern: crisp on a 203 dpi thermal head and quick to make. fpdf2 and qrcode are imported
here only, so nothing else pays for them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from kiosk import casecode, i18n, ids, qrtoken, rates, relations, settings
from kiosk.config import slips_dir
from kiosk.i18n import t
from models import Case, CaseMember, Family, Operator

if TYPE_CHECKING:
    from kiosk.registration import FktpChoice

# format -> (page width mm, page height mm or None for a roll, margin mm, font size pt, QR module mm)
FORMATS: dict[str, tuple[float, float | None, float, float, float]] = {
    "a4": (210, 297, 15, 10, 1.2),
    "a5": (148, 210, 10, 9, 1.0),
    "80mm": (80, None, 4, 8, 0.75),
    "58mm": (58, None, 3, 7, 0.75),
}
QUIET_ZONE = 4  # modules of white around the QR, as the standard asks


@dataclass
class SlipMember:
    name: str
    nik_masked: str
    relation: str
    is_new: bool
    segment: str = ""
    card_masked: str = ""


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


def gather(session: Session, case: Case) -> SlipData:
    from kiosk.registration import fktp_choices, members_of

    members: list[CaseMember] = members_of(session, case)
    facilities = fktp_choices(session, case)
    operator = session.get(Operator, case.operator_id) if case.operator_id else None
    family = session.get(Family, case.family_id) if case.family_id else None
    secret = settings.signing_secret(session)
    url_prefix = settings.get(session, "qr_url_prefix")
    new_count = sum(1 for m in members if m.is_new)
    return SlipData(
        desk_name=settings.get(session, "desk_name"),
        code=case.code,
        status=case.status,
        created=(case.submitted_at or case.created_at).date(),
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
        payload=qrtoken.make(case.code, secret, url_prefix),
        members=[
            SlipMember(
                name=m.name,
                nik_masked=ids.mask_nik(m.nik),
                relation=relations.label(m.relation),
                is_new=m.is_new,
                segment=m.segment,
                card_masked=ids.mask_card(m.existing_card),
            )
            for m in members
        ],
        reason=case.reason,
        reason_note=case.reason_note,
        address=" ".join(
            p
            for p in (
                family.address if family else "",
                f"RT {family.rt}/RW {family.rw}" if family and family.rt else "",
            )
            if p
        ),
    )


def latin1(text: str) -> str:
    """Core fonts speak Latin-1: fold accents, replace the rest."""
    folded = unicodedata.normalize("NFKD", text)
    return (
        "".join(ch for ch in folded if not unicodedata.combining(ch))
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def qr_matrix(payload: str) -> list[list[bool]]:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=0, mask_pattern=0)
    qr.add_data(payload, optimize=0)
    qr.make(fit=True)
    return qr.get_matrix()


class _Writer:
    """Lays the slip out as a list of drawing steps, then draws them on a page of the right size.

    Lines are wrapped here with the core font's width table and drawn with `cell`: fpdf's
    own `multi_cell` breaks lines letter by letter and costs several times more. Recording
    first also tells a roll's length before its page exists.
    """

    def __init__(self, fmt: str) -> None:
        from fpdf import FPDF

        width, page_h, margin, size, module = FORMATS[fmt]
        self.page_w, self.page_h = width, page_h
        self.size, self.module, self.margin = size, module, margin
        self.pdf = FPDF(unit="mm", format=(width, page_h or 297))
        self.pdf.set_margins(margin, margin, margin)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creator("JKN Kiosk")
        self.line_h = size * 0.45
        self.width = width - 2 * margin
        self.y = margin
        self.steps: list[tuple] = []

    def _font(self, bold: bool, scale: float) -> None:
        self.pdf.set_font("Helvetica", "B" if bold else "", self.size * scale)

    def _wrap(self, text: str) -> list[str]:
        # The core font's own width table (units of 1/1000 em), summed without fpdf's
        # per-call text parsing.
        widths: Any = self.pdf.current_font.cw  # type: ignore[union-attr]
        per_unit = self.pdf.font_size_pt / 1000 / self.pdf.k

        def width(s: str) -> float:
            return sum(widths.get(ch, 600) for ch in s) * per_unit

        self._width = width
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if line and width(candidate) > self.width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return lines

    def text(self, value: str, *, bold: bool = False, scale: float = 1.0, align: str = "L") -> None:
        self._font(bold, scale)
        height = self.line_h * scale
        for line in self._wrap(latin1(value)):
            offset = {
                "C": (self.width - self._width(line)) / 2,
                "R": self.width - self._width(line),
            }
            self.steps.append(("text", self.y, line, bold, scale, offset.get(align, 0.0)))
            self.y += height

    def rule(self) -> None:
        self.steps.append(("rule", self.y + 0.8))
        self.y += 2.0

    def gap(self, lines: float = 0.5) -> None:
        self.y += self.line_h * lines

    def qr(self, matrix: list[list[bool]], caption: str) -> None:
        m = self.module
        size = (len(matrix) + 2 * QUIET_ZONE) * m
        x0 = self.margin + (self.width - size) / 2 + QUIET_ZONE * m
        self.steps.append(("qr", x0, self.y + QUIET_ZONE * m, matrix))
        self.y += size
        self.text(caption, scale=0.85, align="C")

    def output(self) -> bytes:
        pdf = self.pdf
        height = self.page_h or self.y + self.margin
        pdf.add_page(format=(self.page_w, height))
        for step in self.steps:
            kind = step[0]
            if kind == "text":
                _, y, line, bold, scale, offset = step
                self._font(bold, scale)
                # `text` writes at a baseline with none of `cell`'s layout machinery.
                pdf.text(self.margin + offset, y + self.line_h * scale * 0.78, line)
            elif kind == "rule":
                pdf.line(self.margin, step[1], self.margin + self.width, step[1])
            else:
                self._draw_qr(*step[1:])
        return bytes(pdf.output())

    def _draw_qr(self, x0: float, y0: float, matrix: list[list[bool]]) -> None:
        """One filled path of rectangles, one per run of dark modules in a row.

        Written as raw PDF operators: a QR has ~150 runs and fpdf's `rect` costs ~20 us each.
        """
        pdf, m, k = self.pdf, self.module, self.pdf.k
        ops = []
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    x, y = (x0 + start * m) * k, (pdf.h - y0 - (r + 1) * m) * k
                    ops.append(f"{x:.2f} {y:.2f} {(c - start) * m * k:.2f} {m * k:.2f} re")
                else:
                    c += 1
        pdf._out("q 0 g " + " ".join(ops) + " f Q")


def _header(w: _Writer, d: SlipData, title_key: str) -> None:
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


def _slip_body(w: _Writer, d: SlipData, matrix: list[list[bool]]) -> None:
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
    first, last = d.created + timedelta(days=14), d.created + timedelta(days=30)
    w.text(
        t("slip.timing", first=first.strftime("%d-%m-%Y"), last=last.strftime("%d-%m-%Y")),
        scale=0.9,
    )
    w.text(t("slip.next"), scale=0.9)
    w.gap()
    w.text(t("slip.operator", name=d.operator or "-"), scale=0.9)
    w.qr(matrix, t("slip.qr_caption"))
    if d.training:
        w.text(t("slip.training"), bold=True, align="C")


def _referral_body(w: _Writer, d: SlipData, matrix: list[list[bool]]) -> None:
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


def warm_up() -> None:
    """Load fpdf2 and qrcode and make one throwaway page, so the first slip of a session
    costs only its own drawing (the kiosk calls this in a thread at confirmation)."""
    from fpdf import FPDF

    qr_matrix("0")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text="0")
    pdf.output()


def render(data: SlipData, fmt: str = "a4") -> bytes:
    """The PDF of a slip (or, for a referred case, of its referral note)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    body = _referral_body if data.status == "referred" else _slip_body
    writer = _Writer(fmt)
    body(writer, data, qr_matrix(data.payload))
    return writer.output()


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
    with i18n.speaking(settings.get(session, "slip_language")):
        pdf = render(gather(session, case), fmt)
    kind = "rujukan" if case.status == "referred" else "slip"
    from kiosk.exports import write_private

    path = output or slips_dir() / f"{kind}-{casecode.display(case.code)}-{fmt}.pdf"
    write_private(path, pdf, replace=replace or output is None)
    return path
