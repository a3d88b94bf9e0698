"""The command line, run as a separate process where exit codes and output matter."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.helpers.cli import kiosk


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "import", "operator", "verify", "slip", "report", "backup",
                    "restore", "audit", "keys"):  # fmt: skip
        assert command in out


def test_import_exit_codes(db_url: str, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "no_kk,nik,nama,jenis_kelamin,tanggal_lahir,hubungan,kode_wilayah\n"
        "3205100102150007,3205100512800002,Asep,L,1980-12-05,1,3205102003\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        good.read_text() + "3205100102150007,3205100512800003,Budi,X,1980-12-05,4,3205102003\n"
    )
    result = kiosk("import", "families", str(bad), db=db_url)
    assert result.returncode == 1
    assert "baris 3: Jenis kelamin harus L atau P" in result.stdout
    assert "Tidak ada yang diimpor" in result.stderr
    assert kiosk("import", "families", str(good), "--dry-run", db=db_url).returncode == 0
    result = kiosk("import", "families", str(good), db=db_url)
    assert result.returncode == 0 and "1 baru" in result.stdout
    again = kiosk("import", "families", str(good), db=db_url)
    assert "0 baru, 0 diperbarui, 1 tidak berubah" in again.stdout
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    result = kiosk("import", "families", str(wrong), db=db_url)
    assert result.returncode == 2 and "Kolom wajib" in result.stderr
    assert kiosk("import", "families", str(tmp_path / "missing.csv"), db=db_url).returncode == 2


def test_operator_add_and_report_csv(demo_url: str, tmp_path: Path) -> None:
    # A second supervisor takes an active one's approval: their name, and their PIN typed.
    unasked = kiosk(
        "operator", "add", "sari", "--role", "supervisor", db=demo_url, stdin="975310\n"
    )
    assert unasked.returncode == 1 and "--by" in unasked.stderr
    wrong = kiosk("operator", "add", "sari", "--role", "supervisor", "--by", "admin", db=demo_url,
                  stdin="975310\n000000\n")  # fmt: skip
    assert wrong.returncode == 1 and "salah" in wrong.stderr
    clerk = kiosk("operator", "add", "sari", "--role", "supervisor", "--by", "demo", db=demo_url,
                  stdin="975310\n246810\n")  # fmt: skip
    assert clerk.returncode == 1 and "bukan supervisor" in clerk.stderr
    added = kiosk("operator", "add", "sari", "--role", "supervisor", "--by", "admin", db=demo_url,
                  stdin="975310\n246810\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    refused = kiosk("operator", "add", "budi", db=demo_url, stdin="12\n")
    assert refused.returncode == 1 and "PIN harus 6 sampai 12 angka" in refused.stderr
    out = tmp_path / "r.csv"
    report = kiosk("--lang", "en", "report", "--training", "--csv", str(out), db=demo_url)
    assert report.returncode == 0 and "Payments pending" in report.stdout
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 12 and all(r["pelatihan"] == "1" for r in rows)  # training apart
    for column in ("kode_kasus", "status", "tanggal", "kk_masked", "kepala_keluarga", "anggota_baru",
                   "kelas", "iuran_bulanan", "kode_faskes", "nomor_va", "alasan"):  # fmt: skip
        assert column in rows[0]
    assert all("*" in r["kk_masked"] for r in rows)
    assert all(len(r["kode_kasus"]) == 9 and r["kode_kasus"][4] == "-" for r in rows)
    assert out.stat().st_mode & 0o077 == 0  # owner-only
    again = kiosk("report", "--csv", str(out), db=demo_url)
    assert again.returncode == 2 and "--force" in again.stderr  # never replaced unasked
    assert kiosk("report", "--csv", str(out), "--force", db=demo_url).returncode == 0
    real = kiosk("report", db=demo_url)  # real cases only, unless --training
    assert real.returncode == 0 and "Laporan: 2 kasus" in real.stdout


def test_demo_command(db_url: str) -> None:
    result = kiosk("demo", "--families", "20", db=db_url)
    assert result.returncode == 0 and "20 keluarga" in result.stdout
    assert kiosk("demo", db=db_url).returncode == 1


def test_verify_and_slip_commands(demo_url: str, tmp_path: Path) -> None:
    from sqlmodel import select

    from kiosk.base.database import open_database
    from kiosk.base.database import session as make_session
    from kiosk.desk import qrtoken
    from models import Case

    with make_session(open_database(demo_url)) as s:
        case = s.exec(select(Case).where(Case.status == "va_issued")).first()
        payload = qrtoken.make(s, case.code)
        head = case.head_name
    ok = kiosk("verify", payload, db=demo_url)
    assert ok.returncode == 0
    assert case.code[:4] in ok.stdout and "VA terbit" in ok.stdout
    assert head not in ok.stdout and head[:2] in ok.stdout  # the head is masked
    middle = len(payload) - 20  # a letter inside the signature, changed for another
    bad = kiosk(
        "verify",
        payload[:middle] + ("B" if payload[middle] != "B" else "C") + payload[middle + 1 :],
        db=demo_url,
    )
    assert bad.returncode == 1 and "tidak sah" in bad.stdout
    assert kiosk("verify", "JKN1.ABCDEFGH.ABCDEFGHIJKLM", db=demo_url).returncode == 1
    out = tmp_path / "s.pdf"
    made = kiosk("slip", case.code, "--format", "58mm", "-o", str(out), db=demo_url)
    assert made.returncode == 0 and out.read_bytes().startswith(b"%PDF")
    assert kiosk("slip", "ZZZZ-ZZZZ", db=demo_url).returncode == 1
    with make_session(open_database(demo_url)) as s:
        from kiosk.cases import lifecycle
        from tests.helpers.stores import supervisor

        boss = supervisor(s)
        cancelled = s.exec(select(Case).where(Case.code == case.code)).one()
        lifecycle.cancel(s, cancelled, "family_withdrew", "", boss)
    gone = kiosk("verify", payload, db=demo_url)
    assert gone.returncode == 1 and "sudah dibatalkan" in gone.stdout


BAD_PATHS = {
    "missing folder": "{tmp}/no/such/folder/out.x",
    "a folder": "{tmp}",
    "no permission": "/proc/kiosk-out.x",
}


@pytest.mark.parametrize("where", list(BAD_PATHS))
@pytest.mark.parametrize(
    "command",
    [
        ("slip", "{code}", "-o", "{path}"),
        ("report", "--csv", "{path}"),
        ("backup", "{path}"),
        ("import", "families", "{path}"),
        ("import", "coverage", "{path}"),
    ],
)
def test_every_command_says_a_bad_path_in_one_line(
    demo_url: str, tmp_path: Path, command: tuple[str, ...], where: str
) -> None:
    from sqlmodel import select

    from kiosk.base.database import open_database, session
    from models import Case

    if command[0] == "backup" and not demo_url.startswith("sqlite"):
        pytest.skip("backup copies SQLite only")
    with session(open_database(demo_url)) as s:
        code = s.exec(select(Case.code).where(Case.status == "va_issued")).first()
    path = BAD_PATHS[where].format(tmp=tmp_path)
    args = [a.format(code=code, path=path) for a in command]
    result = kiosk(*args, db=demo_url, stdin="frasa sandi desa\n")
    assert result.returncode == 2, (args, result)
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_endless_and_binary_files_are_refused_quickly(db_url: str, tmp_path: Path) -> None:
    import time

    from tests.helpers.village_files import HEADER

    started = time.monotonic()
    result = kiosk("import", "families", "/dev/zero", db=db_url)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert time.monotonic() - started < 10
    huge = tmp_path / "huge.csv"
    huge.write_text(HEADER + "\n1," + "x" * 200_000 + ",y\n")
    result = kiosk("import", "families", str(huge), db=db_url)
    assert result.returncode == 2 and "baris 2" in result.stderr
    nul = tmp_path / "nul.csv"
    from tests.helpers.village_files import GOOD

    nul.write_text(HEADER + "\n" + GOOD[0].replace("Asep", "As\x00ep") + "\n")
    result = kiosk("import", "families", str(nul), db=db_url)
    assert result.returncode == 1 and "baris 2: ada karakter NUL" in result.stdout


def test_a_blank_first_line_is_not_an_empty_file(db_url: str, tmp_path: Path) -> None:
    from tests.helpers.village_files import GOOD, HEADER

    path = tmp_path / "f.csv"
    path.write_text("\n" + HEADER + "\n" + GOOD[0] + "\n")
    result = kiosk("import", "families", str(path), db=db_url)
    assert result.returncode == 0, result.stderr + result.stdout


def test_report_dates_in_the_forms_imports_take(demo_url: str) -> None:
    assert (
        kiosk("report", "--from", "01-11-2026", "--to", "30/11/2026", db=demo_url).returncode == 0
    )
    with pytest.raises(SystemExit):
        kiosk("report", "--from", "2001-02-30", db=demo_url)  # no such day
    reversed_ = kiosk("report", "--from", "30-11-2026", "--to", "01-11-2026", db=demo_url)
    assert reversed_.returncode == 2 and reversed_.stdout == ""
    assert "Tanggal awal sesudah tanggal akhir" in reversed_.stderr


def test_report_csv_cells_never_run_as_formulas(demo_url: str, tmp_path: Path) -> None:
    from sqlmodel import select

    from kiosk.base.database import open_database, session
    from models import Case

    with session(open_database(demo_url)) as s:
        case = s.exec(select(Case)).first()
        assert case is not None
        case.head_name = "=CMD|' /C CALC'!A0"
        s.add(case)
        s.commit()
    out = tmp_path / "r.csv"
    assert kiosk("report", "--training", "--csv", str(out), db=demo_url).returncode == 0
    with out.open() as handle:
        names = [r["kepala_keluarga"] for r in csv.DictReader(handle)]
    assert "'=CMD|' /C CALC'!A0" in names and not any(n.startswith("=") for n in names)


def test_a_mistyped_database_name_is_refused_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "kiosk-typo.db"
    checked = kiosk("audit", "verify", db=f"sqlite:///{missing}")
    assert checked.returncode == 1 and "Tidak ada database" in checked.stderr
    assert not missing.exists()
    made = kiosk("migrate", db=f"sqlite:///{missing}")
    assert made.returncode == 0 and missing.exists()


def test_a_device_or_an_empty_proc_file_is_no_key_file(sqlite_demo: str, tmp_path: Path) -> None:
    for bad in ("/dev/zero", "/proc/version"):
        if not Path(bad).exists():
            continue
        done = kiosk("backup", str(tmp_path / "x.bak"), "--key-file", bad, db=sqlite_demo)
        assert done.returncode == 2 and "bukan berkas kunci" in done.stderr, done.stderr
    short = tmp_path / "short.key"
    short.write_bytes(b"0123456789")
    done = kiosk("backup", str(tmp_path / "x.bak"), "--key-file", str(short), db=sqlite_demo)
    assert done.returncode == 2 and not (tmp_path / "x.bak").exists()
    good = tmp_path / "good.key"
    good.write_bytes(bytes(range(64)))
    done = kiosk("backup", str(tmp_path / "x.bak"), "--key-file", str(good), db=sqlite_demo)
    assert done.returncode == 0, done.stderr


def test_commands_with_stdin_closed_say_so_without_a_traceback(
    sqlite_demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kiosk operator add NAME <&-` (a service, a scheduled task): sys.stdin is None."""
    import contextlib
    import io
    import sys

    for command in (["operator", "add", "baru"], ["backup", str(tmp_path / "never.bak")]):
        err = io.StringIO()
        monkeypatch.setattr(sys, "stdin", None)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", sqlite_demo, *command])
        monkeypatch.undo()
        assert code != 0 and err.getvalue().strip(), command
    assert not (tmp_path / "never.bak").exists()


