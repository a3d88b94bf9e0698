"""CSV import: every row validated, all-or-nothing unless --skip-bad, idempotent upserts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.importing import bulk, rows
from kiosk.importing.cells import FileProblem
from kiosk.importing.report import ImportReport
from kiosk.importing.run import import_file
from models import Coverage, Facility, Family, Person
from tests.helpers import hostile_files
from tests.helpers.paths import FIXTURES
from tests.helpers.village_files import GOOD, HEADER


def write(tmp_path: Path, lines: list[str], name: str = "f.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def run(session: Session, kind: str, path: Path, **kw) -> ImportReport:  # type: ignore[no-untyped-def]
    return import_file(session, kind, path, **kw)


def test_good_families_file_imports_and_reimport_changes_nothing(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path, [HEADER, *GOOD])
    first = run(session, "families", path)
    assert (first.read, first.rejected, first.inserted, first.written) == (3, 0, 3, True)
    family = session.exec(select(Family)).one()
    assert (family.kk_number, family.rt, family.rw, family.region_code) == (
        "3205100102150007",
        "001",
        "002",
        "3205102003",
    )
    people = {p.nik: p for p in session.exec(select(Person))}
    assert people["3205104608850003"].birth_date.isoformat() == "1985-08-06"
    assert people["3205101503100001"].relation == 4
    assert people["3205100512800002"].name == "ASEP HIDAYAT"

    again = run(session, "families", path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert len(session.exec(select(Person)).all()) == 3


def test_changed_row_is_updated_not_duplicated(session: Session, tmp_path: Path) -> None:
    run(session, "families", write(tmp_path, [HEADER, *GOOD]))
    changed = GOOD[2].replace("Rizki Hidayat", "Rizky Hidayat")
    report = run(session, "families", write(tmp_path, [HEADER, GOOD[0], GOOD[1], changed], "g.csv"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 2)
    names = {p.name for p in session.exec(select(Person))}
    assert "RIZKY HIDAYAT" in names and "RIZKI HIDAYAT" not in names


@pytest.mark.parametrize("sample", [1, 50])  # the new row first: the chunk looks new, or not
def test_file_of_new_changed_and_unchanged_rows_counts_each(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: int
) -> None:
    monkeypatch.setattr(bulk, "_SAMPLE", sample)
    run(session, "families", write(tmp_path, [HEADER, GOOD[0], GOOD[1]]))
    changed = GOOD[1].replace("Euis Rahayu", "Euis Rahayuningsih")
    report = run(session, "families", write(tmp_path, [HEADER, GOOD[2], GOOD[0], changed], "g.csv"))
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 1)
    people = {p.nik: p.name for p in session.exec(select(Person))}
    assert len(people) == 3 and people["3205104608850003"] == "EUIS RAHAYUNINGSIH"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "3205100102150007,3205100512800009,Budi,X,Garut,1980-12-05,1,,,,3205102003",
            "Jenis kelamin harus L atau P",
        ),
        (
            "3205100102150007,3205100512800009,Budi,L,Garut,12/05/80,1,,,,3205102003",
            "Tanggal lahir tidak terbaca",
        ),
        (
            "3205100102150007,3205100512800009,Budi,L,Garut,1980-12-05,tetangga,,,,3205102003",
            "hubungan tidak dikenal",
        ),
        ("3205100102150007,0,Budi,L,Garut,1980-12-05,4,,,,3205102003", "NIK belum ada (0)"),
        (
            "3205100102150007,320510051280000,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "NIK harus 16 digit",
        ),
        (
            "3205100102150007,3.20510051280E+15,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "rusak oleh spreadsheet",
        ),
        (
            "3205100102150007,9905100512800009,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "Kode provinsi 99",
        ),
        (
            "3205100102150007,3205103212800009,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "harus 01-31, atau 41-71",
        ),
        (
            "3205100102150007,3205100512800000,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "tidak boleh 0000",
        ),
        (
            "320510010215000,3205100512800009,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "Nomor KK harus 16 digit",
        ),
        (
            "3205100102150007,3205100512800009,,L,Garut,1980-12-05,4,,,,3205102003",
            "Nama belum diisi",
        ),
        (
            "3205100102150007,3205100512800009,Budi 2,L,Garut,1980-12-05,4,,,,3205102003",
            "Nama tidak boleh berisi angka",
        ),
        (
            "3205100102150007,3205100512800009,Budi,L,Garut,1980-12-05,4,,,,32051",
            "Kode wilayah harus 6 digit",
        ),
        (
            "3205100102150007,3205100512800002,Budi,L,Garut,1980-12-05,4,,,,3205102003",
            "NIK sama dengan baris 2",
        ),
    ],
)
def test_each_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    session: Session, tmp_path: Path, row: str, reason: str
) -> None:
    report = run(session, "families", write(tmp_path, [HEADER, *GOOD, row]))
    assert report.rejected == 1
    assert len(report.lines) >= 1
    bad = [line for line in report.lines if "peringatan" not in line]
    assert bad[0].startswith("baris 5: ") and reason in bad[0], bad
    assert not report.written
    assert session.exec(select(Person)).all() == []


def test_every_member_of_a_family_with_a_bad_kk_is_rejected(
    session: Session, tmp_path: Path
) -> None:
    rows = [HEADER, *(line.replace("3205100102150007", "9905100102150007") for line in GOOD)]
    report = run(session, "families", write(tmp_path, rows), skip_bad=True)
    assert report.rejected == 3 and report.inserted == 0
    assert [line.split(":")[0] for line in report.lines] == ["baris 2", "baris 3", "baris 4"]
    assert all("Nomor KK" in line and "99" in line for line in report.lines), report.lines


@pytest.mark.parametrize("memo", [1, 4096])  # checked family cells forgotten at once, or kept
def test_member_with_other_family_fields_is_warned_and_the_first_kept(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo: int
) -> None:
    monkeypatch.setattr(rows, "_FAMILY_MEMO", memo)
    moved = GOOD[2].replace("KP. LEGOK,1,2", "KP. CIPARAY,3,2")
    sister = "3205100102150007,3205105503120002,Siti Hidayat,P,Garut,15-03-2012,4,KP. CIPARAY,3,2,3205102003"
    report = run(session, "families", write(tmp_path, [HEADER, GOOD[0], GOOD[1], moved, sister]))
    assert (report.rejected, report.inserted) == (0, 4)
    warned = [line for line in report.lines if "berbeda dengan baris 2" in line]
    assert [line.split(":")[0] for line in warned] == ["baris 4", "baris 5"]
    family = session.exec(select(Family)).one()
    assert (family.address, family.rt) == ("KP. LEGOK", "001")


def test_report_lines_never_show_a_full_nik(session: Session, tmp_path: Path) -> None:
    rows = [
        HEADER,
        GOOD[0],
        GOOD[0],
        "3205100102150007,3205103212800009,Budi,L,Garut,1980-12-05,4,,,,3205102003",
    ]
    report = run(session, "families", write(tmp_path, rows))
    text = "\n".join(report.lines)
    assert "3205100512800002" not in text and "3205103212800009" not in text


def test_skip_bad_imports_the_good_rows(session: Session, tmp_path: Path) -> None:
    bad = "3205100102150007,3205100512800009,Budi,X,Garut,1980-12-05,4,,,,3205102003"
    report = run(session, "families", write(tmp_path, [HEADER, *GOOD, bad]), skip_bad=True)
    assert (report.rejected, report.inserted, report.written) == (1, 3, True)
    assert len(session.exec(select(Person)).all()) == 3


def test_dry_run_writes_nothing_but_counts(session: Session, tmp_path: Path) -> None:
    report = run(session, "families", write(tmp_path, [HEADER, *GOOD]), dry_run=True)
    assert (report.inserted, report.written) == (3, False)
    assert session.exec(select(Person)).all() == []
    assert session.exec(select(Family)).all() == []


def test_warnings_are_reported_and_rows_accepted(session: Session, tmp_path: Path) -> None:
    # Declared sex P but the NIK says male; unknown kecamatan code in the KK.
    row = "3299100102150007,3205100512800009,Budi,P,Garut,1980-12-05,1,,,,3205102003"
    report = run(session, "families", write(tmp_path, [HEADER, row]))
    assert report.rejected == 0 and report.inserted == 1
    assert any(
        line.startswith("baris 2: peringatan: NIK menunjukkan laki-laki") for line in report.lines
    )
    assert any("Kode kecamatan 329910" in line for line in report.lines)


def test_semicolons_bom_and_separators(session: Session, tmp_path: Path) -> None:
    lines = [HEADER.replace(",", ";")] + [
        r.replace(",", ";").replace("3205100512800002", "3205.1005.1280.0002") for r in GOOD
    ]
    path = tmp_path / "semi.csv"
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    report = run(session, "families", path)
    assert report.rejected == 0 and report.inserted == 3
    assert session.exec(select(Person).where(Person.nik == "3205100512800002")).first() is not None


def test_default_region_from_setting(session: Session, tmp_path: Path) -> None:
    header = HEADER.removesuffix(",kode_wilayah")
    rows = [r.rsplit(",", 1)[0] for r in GOOD]
    report = run(session, "families", write(tmp_path, [header, *rows]))
    assert (
        report.rejected == 3
        and "Kode wilayah kosong" in report.lines[0]
        and "_" not in report.lines[0]
    )
    report = run(session, "families", write(tmp_path, [header, *rows]), default_region="3205102003")
    assert report.rejected == 0
    assert session.exec(select(Family)).one().region_code == "3205102003"


def test_opensid_export_imports_as_it_is(session: Session, tmp_path: Path) -> None:
    header = ("alamat,dusun,rw,rt,nama,no_kk,nik,sex,tempatlahir,tanggallahir,agama_id,kk_level,"
              "status_dasar,id_asuransi,no_asuransi")  # fmt: skip
    rows = [
        "JL. MAWAR,CIKEMBULAN,2,1,ASEP HIDAYAT,'3205100102150007,'3205100512800002,1,GARUT,05-12-1980,1,1,1,,",
        "JL. MAWAR,CIKEMBULAN,2,1,EUIS RAHAYU,3205100102150007,3205104608850003,2,GARUT,06/08/1985,1,3,1,2,0001234567890",
        "JL. MAWAR,CIKEMBULAN,2,1,ENTIN,3205100102150007,3205104608250003,PEREMPUAN,GARUT,06/08/1925,1,7,2,,",
        "JL. MAWAR,CIKEMBULAN,2,1,DEDI,3205100102150007,3205100512050004,1,GARUT,05-12-2005,1,4,PINDAH DALAM NEGERI,,",
    ]
    report = run(session, "families", write(tmp_path, [header, *rows]), default_region="3205102003")
    assert report.rejected == 0, report.lines
    # The deceased grandmother and the son who moved away are skipped, each in its own words.
    assert (report.inserted, report.skipped) == (2, 2)
    died, moved = (line for line in report.lines if "dilewati" in line)
    assert "meninggal" in died and "pindah" in moved and "meninggal" not in moved
    family = session.exec(select(Family)).one()
    assert family.address == "JL. MAWAR, DUSUN CIKEMBULAN" and family.rt == "001"
    assert family.dusun == "CIKEMBULAN"  # kept apart: outreach walks by it


def test_siak_columns_import(session: Session, tmp_path: Path) -> None:
    header = (
        "Nomor KK;NIK;Nama Penduduk;Status;Tempat Lahir;Tanggal Lahir;Kelamin;SHDK;Alamat;RW;RT"
    )
    rows = [
        "3205100102150007;3205100512800002;ASEP HIDAYAT;Hidup;GARUT;05-12-1980;Laki-Laki;Kepala Keluarga;DSN JIWET;8;1",
        "3205100102150007;3205104608850003;EUIS RAHAYU;Hidup;GARUT;06-08-1985;Perempuan;Istri;DSN JIWET;8;1",
    ]
    report = run(session, "families", write(tmp_path, [header, *rows]), default_region="3205102003")
    assert report.rejected == 0, report.lines
    assert report.inserted == 2
    assert {p.relation for p in session.exec(select(Person))} == {1, 3}
    # SIAK writes the dusun into the address, after "DSN", as OpenSID reads it.
    assert session.exec(select(Family)).one().dusun == "JIWET"


def test_wrong_columns_and_unreadable_files(session: Session, tmp_path: Path) -> None:
    with pytest.raises(FileProblem) as missing:
        run(session, "families", write(tmp_path, ["nik,nama", "1,2"]))
    assert "no_kk" in missing.value.problem.message
    with pytest.raises(FileProblem) as encoding:
        run(session, "families", write(tmp_path, [HEADER, "Ã©"], encoding="utf-16"))
    assert "UTF-8" in encoding.value.problem.message
    with pytest.raises(FileProblem):
        run(session, "families", tmp_path / "nope.csv")


COVERAGE = "nik,no_kartu,segmen,kode_faskes"


def test_coverage_import(session: Session, tmp_path: Path) -> None:
    rows = [
        "3205100512800002,0001234567890,PBI-APBN,0403P001",
        "3205104608850003,0001234567891,pbi apbd,",
    ]
    report = run(session, "coverage", write(tmp_path, [COVERAGE, *rows]))
    assert (report.rejected, report.inserted) == (0, 2)
    assert {c.segment for c in session.exec(select(Coverage))} == {"PBI-APBN", "PBPU/BP Pemda"}
    assert run(session, "coverage", write(tmp_path, [COVERAGE, *rows])).unchanged == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("3205100512800002,000123456789,PBI-APBN,", "Nomor kartu JKN harus 13 digit"),
        ("3205100512800002,0001234567890,ASKES,", "segmen harus"),
        ("3205100512800002,0001234567890,PPU,04P001", "kode faskes harus 8 karakter"),
        ("3205104608850009,0001234567899,PPU,", "nomor kartu sama dengan baris 2"),
    ],
)
def test_bad_coverage_rows(session: Session, tmp_path: Path, row: str, reason: str) -> None:
    report = run(
        session, "coverage", write(tmp_path, [COVERAGE, "3205104608850003,0001234567899,PPU,", row])
    )
    assert report.rejected == 1 and reason in report.lines[-1], report.lines


FACILITIES = "kode,nama,jenis,alamat,kode_wilayah,telepon"


def test_facilities_import_and_bad_rows(session: Session, tmp_path: Path) -> None:
    rows = [
        "0403P001,Puskesmas Kadungora,Puskesmas,Jl. Raya Kadungora 1,320510,0262-123456",
        "0403D002,dr. Rina,DPP,Jl. Mawar 2,3205102003,",
        "0403X03,Klinik Salah,Klinik Pratama,,320510,",
        "0403K004,Klinik Aneh,Rumah Sakit,,320510,",
        "0403K005,,Klinik Pratama,,320510,",
        "0403K006,Klinik Baik,Klinik Pratama,,320510,telp kantor",
    ]
    report = run(session, "facilities", write(tmp_path, [FACILITIES, *rows]), skip_bad=True)
    assert report.rejected == 4 and report.inserted == 2
    reasons = "\n".join(report.lines)
    for expected in (
        "baris 4: kode faskes",
        "baris 5: jenis faskes",
        "baris 6: nama faskes",
        "baris 7: telepon",
    ):
        assert expected in reasons
    rina = session.get(Facility, "0403D002")
    assert rina is not None and rina.kind == "Dokter Praktik Perorangan"
    assert "dr. rina" in rina.search_text


def test_chunked_writes_keep_all_or_nothing(session: Session, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Chunks of 2 rows: the family spans two chunks, and the bad row comes after a written chunk.
    monkeypatch.setattr(bulk.Writer, "CHUNK", 2)
    bad = "3205100102150007,3205100512800009,Budi,X,Garut,1980-12-05,4,,,,3205102003"
    report = run(session, "families", write(tmp_path, [HEADER, *GOOD, bad]))
    assert report.rejected == 1 and not report.written and report.inserted == 0
    session.expire_all()
    assert session.exec(select(Person)).all() == []
    assert session.exec(select(Family)).all() == []
    report = run(
        session, "families", write(tmp_path, [HEADER, *GOOD, bad], "again.csv"), skip_bad=True
    )
    assert (report.inserted, report.written) == (3, True)
    people = session.exec(select(Person)).all()
    assert len(people) == 3 and len({p.family_id for p in people}) == 1
    again = run(session, "families", write(tmp_path, [HEADER, *GOOD], "third.csv"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)


def test_bytes_that_are_not_utf8_further_down_import_nothing(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk.Writer, "CHUNK", 2)  # rows before the bad bytes are written
    path = tmp_path / "latin1.csv"
    rows = [HEADER, *GOOD, GOOD[0].replace("Asep", "Ås\xe9p").replace("0002", "0009")]
    path.write_bytes("\n".join(rows[:-1]).encode() + b"\n" + rows[-1].encode("latin-1") + b"\n")
    with pytest.raises(FileProblem) as bad:
        run(session, "families", path)
    assert "UTF-8" in bad.value.problem.message
    assert session.exec(select(Person)).all() == []


def test_a_row_with_more_cells_than_the_header_is_rejected_not_shifted(
    session: Session, tmp_path: Path
) -> None:
    opensid = "alamat,nama,no_kk,nik,sex,tempatlahir,tanggallahir,kk_level,status_dasar"
    rows = [
        "Kp. Leuwigoong,ASEP,3205100102150007,3205100512800002,1,GARUT,05-12-1980,1,1",
        # An unquoted comma in the address: every later cell moves one column right.
        "Kp. Leuwigoong, Blok B,EUIS,3205100102150007,3205104608850003,2,GARUT,06-08-1985,3,1",
    ]
    path = write(tmp_path, [opensid, *rows])
    report = run(session, "families", path, default_region="3205102003")
    assert report.rejected == 1 and not report.written
    line = next(line for line in report.lines if line.startswith("baris 3"))
    assert "kolom lebih banyak" in line and "koma di alamat" in line
    assert session.exec(select(Person)).all() == []  # nothing imported, nobody dropped
    # With --skip-bad the good row goes in and the shifted one is still named, not lost.
    report = run(session, "families", path, default_region="3205102003", skip_bad=True)
    assert (report.inserted, report.rejected) == (1, 1)


def test_trailing_separators_are_accepted_and_short_rows_rejected(
    session: Session, tmp_path: Path
) -> None:
    rows = [HEADER, GOOD[0] + ",,", GOOD[1].rsplit(",", 2)[0]]
    report = run(session, "families", write(tmp_path, rows))
    assert report.rejected == 1
    assert any(line.startswith("baris 3") and "lebih sedikit" in line for line in report.lines)


def test_an_absent_optional_column_reads_empty_whatever_the_row_length(
    session: Session, tmp_path: Path
) -> None:
    # No status column: a row ending in a blank extra cell must not be read as a status.
    rows = [HEADER, GOOD[0] + ","]
    report = run(session, "families", write(tmp_path, rows))
    assert (report.inserted, report.skipped, report.rejected) == (1, 0, 0), report.lines


@pytest.mark.parametrize("kind", ["families", "coverage", "facilities"])
def test_nothing_printed_ever_holds_a_full_personal_number(
    session: Session, tmp_path: Path, kind: str
) -> None:
    """Shifted and misfilled rows, with NIKs, KKs and card numbers in every column."""
    import random
    import re

    headers = {
        "families": HEADER + ",status",
        "coverage": "nik,no_kartu,segmen,kode_faskes",
        "facilities": "kode,nama,jenis,kode_wilayah",
    }
    header = headers[kind]
    width = header.count(",") + 1
    numbers = ["3205100512800002", "3205100102150007", "0001234567890", "3205 1005 1280 0002"]
    rng = random.Random(7)
    lines = [header]
    for n in range(120):
        cells = [rng.choice(numbers) if rng.random() < 0.6 else "x" for _ in range(width)]
        cells = cells[: rng.choice([width - 1, width, width + 1])]  # shifted both ways
        if n % 3 == 0:
            cells = [rng.choice(numbers)] * width  # a number in every column
        lines.append(",".join(cells))
    report = run(session, kind, write(tmp_path, lines), default_region="3205102003")
    printed = "\n".join(report.lines)
    assert report.lines
    assert not re.search(r"\d{13}", printed.replace(" ", "").replace("-", "").replace(".", ""))


def test_a_date_that_does_not_exist_is_said_so(session: Session, tmp_path: Path) -> None:
    rows = [
        HEADER,
        GOOD[0].replace("1980-12-05", "1980-02-30"),
        GOOD[1].replace("06-08-1985", "6 Agt 85"),
    ]
    report = run(session, "families", write(tmp_path, rows))
    text = "\n".join(report.lines)
    assert "baris 2: Tanggal lahir 1980-02-30 tidak ada di kalender" in text
    assert "baris 3: Tanggal lahir tidak terbaca" in text


def test_a_birth_date_in_the_future_refuses_its_row(session: Session, tmp_path: Path) -> None:
    """A member of age -1 is a typing slip (2080 for 1980): refused, not imported with a
    warning; the rest of the file is unaffected."""
    rows = [HEADER, GOOD[0].replace("1980-12-05", "2080-12-05"), GOOD[1]]
    report = run(session, "families", write(tmp_path, rows))
    text = "\n".join(report.lines)
    assert "baris 2: tanggal lahir 2080-12-05 di masa depan" in text
    assert report.rejected == 1 and not report.written  # nothing until the row is fixed


def test_opensid_insurance_columns_become_coverage(session: Session, tmp_path: Path) -> None:
    from kiosk.registry.lookup import lookup_kk

    header = ("alamat,rw,rt,nama,no_kk,nik,sex,tempatlahir,tanggallahir,kk_level,"
              "status_dasar,id_asuransi,no_asuransi")  # fmt: skip
    kk = "3205100102150007"
    rows = [
        f"JL. MAWAR,2,1,ASEP,{kk},3205100512800002,1,GARUT,05-12-1980,1,1,1,",  # none
        f"JL. MAWAR,2,1,EUIS,{kk},3205104608850003,2,GARUT,06-08-1985,3,1,2,0001234567890",
        f"JL. MAWAR,2,1,RIZKI,{kk},3205101503100001,1,GARUT,15-03-2010,4,1,,0003344556677",
        f"JL. MAWAR,2,1,SITI,{kk},3205105503120001,2,GARUT,15-03-2012,4,1,3,12345",
        f"JL. MAWAR,2,1,DEDE,{kk},3205101503140001,1,GARUT,15-03-2014,4,1,99,0003344556678",
    ]
    report = run(session, "families", write(tmp_path, [header, *rows]), default_region="3205102003")
    assert report.rejected == 0, report.lines
    assert report.covered == 2 and "2 anggota dicatat sudah JKN" in report.summary()
    text = "\n".join(report.lines)
    assert "baris 5: peringatan: Nomor asuransi bukan nomor kartu JKN" in text
    assert "baris 6: peringatan: Jenis asuransi 99 bukan BPJS" in text
    covered = {m.name: m for m in lookup_kk(session, kk).members if m.listed}
    assert set(covered) == {"EUIS", "RIZKI"}  # shown as already in JKN: not billed
    segments = {c.nik: c.segment for c in session.exec(select(Coverage))}
    assert segments == {"3205104608850003": "PBI", "3205101503100001": "JKN"}
    # A coverage file's exact segment is not replaced by the broad one on a re-import.
    euis = session.exec(select(Coverage).where(Coverage.nik == "3205104608850003")).one()
    euis.segment = "PBI-APBD"
    session.add(euis)
    session.commit()
    again = run(session, "families", write(tmp_path, [header, *rows]), default_region="3205102003")
    assert again.covered == 0
    assert session.get(Coverage, euis.id).segment == "PBI-APBD"  # type: ignore[union-attr]


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "penduduk.xlsx") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_an_opensid_xlsx_imports_as_it_is(session: Session, tmp_path: Path) -> None:
    from datetime import datetime

    header = ["alamat", "rw", "rt", "nama", "no_kk", "nik", "sex", "tempatlahir",
              "tanggallahir", "kk_level", "status_dasar", "id_asuransi", "no_asuransi"]  # fmt: skip
    kk = "3205100102150007"
    rows = [
        header,
        # Dates as date cells, numbers as number cells, an empty last cell left out.
        [
            "JL. MAWAR",
            2,
            1,
            "ASEP",
            kk,
            "3205100512800002",
            1,
            "GARUT",
            datetime(1980, 12, 5),
            1,
            1,
        ],
        [
            "JL. MAWAR",
            2,
            1,
            "EUIS",
            kk,
            "3205104608850003",
            2,
            "GARUT",
            "06-08-1985",
            3,
            1,
            2,
            "0001234567890",
        ],
        [None] * 5,  # a blank row
        ["JL. MAWAR", 2, 1, "RIZKI", int(kk), "3205101503100001", 1, "GARUT", "2010-03-15", 4, 1],
    ]
    report = run(session, "families", _xlsx(tmp_path, rows), default_region="3205102003")
    assert report.rejected == 1 and not report.written, report.lines
    # The KK typed as a number in a spreadsheet may have lost its last digit: said, with the
    # spreadsheet's own row number.
    assert any(line.startswith("baris 5:") and "Teks" in line for line in report.lines)
    report = run(
        session, "families", _xlsx(tmp_path, rows), default_region="3205102003", skip_bad=True
    )
    assert (report.inserted, report.covered) == (2, 1)
    asep = session.exec(select(Person).where(Person.nik == "3205100512800002")).one()
    assert asep.birth_date.isoformat() == "1980-12-05"


def test_a_siak_xls_imports_and_a_nik_stored_as_a_number_is_refused(
    session: Session, tmp_path: Path
) -> None:
    fixture = FIXTURES / "siak-penduduk.xls"
    report = run(session, "families", fixture, skip_bad=True)
    assert (report.inserted, report.rejected) == (2, 1), report.lines
    assert any(line.startswith("baris 4:") and "kolom 2" in line for line in report.lines)
    euis = session.exec(select(Person).where(Person.nik == "3205104608850003")).one()
    assert euis.birth_date.isoformat() == "1985-08-06"


def test_a_broken_spreadsheet_is_one_message(tmp_path: Path, session: Session) -> None:
    for name, data in (
        ("rusak.xlsx", b"PK\\x03\\x04 not really"),
        ("rusak.xls", b"\\xd0\\xcf garbage"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(FileProblem) as raised:
            run(session, "families", path)
        assert raised.value.problem.key == "import.unreadable"


def test_a_siak_file_is_read_by_position_whatever_its_labels(
    session: Session, tmp_path: Path
) -> None:
    """SIAK's 37 columns as a desk's copy may label them: renamed, and with "Status Kawin"
    beside "Status". Known by A1 and AH1, read by position (formats/opensid-siak.md)."""
    labels = [f"Kolom {n}" for n in range(37)]
    labels[0], labels[33] = "Nomor KK", "Petugas Registrasi"
    labels[2], labels[6], labels[11], labels[12] = "Nama Lengkap", "JK", "Status", "Hub. Keluarga"
    header = ";".join(labels)

    def row(nik: str, name: str, status: str, sex: str, shdk: str) -> str:
        cells = [""] * 37
        cells[0], cells[1], cells[2], cells[3] = "3205100102150007", nik, name, status
        cells[4], cells[5], cells[6] = "GARUT", "05-12-1980", sex
        cells[11], cells[12] = "Kawin", shdk  # column L (status kawin) says Kawin
        cells[16], cells[17], cells[18] = "KP. SUKAMAJU DSN JIWET", "8", "1"
        return ";".join(cells)

    rows = [
        row("3205100512800002", "ASEP HIDAYAT", "Hidup", "Laki-Laki", "Kepala Keluarga"),
        row("3205104512800003", "EUIS RAHAYU", "Hidup", "Perempuan", "Istri"),
        row("3205100512400004", "KAKEK", "Mati", "Laki-Laki", "Orang Tua"),
    ]
    report = run(session, "families", write(tmp_path, [header, *rows]), default_region="3205102003")
    assert report.rejected == 0, report.lines
    assert (report.inserted, report.skipped) == (2, 1)  # column D, not L, says who is alive
    people = {p.nik: p for p in session.exec(select(Person))}
    assert people["3205104512800003"].relation == 3 and people["3205104512800003"].sex == "P"
    family = session.exec(select(Family)).one()
    assert (family.rt, family.rw) == ("001", "008") and "JIWET" in family.address


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (hostile_files.shared_strings_bomb, "simpan sebagai CSV"),
        (hostile_files.broken_sheet_xml, "tidak dapat dibaca"),
        (hostile_files.quoted_newlines, "tanda kutip"),
    ],
)
def test_a_file_made_to_hurt_is_refused_in_words(
    session: Session,
    tmp_path: Path,
    make,
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    suffix = ".csv" if make is hostile_files.quoted_newlines else ".xlsx"
    path = make(tmp_path / f"desa{suffix}")
    with pytest.raises(FileProblem) as refused:
        run(session, "families", path, skip_bad=True)
    assert says in refused.value.problem.message and path.name in refused.value.problem.message
    assert session.exec(select(Person)).all() == []


def test_a_damaged_xls_is_refused_in_words(session: Session, tmp_path: Path) -> None:
    path = hostile_files.damaged_xls(FIXTURES / "siak-penduduk.xls", tmp_path / "rusak.xls")
    with pytest.raises(FileProblem) as refused:
        run(session, "families", path)
    assert "rusak.xls tidak dapat dibaca" in refused.value.problem.message


def test_a_sheet_claiming_16384_columns_is_read_as_wide_as_its_header(
    session: Session, tmp_path: Path
) -> None:
    path = hostile_files.cell_bomb(tmp_path / "lebar.xlsx", rows=50)
    report = run(session, "families", path, skip_bad=True)
    assert report.rejected == 49 and not report.inserted  # the rows are no residents
    assert all("baris" in line for line in report.lines)


def test_a_stray_quote_under_skip_bad_names_every_line_it_swallowed(
    session: Session, tmp_path: Path
) -> None:
    broken = GOOD[1].replace("KP. LEGOK", '"KP. LEGOK')
    other = GOOD[0].replace("3205100512800002", "3205100512800003").replace("Asep", "Ujang")
    closing = GOOD[2].replace("Rizki Hidayat", 'Rizki" Hidayat')
    path = write(tmp_path, [HEADER, GOOD[0], broken, other, closing])
    report = run(session, "families", path, skip_bad=True)
    assert report.inserted == 1 and report.rejected == 1
    assert any(line.startswith("baris 3:") and "3 sampai 5" in line for line in report.lines)
