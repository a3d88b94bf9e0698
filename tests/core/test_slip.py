"""Slips and referral notes: rendered to PNG and decoded with a real QR reader; text checked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from kiosk.base.i18n import t
from kiosk.cases.store import members_of
from kiosk.desk import qrtoken, settings
from kiosk.papers import page, slip
from models import Case
from tests.helpers.papers import decode_qr, pdf_text

FORMATS = list(page.FORMATS)
needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed"
)


def case_with(session: Session, status: str) -> Case:
    case = session.exec(select(Case).where(Case.status == status)).first()
    assert case is not None
    return case


@needs_pdftoppm
@pytest.mark.parametrize("fmt", FORMATS)
def test_slip_qr_decodes_verifies_and_opens_the_case(
    demo_session: Session, tmp_path: Path, fmt: str
) -> None:
    case = case_with(demo_session, "va_issued")
    path = slip.save_slip(demo_session, case, fmt, tmp_path / f"slip-{fmt}.pdf")
    payloads = decode_qr(path, tmp_path)
    assert len(payloads) == 1
    assert qrtoken.verify(demo_session, payloads[0]) == case.code
    opened = qrtoken.open_case(demo_session, payloads[0])
    assert opened is not None and opened.id == case.id
    # The payload holds no personal data: only the prefix, the case code, the key's id and
    # the signature.
    assert payloads[0].startswith(f"JKN2.{case.code}.") and len(payloads[0]) == 5 + 9 + 7 + 103


@pytest.mark.parametrize("fmt", FORMATS)
def test_slip_text_has_va_amount_fktp_and_no_full_numbers(
    demo_session: Session, tmp_path: Path, fmt: str
) -> None:
    case = case_with(demo_session, "va_issued")
    text = pdf_text(slip.save_slip(demo_session, case, fmt, tmp_path / "s.pdf"))
    flat = " ".join(text.split())
    assert "8888 " + case.va_number[5:9] in flat or case.va_number[:4] in flat
    grouped_va = " ".join(case.va_number[i : i + 4] for i in range(0, 16, 4))
    assert grouped_va in flat
    assert f"{case.monthly_amount:,}".replace(",", ".") in flat
    members = members_of(demo_session, case)
    for code in {m.chosen_fktp for m in members if m.is_new}:
        assert code in flat
    digits = "".join(ch for ch in text if ch.isdigit() or ch.isspace())
    compact = digits.replace(" ", "").replace("\n", " ")
    for m in members:
        assert m.nik not in compact
        assert not m.card_number or m.card_number not in compact
        assert not m.existing_card or m.existing_card not in compact
    assert case.kk_number not in compact
    assert "LATIHAN" in text  # a training case says so on every page


def test_slip_without_va_says_waiting_and_still_has_a_qr(
    demo_session: Session, tmp_path: Path
) -> None:
    case = case_with(demo_session, "submitted")
    path = slip.save_slip(demo_session, case, "80mm", tmp_path / "s.pdf")
    assert "VA menunggu" in pdf_text(path)
    if shutil.which("pdftoppm"):
        assert qrtoken.verify(demo_session, decode_qr(path, tmp_path)[0]) == case.code


def test_referral_note(demo_session: Session, tmp_path: Path) -> None:
    case = case_with(demo_session, "referred")
    text = pdf_text(slip.save_slip(demo_session, case, "a5", tmp_path / "r.pdf"))
    assert "Surat Rujukan" in text and case.head_name in text
    assert "Kartu Keluarga (KK) asli" in text
    assert ("Dukcapil" in text) or ("BPJS" in text)
    assert case.kk_number not in text.replace(" ", "")


def test_slips_are_small(demo_session: Session, tmp_path: Path) -> None:
    case = case_with(demo_session, "va_issued")
    for fmt in FORMATS:
        assert len(slip.render(slip.gather(demo_session, case), fmt)) <= 5 * 1024


def test_text_outside_latin1_is_folded() -> None:
    assert page.latin1("Siti Ṣāliḥah ✓") == "Siti Salihah ?"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p[:-1] + ("A" if p[-1] != "A" else "B"),  # signature altered
        lambda p: p[:-3],  # truncated
        lambda p: p.replace(p[5:13], "ZZZZZZZZ"),  # another case code
        lambda p: p[:14] + "AAAAAA" + p[20:],  # another key's id
        lambda p: "",
        lambda p: "JKN1.." + p[-13:],
    ],
)
def test_altered_payloads_are_refused(demo_session: Session, mutate) -> None:  # type: ignore[no-untyped-def]
    case = case_with(demo_session, "va_issued")
    assert qrtoken.verify(demo_session, mutate(qrtoken.make(demo_session, case.code))) is None


def test_url_prefix_and_bare_codes(demo_session: Session) -> None:
    case = case_with(demo_session, "va_issued")
    url = qrtoken.make(demo_session, case.code, "https://cikembulan.desa.id/jkn?k=")
    assert qrtoken.verify(demo_session, url) == case.code
    assert qrtoken.open_case(demo_session, case.code) is None  # verify wants a token
    bare = f"{case.code[:4]}-{case.code[4:]}".lower()
    assert qrtoken.open_case(demo_session, bare, allow_bare_code=True).id == case.id  # type: ignore[union-attr]


def test_the_slip_is_in_bahasa_indonesia_whatever_the_operator_reads(demo_session) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from kiosk.base import i18n
    from kiosk.papers import slip
    from models import Case

    def text_of(path: Path) -> str:
        return " ".join(p.extract_text() for p in PdfReader(path).pages)

    i18n.set_language("id")
    indonesian = i18n.t("slip.fktp")
    i18n.set_language("en")  # the operator reads English
    english = i18n.t("slip.fktp")
    assert indonesian != english
    case = demo_session.exec(select(Case).where(Case.status == "va_issued")).first()
    printed = text_of(slip.save_slip(demo_session, case, "a4"))
    assert indonesian in printed and english not in printed  # the family's paper is not
    assert i18n.language() == "en"  # and the operator's language was never switched
    settings.put(demo_session, "slip_language", "en")  # a desk that wants English slips
    demo_session.commit()
    assert english in text_of(slip.save_slip(demo_session, case, "a4"))


# The printable width of the cheap thermal heads: 384 dots (58 mm roll) and 576 dots (80 mm)
# at 203 dpi. What lies beyond it is not printed, or the driver shrinks the whole slip.
HEAD_MM = {"58mm": 48.0, "80mm": 72.0}


@pytest.mark.parametrize("fmt", sorted(HEAD_MM))
def test_a_roll_slip_prints_inside_the_thermal_head_s_width(
    demo_session: Session, tmp_path: Path, fmt: str
) -> None:
    from PIL import Image

    case = case_with(demo_session, "va_issued")
    case.head_name = "NYI RADEN SITI FATIMAH AZ-ZAHRA BINTI HAJI MUHAMMAD ABDURRAHMAN"
    path = slip.save_slip(demo_session, case, fmt, tmp_path / "s.pdf")
    dpi = 203
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-gray", str(path), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    image = Image.open(next(tmp_path.glob("p*.png")))
    dark = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert dark is not None
    page_w, head_w = page.FORMATS[fmt][0], HEAD_MM[fmt]
    # The head is centred on the roll: its edges in dots.
    left, right = (page_w - head_w) / 2 / 25.4 * dpi, (page_w + head_w) / 2 / 25.4 * dpi
    assert left - 1 <= dark[0] and dark[2] <= right + 1, (dark, left, right)  # 1 dot: edges
    assert case.head_name.split()[-1] in pdf_text(path)  # the long name is wrapped, not cut
    assert qrtoken.verify(demo_session, decode_qr(path, tmp_path)[0]) == case.code


def test_a_cancelled_case_s_paper_says_do_not_pay_and_holds_no_va(
    demo_session: Session, tmp_path: Path
) -> None:
    case = case_with(demo_session, "va_issued")
    va = case.va_number
    case.status, case.reason, case.reason_note = "cancelled", "duplicate", "sudah daftar kemarin"
    path = slip.save_slip(demo_session, case, "a4", tmp_path / "batal.pdf")
    text = pdf_text(path)
    assert text.count("DIBATALKAN - JANGAN DIBAYAR") == 2  # at the top and at the bottom
    assert "Slip Pembayaran" not in text and "per bulan" not in text
    assert va[5:] not in text.replace(" ", "")  # no VA number to pay into
    assert t("reason.duplicate") in text and "sudah daftar kemarin" in text
    assert slip.save_slip(demo_session, case).name.startswith("batal-")


def test_a_closed_case_s_paper_is_no_payment_slip(demo_session: Session, tmp_path: Path) -> None:
    case = case_with(demo_session, "va_issued")
    case.status, case.outcome, case.outcome_note = "closed", "refused", "bukan warga desil 1-5"
    text = pdf_text(slip.save_slip(demo_session, case, "80mm", tmp_path / "tutup.pdf"))
    flat = " ".join(text.split())  # a roll wraps the banner
    assert "DITUTUP - BUKAN SLIP PEMBAYARAN" in flat and "Rp" not in text
    assert "bukan warga desil 1-5" in text


def test_a_draft_has_no_slip(demo_session: Session, tmp_path: Path) -> None:
    from kiosk.base.errors import WorkflowError

    case = case_with(demo_session, "va_issued")
    case.status = "draft"
    with pytest.raises(WorkflowError) as refused:
        slip.save_slip(demo_session, case, "a4", tmp_path / "draf.pdf")
    assert "Draf belum punya slip" in refused.value.message
    assert not (tmp_path / "draf.pdf").exists()
