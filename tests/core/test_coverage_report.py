"""The road a village has travelled: its cover recorded at each import and once a month, and the
report a village head shows, whose page, CSV and workbook carry the same numbers."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.followup import coverage_files, coverage_history, coverage_pdf, coverage_report, visits
from kiosk.followup.visits import Entry
from models import Coverage, CoverageSnapshot, Person
from tests.core.test_outreach import FRESH, family
from tests.helpers.cli import kiosk
from tests.helpers.papers import pdf_text


def test_a_month_s_record_follows_its_last_look(session: Session) -> None:
    family(session, "KAUM", "001", [("ASEP", FRESH), ("BUDI", None)])
    with clock.shifted(timedelta(days=40)):  # last month: its record stays as it was
        coverage_report.build(session)
    report = coverage_report.build(session)
    assert [p.coverage_pct for p in report.history] == [50.0, 50.0]
    budi = session.exec(select(Person).where(Person.name == "BUDI")).one()
    session.add(Coverage(nik=budi.nik, segment="PBPU", status="active", as_of=clock.today(),
                         source="check:care_165"))  # fmt: skip
    session.commit()
    coverage_report.build(session)
    taken = session.exec(select(CoverageSnapshot).order_by(CoverageSnapshot.taken_on)).all()
    assert [t.trigger for t in taken] == ["monthly", "monthly"]  # one a month, not one a look
    assert [(t.residents, t.covered, t.uncovered) for t in taken] == [(2, 1, 1), (2, 2, 0)]


def test_the_road_travelled_on_the_page_in_the_csv_and_in_the_workbook(
    session: Session, tmp_path: Path
) -> None:
    kaum = family(session, "KAUM", "001", [("ASEP", None), ("BUDI", None), ("CICI", FRESH)])
    family(session, "LEGOK", "002", [("DEDI", FRESH), ("EDI", FRESH)], rw="002")
    assert kaum.id is not None
    with clock.shifted(timedelta(days=40)):
        coverage_history.take(session, "import")  # KAUM at 1 of 3 then
        visits.record(session, kaum.id, Entry("will_come", "Bu Ani"), None)
    # Since: ASEP and BUDI registered elsewhere, as a check by hand found.
    for person in session.exec(select(Person).where(Person.name.in_(("ASEP", "BUDI")))):  # type: ignore[attr-defined]
        session.add(Coverage(nik=person.nik, segment="PBPU", status="active",
                             as_of=clock.today(), source="check:care_165"))  # fmt: skip
    session.commit()
    report = coverage_report.build(session, clock.today() - timedelta(days=60))
    assert [round(p.coverage_pct) for p in report.history] == [60, 100]  # 3 of 5, then 5 of 5
    rows = {r[0]: r for r in coverage_files.dusun_rows(report)}
    assert rows["KAUM"][1:5] == (3, 100.0, 33.3, 66.7)
    assert rows["LEGOK"][2:5] == (100.0, 100.0, 0.0)
    assert rows["DESA"][1:5] == (5, 100.0, 60.0, 40.0)
    assert [(agent, n) for _, agent, n, _ in report.weeks] == [("Bu Ani", 1)]
    pdf = coverage_pdf.save(report, "Desa Uji", tmp_path / "c.pdf", operator="sari")
    text = pdf_text(pdf)
    assert "Mengetahui, Kepala Desa" in text and "(sari)" in text
    assert "KAUM 3 100.0 33.3 66.7" in " ".join(text.split())
    assert "Bu Ani" in text and "akan datang 1" in text
    coverage_files.write_csv(report, tmp_path / "c.csv")
    with (tmp_path / "c.csv").open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    assert ["KAUM", "3", "100.0", "33.3", "66.7", "100.0", "0"] in lines
    coverage_files.write_xlsx(report, tmp_path / "c.xlsx")
    book = load_workbook(tmp_path / "c.xlsx", read_only=True)
    first = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert ["KAUM", 3, 100, 33.3, 66.7, 100, 0] in first
    assert len(list(book.worksheets[2].iter_rows(values_only=True))) == 3  # header, 2 days
    status = {r[0]: r[1] for r in book.worksheets[1].iter_rows(values_only=True)}
    assert status["aktif: PPU"] == 3 and status["aktif: PBPU"] == 2  # every resident active now
    assert status["tidak ada data JKN"] == 0


def test_an_import_records_where_the_village_stood(demo_url: str, tmp_path: Path) -> None:
    listed = tmp_path / "cakupan.csv"
    listed.write_text("nik,no_kartu,segmen,status\n", encoding="utf-8")
    done = kiosk("import", "coverage", str(listed), "--as-of", "01-12-2026", db=demo_url)
    assert done.returncode == 0, done.stderr
    report = kiosk("coverage-report", "--pdf", str(tmp_path / "r.pdf"), db=demo_url)
    assert report.returncode == 0, report.stderr
    from kiosk.base.database import open_database
    from kiosk.base.database import session as make_session

    with make_session(open_database(demo_url)) as s:
        taken = s.exec(select(CoverageSnapshot)).all()
    assert {t.trigger for t in taken} == {"import", "monthly"} and len({t.dusun for t in taken}) > 3
    assert "Cakupan JKN Desa Cikembulan" in pdf_text(tmp_path / "r.pdf")
    again = kiosk("coverage-report", "--pdf", str(tmp_path / "r.pdf"), db=demo_url)
    assert again.returncode == 2 and "--force" in again.stderr
