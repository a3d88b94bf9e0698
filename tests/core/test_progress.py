"""Long commands say how far they are: a count on stderr when not on a terminal, a rich
bar on one; stdout stays what it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from kiosk.commands import progress
from kiosk.importing import run


def test_lines_are_counted_without_the_header(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 2500)
    assert progress.count_lines(path) == 2500
    path.write_bytes(b"a,b\n1,2\n3,4")  # no newline after the last row
    assert progress.count_lines(path) == 2
    assert progress.count_lines(tmp_path / "f.xlsx") is None  # known only as read
    assert progress.count_lines(tmp_path / "missing.csv") is None
    assert progress.count_lines(Path("/dev/zero")) is None  # never read to its end


def test_a_count_now_and_then_when_not_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "EVERY", 1000)
    with progress.rows("Impor f.csv", 2500) as advance:
        for read in (500, 1000, 1500, 2000, 2500):
            advance(read)
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err.splitlines() == [
        "Impor f.csv: 1000/2500 baris dibaca",
        "Impor f.csv: 2000/2500 baris dibaca",
    ]


def test_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_terminal", lambda: True)
    with progress.rows("Impor f.csv", 10) as advance:
        advance(5)
        advance(10)
    with progress.step("Membuat cadangan terenkripsi..."):
        pass


def test_an_import_reports_its_rows_as_it_reads_them(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "PROGRESS_EVERY", 2)
    path = tmp_path / "faskes.csv"
    rows = [f"0403P{n:03d},Puskesmas {n},Puskesmas,3205102003" for n in range(7)]
    path.write_text("\n".join(["kode,nama,jenis,kode_wilayah", *rows]))
    seen: list[int] = []
    report = run.import_file(session, "facilities", path, progress=seen.append)
    assert report.inserted == 7 and seen == [2, 4, 6, 7]
