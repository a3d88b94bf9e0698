"""The form for the BPJS office, read back as the office would read it: every field BPJS's
form asks, in its order, the family's values whole (the one paper that has them), every
member of the KK, the participant's consent and two places to sign; one A4 page for a family
of up to six; made only for a family still to be registered; audited."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from kiosk.base.errors import WorkflowError
from kiosk.cases import household, store, submission
from kiosk.cases.gateway import ManualGateway
from kiosk.papers import office_form
from kiosk.rules import casecode
from models import AuditEvent, Case, CaseMember, Family, Person
from tests.helpers.cli import kiosk
from tests.helpers.papers import pdf_text
from tests.helpers.race_workers import walk_to_submit
from tests.helpers.screens import demo_family

LABELS = (
    "Nomor KK", "Nama lengkap", "Pekerjaan", "Penghasilan per bulan", "Alamat", "RT/RW",
    "Kode pos", "Kelurahan/desa", "Kecamatan", "Kabupaten/kota", "Provinsi", "Nomor HP",
    "Email", "Nama bank", "Kelas perawatan", "Nomor rekening", "Nama pemilik rekening",
    "Faskes tingkat pertama", "Persetujuan peserta", "Peserta / kepala keluarga",
)  # fmt: skip


def _submitted(s: Session, kk: str) -> Case:
    case = household.begin(s, kk, None, "manual").case
    assert case is not None
    walk_to_submit(s, case)
    submission.submit(s, case, ManualGateway(), None)
    return case


def test_the_office_form_holds_every_field_and_the_family_whole(
    demo_session: Session, demo_url: str, tmp_path: Path
) -> None:
    s = demo_session
    case = _submitted(s, demo_family(s, covered=1, size=4))
    members = store.members_of(s, case)
    out = tmp_path / "formulir.pdf"
    made = kiosk("office-form", casecode.display(case.code), "-o", str(out), db=demo_url)
    assert made.returncode == 0, made.stderr
    assert "utuh" in made.stderr  # said: this paper has the numbers whole
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join(pdf_text(out).split())
    assert len(PdfReader(out).pages) == 1
    for label in LABELS:
        assert label in text, label
    # In the form's order: the KK before the occupation, the postcode before the village,
    # the bank before the account's holder.
    assert text.index("Nomor KK") < text.index("Pekerjaan") < text.index("Kode pos")
    assert text.index("Kode pos") < text.index("Kelurahan/desa")
    assert text.index("Nama bank") < text.index("Nama pemilik rekening")
    whole = [case.kk_number, *(m.nik for m in members)]
    whole += [m.existing_card for m in members if m.existing_card]
    assert all(number in text for number in whole)
    assert "Petani/Pekebun" in text and "44153" in text and "0403P001" in text
    for point in ("seumur hidup", "tanggal 10", "lebih dari 1 bulan", "45 hari", "dipinjamkan"):
        assert point in text, point
    s.expire_all()
    events = s.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert any(e.detail == f"office_form {case.code} formulir.pdf" for e in events)
    again = kiosk("office-form", case.code, "-o", str(out), db=demo_url)
    assert again.returncode == 2 and "--force" in again.stderr  # never replaced unasked


def test_a_family_of_six_fits_one_page_and_a_larger_one_goes_on(
    demo_session: Session, tmp_path: Path
) -> None:
    s = demo_session
    six = _submitted(s, demo_family(s, covered=0, size=6))
    path = office_form.save(s, six, tmp_path / "six.pdf")
    assert len(PdfReader(path).pages) == 1
    # Sixteen more (a household the village file lists apart): the form goes on a second page.
    family = s.exec(select(Family).where(Family.kk_number == six.kk_number)).one()
    template = s.exec(select(Person).where(Person.family_id == family.id)).first()
    assert template is not None
    case_members = store.members_of(s, six)
    for n in range(16):
        s.add(CaseMember(
            case_id=six.id, position=20 + n, nik=f"32051041011{n:05d}", name=f"TAMU {n}",
            sex="L", birth_date=template.birth_date, relation=11, is_new=True,
            chosen_fktp=case_members[0].chosen_fktp,
        ))  # fmt: skip
    s.commit()
    path = office_form.save(s, six, tmp_path / "twenty-two.pdf")
    pages = PdfReader(path).pages
    assert len(pages) == 2 and "TAMU 15" in pdf_text(path)
    # What the family signs stays on the page they sign: the consent is never split.
    second = " ".join(pages[1].extract_text().split())
    assert "Persetujuan peserta" in second and "seumur hidup" in second and "dipinjamkan" in second
    assert "halaman 2 dari 2" in second


def test_an_office_form_is_only_for_a_family_still_to_be_registered(
    demo_session: Session, demo_url: str
) -> None:
    s = demo_session
    active = s.exec(select(Case).where(Case.status == "active")).first()
    assert active is not None
    refused = kiosk("office-form", active.code, db=demo_url)
    assert refused.returncode == 1 and "belum terdaftar" in refused.stderr
    with pytest.raises(WorkflowError) as not_now:
        office_form.save(s, active)
    assert not_now.value.problem.key == "office.not_now"
