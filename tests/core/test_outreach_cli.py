"""`kiosk outreach`: the map and the families to visit, on the terminal and in files whose
numbers agree with each other and with the map."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from kiosk.base.database import open_database, session
from kiosk.followup import outreach
from kiosk.followup.outreach import Filter
from tests.helpers.cli import kiosk
from tests.helpers.papers import decode_qr, pdf_text


def test_the_terminal_the_csv_the_workbook_and_the_sheets_agree(
    demo_url: str, tmp_path: Path
) -> None:
    with session(open_database(demo_url)) as s:
        village = outreach.build(s)
    dusun = village.level("dusun")[0][0][1]
    targets = village.targets(Filter(dusun=dusun))
    pdf, sheet, book = tmp_path / "s.pdf", tmp_path / "s.csv", tmp_path / "s.xlsx"
    ran = kiosk("outreach", "--dusun", f"dusun {dusun.lower()}", "--pdf", str(pdf),
                "--csv", str(sheet), "--xlsx", str(book), db=demo_url)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    total = village.total
    assert f"Jumlah: {total.residents} penduduk, cakupan {total.coverage_pct:.1f}%" in ran.stdout
    assert f"{len(targets)} keluarga sasaran" in ran.stdout
    with sheet.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(targets) and {r["dusun"] for r in rows} == {dusun}
    assert [r["kepala_keluarga"] for r in rows] == [h.head for h in targets]
    assert sum(int(r["belum_aktif"]) for r in rows) == sum(len(h.lacking) for h in targets)
    assert all("*" in r["kk_masked"] for r in rows)
    sheets = load_workbook(book, read_only=True)
    areas = list(sheets.worksheets[0].iter_rows(values_only=True))
    village_row = next(r for r in areas[1:] if r[0] == "desa")
    assert village_row[5] == total.residents and village_row[11] == total.coverage_pct
    assert len(list(sheets.worksheets[1].iter_rows(values_only=True))) == len(targets) + 1
    text = pdf_text(pdf)
    assert text.count("Tidak di rumah") == len(targets)
    assert len(decode_qr(pdf, tmp_path)) == len(targets)
    again = kiosk("outreach", "--pdf", str(pdf), db=demo_url)
    assert again.returncode == 2 and "--force" in again.stderr
    assert kiosk("outreach", "--pdf", str(pdf), "--force", db=demo_url).returncode == 0


def test_a_dusun_not_in_the_village_names_those_that_are(demo_url: str) -> None:
    ran = kiosk("outreach", "--dusun", "Atlantis", db=demo_url)
    assert ran.returncode == 2 and "Dusun ATLANTIS tidak ada" in ran.stderr
    assert "LEGOK" in ran.stderr and ran.stdout == ""
    narrowed = kiosk("--lang", "en", "outreach", "--route", "self_paying", "--rt", "1",
                     db=demo_url)  # fmt: skip
    assert narrowed.returncode == 0 and "target families for this choice" in narrowed.stdout


def test_families_with_a_case_under_way_apart(demo_url: str, tmp_path: Path) -> None:
    with session(open_database(demo_url)) as s:
        village = outreach.build(s)
    under_way = village.targets(Filter(has_case=True))
    assert 0 < len(under_way) < len(village.targets())
    sheet = tmp_path / "k.csv"
    ran = kiosk("outreach", "--open-case", "yes", "--csv", str(sheet), db=demo_url)
    assert ran.returncode == 0, ran.stderr
    with sheet.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(under_way) and all(r["kasus_berjalan"] for r in rows)
    ran = kiosk("outreach", "--open-case", "no", db=demo_url)
    assert f"{len(village.targets()) - len(under_way)} keluarga sasaran" in ran.stdout