def test_the_report_on_paper_carries_the_trail_s_anchored_head(
    sqlite_demo: str, tmp_path: Path
) -> None:
    import re

    import pypdf

    from kiosk.base.database import open_database
    from kiosk.base.database import session as make_session
    from kiosk.desk import anchor
    from tests.helpers.papers import pdf_text

    out = tmp_path / "laporan.pdf"
    made = kiosk("report", "--training", "--pdf", str(out), db=sqlite_demo)
    assert made.returncode == 0, made.stderr
    text = " ".join(pdf_text(out).split())
    engine = open_database(sqlite_demo)
    with make_session(engine) as s:
        newest = anchor.newest(s)
    engine.dispose()
    assert isinstance(newest, anchor.Anchor) and newest.why == "report"
    assert f"kejadian ke-{newest.seq}, ujung {newest.hash[:16]}" in text
    # What a village head reads: when it was printed, the days "all" spans, which days the
    # chart shows and how high it goes, page numbers, and the places to sign.
    assert re.search(r"Dicetak \d\d-\d\d-\d{4} \d\d:\d\d", text)
    assert re.search(r"Semua: \d\d-\d\d-\d{4} - \d\d-\d\d-\d{4}", text)
    assert re.search(r"Satu kolom satu hari, \d\d-\d\d-\d{4} s\.d\. \d\d-\d\d-\d{4}", text)
    pages = len(pypdf.PdfReader(out).pages)
    assert f"halaman 1 dari {pages}" in text and f"halaman {pages} dari {pages}" in text
    assert "Mengetahui, Kepala Desa" in text and "Operator meja bantuan" in text


def test_the_version_is_said_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from kiosk.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    said = capsys.readouterr()
    assert said.out == f"kiosk {version('jkn-kiosk')}\n" and said.err == ""


def test_exports_open_cleanly_in_indonesian_excel(demo_url: str, tmp_path: Path) -> None:
    """--excel (or the desk's setting): ";" between cells and a BOM; statuses and reasons in
    words; the VA grouped as printed, never a number a spreadsheet rounds; and --xlsx: one
    workbook, the summary and the cases, the VA a text cell."""
    import openpyxl

    out, book = tmp_path / "r.csv", tmp_path / "r.xlsx"
    done = kiosk("report", "--training", "--excel", "--csv", str(out), "--xlsx", str(book),
                 db=demo_url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0].count(b";") == 15
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert {r["status"] for r in rows} <= {
        "Draf", "Terkirim", "VA terbit", "Sudah bayar", "Aktif", "Dirujuk", "Dibatalkan",
        "Jalur lain", "Selesai",
    }  # fmt: skip
    va = next(r["nomor_va"] for r in rows if r["nomor_va"])
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", va)
    workbook = openpyxl.load_workbook(book, read_only=True)
    summary, cases = workbook.worksheets
    assert summary.title == "Ringkasan" and cases.title == "Kasus"
    values = [[c for c in row] for row in cases.iter_rows(values_only=True)]
    assert values[0][0] == "kode_kasus" and len(values) == len(rows) + 1
    assert any(isinstance(v[11], str) and re.fullmatch(r"[\d ]{19}", v[11]) for v in values[1:])
    assert book.stat().st_mode & 0o077 == 0
