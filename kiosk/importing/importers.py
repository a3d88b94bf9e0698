"""CSV import of families, existing JKN coverage and facilities (DESIGN.md section 6).

Every row is validated; each problem is reported as `line N: reason` (row rejected) or
`line N: warning: reason` (row accepted). A file with any rejected row imports nothing
unless `skip_bad`; `dry_run` writes nothing. Importing is an upsert on NIK, KK number or
facility code, so running the same file twice changes nothing. Column names of an OpenSID
or SIAK resident export are accepted where they map clearly.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session

from kiosk.base import clock
from kiosk.base.clock import parse_date
from kiosk.base.errors import Check, Problem
from kiosk.base.i18n import t
from kiosk.importing.cells import FileProblem, RowCells
from kiosk.importing.csvfile import read_rows
from kiosk.rules import ids, regions, relations
from kiosk.rules.reference import FACILITY_CODE, FKTP_KINDS, SEGMENTS

KINDS = ("families", "coverage", "facilities")
IMPORT_CACHE_KIB = 64 * 1024  # SQLite page cache while importing; memory is taken as used

# Our column -> names it goes by in our files, OpenSID exports and SIAK files (as header keys).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "families": {
        # The family's columns first: a row's first seven cells are what its members repeat.
        "no_kk": ("no_kk", "nomor_kk", "nokk"),
        "alamat": ("alamat",),
        "dusun": ("dusun",),
        "rt": ("rt",),
        "rw": ("rw",),
        "kode_wilayah": ("kode_wilayah", "kode_desa"),
        "no_kk_baru": ("no_kk_baru",),
        "nik": ("nik",),
        "nama": ("nama", "nama_penduduk", "nama_lengkap"),
        "jenis_kelamin": ("jenis_kelamin", "sex", "kelamin", "jk"),
        "tempat_lahir": ("tempat_lahir", "tempatlahir"),
        "tanggal_lahir": ("tanggal_lahir", "tanggallahir", "tgl_lahir"),
        "hubungan": ("hubungan", "kk_level", "shdk", "status_hubungan"),
        "status": ("status_dasar", "status"),
        # OpenSID: 1 none, 2 BPJS PBI, 3 BPJS non-PBI, 99 other insurance; the card number.
        "id_asuransi": ("id_asuransi",),
        "no_asuransi": ("no_asuransi",),
    },
    "coverage": {
        "nik": ("nik",),
        "no_kartu": ("no_kartu", "nomor_kartu", "no_kartu_jkn", "noka"),
        "segmen": ("segmen", "segment", "jenis_peserta"),
        "kode_faskes": ("kode_faskes", "faskes", "kode_fktp"),
    },
    "facilities": {
        "kode": ("kode", "kode_faskes"),
        "nama": ("nama", "nama_faskes"),
        "jenis": ("jenis", "jenis_faskes", "tipe"),
        "alamat": ("alamat",),
        "kode_wilayah": ("kode_wilayah",),
        "telepon": ("telepon", "telp", "no_telepon"),
    },
}
# SIAK's resident file (OpenSID's "Impor BIP"): columns are meant by position, whatever a
# desk's copy calls them; known by A1 "Nomor KK" and AH1 "Petugas Registrasi".
SIAK_POSITIONS = {
    "no_kk": 0, "nik": 1, "nama": 2, "status": 3, "tempat_lahir": 4, "tanggal_lahir": 5,
    "jenis_kelamin": 6, "hubungan": 12, "alamat": 16, "rw": 17, "rt": 18,
}  # fmt: skip
SIAK_MARKERS = {0: "nomor_kk", 33: "petugas_registrasi"}


def is_siak(header: list[str]) -> bool:
    return all(len(header) > i and header[i] == name for i, name in SIAK_MARKERS.items())


REQUIRED = {
    "families": ("no_kk", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan"),
    "coverage": ("nik", "no_kartu", "segmen"),
    "facilities": ("kode", "nama", "jenis", "kode_wilayah"),
}

_SEX = {"1": "L", "L": "L", "LK": "L", "LAKI-LAKI": "L", "LAKILAKI": "L", "PRIA": "L",
        "2": "P", "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P"}  # fmt: skip
_ALIVE = {"", "1", "HIDUP"}
_HAS_DIGIT = re.compile(r"\d")


@dataclass
class ImportReport:
    kind: str
    lines: list[str] = field(default_factory=list)
    read: int = 0
    rejected: int = 0
    skipped: int = 0  # not imported on purpose (e.g. a resident who has died)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    covered: int = 0  # members recorded as already in JKN from the file's insurance columns
    written: bool = False

    @property
    def accepted(self) -> int:
        return self.read - self.rejected - self.skipped

    def reject(self, line: int, problem: Problem) -> None:
        self.rejected += 1
        self.lines.append(t("import.line", line=line, reason=problem.message))

    def warn(self, line: int, problem: Problem) -> None:
        self.lines.append(t("import.line_warning", line=line, reason=problem.message))

    def summary(self) -> str:
        return t(
            "import.summary", read=self.read, accepted=self.accepted, rejected=self.rejected,
            skipped=self.skipped, inserted=self.inserted, updated=self.updated,
            unchanged=self.unchanged,
        ) + (t("import.summary_covered", count=self.covered) if self.covered else "")  # fmt: skip


class RowRejected(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _reject(key: str, **params: object) -> RowRejected:
    return RowRejected(Problem(key, params))


_DATE_FORM = re.compile(r"^(\d{4}-\d\d-\d\d|\d\d[-/]\d\d[-/]\d{4})$")


def _rt_rw(raw: str) -> str:
    value = raw.strip()
    if value in ("", "-"):
        return ""
    return value.zfill(3) if value.isdigit() and len(value) <= 3 else value[:3]


def _region_code(raw: str, report_warn: Callable[[Problem], None]) -> str:
    check = ids.check_region_code(raw)
    if check.errors:
        raise RowRejected(check.errors[0])
    code = check.value
    if regions.name(code) is None:
        report_warn(Problem("import.region_unknown", {"code": code}))
    return code


def _number(check: Check, warn: Callable[[Problem], None]) -> str:
    if check.errors:
        raise RowRejected(check.errors[0])
    for w in check.warnings:
        warn(w)
    return check.value


class _Memo(dict):
    """fn(cell) computed once per distinct cell text of a file; a hit is a plain dict lookup.

    Village files repeat most cells (birth date, birth place, relation), and this code runs
    once per row of files with 100,000s of rows.
    """

    def __init__(self, fn: Callable[[str], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.fn(key)
        return value


# --- row validators: cells (in ALIASES order) -> a row for the table, or RowRejected ----------
#
# Rows come out as tuples in the order of the table's columns (_COLUMNS), key first, and go
# to the driver as they are.


def _birth_date(raw: str, today: date) -> tuple[date, str, dict[str, str] | None] | None:
    """The date, its ISO text, and the DDMMYY a NIK carries for it per sex (None if future)."""
    born = parse_date(raw)
    if born is None:
        return None
    iso = born.isoformat()
    if born > today:
        return born, iso, None
    return born, iso, {"L": ids.nik_date_digits(born, "L"), "P": ids.nik_date_digits(born, "P")}


def _place(raw: str) -> str:
    return " ".join(raw.split()).strip("-").strip()[:60]


_FAMILY_MEMO = 4096  # families whose checked cells are kept; a million would cost 150 MB


class _FamiliesRows:
    def __init__(self, default_region: str) -> None:
        self.default_region = default_region
        self.today = clock.today()
        self.dates = _Memo(partial(_birth_date, today=self.today))
        self.places = _Memo(_place)
        self.relations = _Memo(relations.parse)
        self.regions: dict[str, tuple[str, list[Problem]]] = {}
        # Family cells as they were written -> (KK number, warnings) or why they are refused;
        # the first family tuple seen per KK number and its line.
        self.family_cells: dict[tuple[str, ...], tuple[str, list[Problem]] | Problem] = {}
        self.families: dict[str, tuple] = {}
        self.family_line: dict[str, int] = {}
        # NIK -> coverage row, from OpenSID's insurance columns: written with the persons.
        self.coverage: dict[str, tuple[str, str, str, str]] = {}

    def row(
        self, cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]
    ) -> tuple | None:
        (raw_nik, raw_name, raw_sex, raw_place, raw_born, raw_relation, raw_status,
         raw_insurance, raw_card) = cells[7:]  # fmt: skip
        if raw_status:
            status = raw_status.strip().upper()
            if status not in _ALIVE:
                warn(Problem("import.not_alive", {"status": ids.mask_digit_runs(status)}))
                return None
        name = " ".join(raw_name.split()).upper()
        if not name:
            raise _reject("member.name_empty")
        if _HAS_DIGIT.search(name):
            raise _reject("member.name_digits")
        sex = _SEX.get(raw_sex) or _SEX.get("".join(raw_sex.upper().split()))
        if sex is None:
            raise _reject("import.sex")
        birth = self.dates[raw_born]
        if birth is None:
            # A date in the right form that no calendar has (30 February) is said so.
            well_formed = _DATE_FORM.match(raw_born.strip().lstrip("'"))
            raise _reject(
                "import.date_not_exist" if well_formed else "import.date",
                value=raw_born.strip()[:12],
            )
        born, born_iso, nik_dates = birth
        relation = self.relations[raw_relation]
        if relation is None:
            raise _reject("import.relation")
        if nik_dates is not None and ids.nik_agrees(raw_nik, nik_dates[sex]):
            nik = raw_nik  # the common case, vouched for in a few comparisons
        elif raw_nik.strip() == "0":
            raise _reject("import.nik_zero")
        else:
            check = ids.check_nik(raw_nik, sex=sex, birth_date=born, today=self.today)
            nik = _number(check, warn)
        # Members of one family repeat its cells: checked once per file, unless they differ.
        family_cells = cells[:7]
        family = self.family_cells.get(family_cells)
        if family is None:
            if len(self.family_cells) == _FAMILY_MEMO:
                self.family_cells.clear()  # members come together: old families rarely return
            family = self.family_cells[family_cells] = self._family(family_cells, line)
        if isinstance(family, Problem):
            raise RowRejected(family)
        kk, problems = family
        for problem in problems:
            warn(problem)
        if raw_insurance or raw_card:
            segment = _insured(raw_insurance, raw_card, warn)
            if segment:
                self.coverage.setdefault(nik, (nik, ids.normalise_digits(raw_card), segment, ""))
        return (nik, kk, name[:100], sex, self.places[raw_place], born_iso, relation)

    def _family(self, cells: tuple[str, ...], line: int) -> tuple[str, list[Problem]] | Problem:
        raw_kk, raw_address, raw_dusun, raw_rt, raw_rw, raw_region, raw_replaced = cells
        problems: list[Problem] = []
        try:
            kk = _number(ids.check_kk(raw_kk), problems.append)
            raw_region = raw_region or self.default_region
            if not raw_region:
                raise _reject("import.region_missing")
            region = self._region(raw_region, problems.append)
            replaced = raw_replaced.strip()
            replaced_by = _number(ids.check_kk(replaced), problems.append) if replaced else None
        except RowRejected as rejected:
            return rejected.problem
        address = " ".join(raw_address.split())
        dusun = " ".join(raw_dusun.replace("_", " ").split())
        if dusun and dusun != "-" and dusun.upper() not in address.upper():
            address = f"{address}, DUSUN {dusun.upper()}" if address else f"DUSUN {dusun.upper()}"
        family = (kk, address[:200], _rt_rw(raw_rt), _rt_rw(raw_rw), region, replaced_by, "import")
        known = self.families.get(kk)
        if known is None:
            self.families[kk], self.family_line[kk] = family, line
        elif known != family:
            problems.append(Problem("import.family_differs", {"line": self.family_line[kk]}))
        return kk, problems

    def _region(self, raw: str, warn: Callable[[Problem], None]) -> str:
        known = self.regions.get(raw)
        if known is None:
            found: list[Problem] = []
            known = self.regions[raw] = (_region_code(raw, found.append), found)
        for problem in known[1]:
            warn(problem)
        return known[0]


# OpenSID's id_asuransi, as a coverage segment. Which PBI (APBN or APBD) or which non-PBI
# segment is not in the file: the broad group is recorded, enough to not bill the member.
_INSURANCE = {"2": "PBI", "3": "NON-PBI"}


def _insured(raw_insurance: str, raw_card: str, warn: Callable[[Problem], None]) -> str:
    """The segment to record for OpenSID's insurance cells, or "" when none is (warned)."""
    code = raw_insurance.strip()
    card = raw_card.strip().lstrip("'")
    if code in ("", "0", "1") and not card:
        return ""  # no insurance
    if code not in ("", *_INSURANCE):
        warn(Problem("import.insurance_other", {"code": ids.mask_digit_runs(code, 4)}))
        return ""
    if not ids.check_card(card).ok:
        warn(Problem("import.insurance_card"))
        return ""
    return _INSURANCE.get(code, "JKN")  # a card with no code: in JKN, segment unknown


def _coverage_row(cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]) -> tuple:
    raw_nik, raw_card, raw_segment, raw_fktp = cells
    nik = _number(ids.check_nik(raw_nik), warn)
    card = _number(ids.check_card(raw_card), warn)
    segment = "-".join(raw_segment.upper().replace("_", " ").split())
    if segment not in SEGMENTS:
        raise _reject("import.segment")
    fktp = raw_fktp.strip().upper()
    if fktp and not FACILITY_CODE.match(fktp):
        raise _reject("import.facility_code")
    return (nik, card, segment, fktp)


_KIND_BY_KEY = {"".join(k.lower().split()): k for k in FKTP_KINDS} | {
    "dpp": "Dokter Praktik Perorangan", "dokterumum": "Dokter Praktik Perorangan",
    "drg": "Dokter Gigi", "klinik": "Klinik Pratama", "rsdpratama": "RS Kelas D Pratama",
}  # fmt: skip


def facility_search_text(name: str, kind: str, address: str, code: str) -> str:
    return f"{name} {kind} {address} {code}".lower()


def _facility_row(cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]) -> tuple:
    raw_code, raw_name, raw_kind, raw_address, raw_region, raw_phone = cells
    code = raw_code.strip().upper()
    if not FACILITY_CODE.match(code):
        raise _reject("import.facility_code")
    name = " ".join(raw_name.split())
    if not name:
        raise _reject("import.facility_name")
    kind = _KIND_BY_KEY.get("".join(raw_kind.lower().split()))
    if kind is None:
        raise _reject("import.facility_kind")
    region = _region_code(raw_region, warn)
    address = " ".join(raw_address.split())
    phone = raw_phone.strip()
    if phone and not re.fullmatch(r"[0-9+()\- ]{5,20}", phone):
        raise _reject("import.phone")
    search = facility_search_text(name, kind, address, code)
    return (code, name[:120], kind, address[:200], region, phone, search)


# --- writing ------------------------------------------------------------------------------

# Table and columns of each kind's rows, key first; the validators build tuples in this order.
_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "families": ("person", ("nik", "family_id", "name", "sex", "birth_place", "birth_date", "relation")),
    "coverage": ("coverage", ("nik", "card_number", "segment", "fktp_code")),
    "facilities": ("facility", ("code", "name", "kind", "address", "region_code", "phone", "search_text")),
}  # fmt: skip
_FAMILY_COLUMNS = ("kk_number", "address", "rt", "rw", "region_code", "replaced_by", "source")
_PROBE = 500  # keys per IN (...) probe: well under every database's parameter limit
_SAMPLE = 50  # keys probed to guess whether a chunk is new (a first import) or not


def _count_existing(conn: Connection, table: str, key: str, keys: list[str]) -> int:
    ph = _placeholder(conn)
    found = 0
    for i in range(0, len(keys), _PROBE):
        chunk = keys[i : i + _PROBE]
        sql = f'SELECT count(*) FROM "{table}" WHERE {key} IN ({", ".join([ph] * len(chunk))})'
        found += conn.exec_driver_sql(sql, tuple(chunk)).scalar_one()
    return found


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _insert_sql(conn: Connection, table: str, columns: tuple[str, ...], values: str = "") -> str:
    """INSERT ... ON CONFLICT (<first column>), to be finished with what to do then."""
    ph = _placeholder(conn)
    return (
        f'INSERT INTO "{table}" ({", ".join(columns)}) '
        f"VALUES ({values or ', '.join([ph] * len(columns))}) ON CONFLICT ({columns[0]}) "
    )


def insert_new(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> int:
    """Insert the rows whose key is not stored yet, leave the others as they are: inserted."""
    if not rows:
        return 0
    return conn.exec_driver_sql(_insert_sql(conn, table, columns) + "DO NOTHING", rows).rowcount


def upsert(
    conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple], values: str = ""
) -> tuple[int, int]:
    """Insert new rows and update changed ones, leaving identical rows alone: (inserted, updated).

    Statements go to the driver's executemany and the database compares the rows in C:
    SQLAlchemy's per-row parameter processing would cost more than validating the row did.
    Rows that look new (none of the first few keys is stored) get a plain INSERT ... ON
    CONFLICT DO NOTHING, whose count is the new rows; otherwise, or if some rows were there
    after all, INSERT ... ON CONFLICT DO UPDATE ... WHERE <changed> counts the changed ones.
    `values` may replace the placeholders (e.g. with a subquery).
    """
    if not rows:
        return 0, 0
    key, rest = columns[0], columns[1:]
    insert = _insert_sql(conn, table, columns, values)
    differs = "IS NOT" if conn.dialect.name == "sqlite" else "IS DISTINCT FROM"
    old = ", ".join(f'"{table}".{c}' for c in rest)
    new = ", ".join(f"excluded.{c}" for c in rest)
    update = insert + (
        f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)} "
        f"WHERE ({old}) {differs} ({new})"
    )
    rows = sorted(rows, key=itemgetter(0))
    keys = [r[0] for r in rows]
    if not _count_existing(conn, table, key, keys[:_SAMPLE]):
        inserted = conn.exec_driver_sql(insert + "DO NOTHING", rows).rowcount
        if inserted == len(rows):
            return inserted, 0
        return inserted, conn.exec_driver_sql(update, rows).rowcount  # just inserted: unchanged
    inserted = len(rows) - _count_existing(conn, table, key, keys)
    return inserted, conn.exec_driver_sql(update, rows).rowcount - inserted


class _Writer:
    """Writes validated rows chunk by chunk, so a large file never sits whole in memory.

    Everything stays in the caller's transaction: a file with a rejected row is still rolled
    back whole. (A writer thread was tried: the GIL hand-overs cost more than the overlap won.)
    """

    CHUNK = 20_000

    def __init__(
        self, session: Session, kind: str, families: _FamiliesRows | None, report: ImportReport
    ) -> None:
        self.session = session
        self.table, self.columns = _COLUMNS[kind]
        self.families = families
        self.report = report
        self.written_kk: set[str] = set()

    def submit(self, rows: list[tuple]) -> None:
        if not rows:
            return
        conn = self.session.connection()
        values = ""
        if self.families is not None:
            # Families of this chunk first (their members may come in later chunks too); each
            # person then finds its family's id by KK number inside the INSERT.
            new_kk = {p[1] for p in rows} - self.written_kk
            self.written_kk |= new_kk
            known = self.families.families
            upsert(conn, "family", _FAMILY_COLUMNS, [known[kk] for kk in new_kk])
            ph = _placeholder(conn)
            family_id = f"(SELECT id FROM family WHERE kk_number = {ph})"
            values = ", ".join(family_id if c == "family_id" else ph for c in self.columns)
        inserted, updated = upsert(conn, self.table, self.columns, rows, values)
        self.report.inserted += inserted
        self.report.updated += updated
        self.report.unchanged += len(rows) - inserted - updated


@contextmanager
def _bulk_mode(session: Session) -> Iterator[None]:
    """Settings for reading a large file, undone afterwards.

    No cycle collection: the loop makes no reference cycles, but it keeps 100,000s of rows
    alive and the collector would walk them again and again (10% of an import's time).
    A larger SQLite page cache: the default 2 MiB holds a village's person indexes, not a
    kabupaten's, and past ~100,000 rows an import would re-read its own pages.
    """
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size = {cache}")


def _validate_and_write(
    rows: Iterator[tuple[int, RowCells]],
    pick: Callable[[list[str]], tuple[str, ...]],
    width: int,
    validate: Callable[[tuple[str, ...], int, Callable[[Problem], None]], tuple | None],
    writer: _Writer,
    skip_bad: bool,
) -> None:
    """Validate and report every row; hand the good ones to the writer a chunk at a time,
    and none after a rejected row unless skip_bad (then the file imports nothing)."""
    report = writer.report
    coverage = writer.table == "coverage"
    key_name = "kode" if writer.table == "facility" else "NIK"  # what makes a row one of a kind
    seen: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    good: list[tuple] = []
    warnings: list[Problem] = []  # one list for every row, emptied after use
    warn = warnings.append
    read = 0
    columns = width - 1  # the header's; cell `columns` is the "" an absent column reads
    for read, (line, cells) in enumerate(rows, 1):  # noqa: B007 (the count is kept after the loop)
        if isinstance(cells, Problem):  # refused as read: a NUL character, a rounded number
            report.reject(line, cells)
            continue
        if len(cells) != columns:
            if len(cells) > columns and not any(c.strip() for c in cells[columns:]):
                del cells[columns:]  # trailing separators, as spreadsheets write them
            else:
                # An unquoted comma in an address shifts every later cell: reading the row
                # anyway would put cells in the wrong columns, or silently drop a person.
                key = "import.cells_more" if len(cells) > columns else "import.cells_fewer"
                report.reject(line, Problem(key, {"cells": len(cells), "columns": columns}))
                continue
        cells.append("")
        try:
            row = validate(pick(cells), line, warn)
            if row is None:
                report.skipped += 1
            elif row[0] in seen:
                raise _reject("import.duplicate", line=seen[row[0]], what=key_name)
            elif coverage:
                if row[1] in seen_cards:
                    raise _reject("import.duplicate_card", line=seen_cards[row[1]])
                seen_cards[row[1]] = line
        except RowRejected as rejected:
            warnings.clear()
            report.reject(line, rejected.problem)
            continue
        if warnings:
            for w in warnings:
                report.warn(line, w)
            warnings.clear()
        if row is None:
            continue
        seen[row[0]] = line
        good.append(row)
        if len(good) == _Writer.CHUNK and (skip_bad or not report.rejected):
            writer.submit(good)
            good = []
    report.read = read
    if not report.rejected or skip_bad:
        writer.submit(good)


def import_file(
    session: Session,
    kind: str,
    path: Path,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    default_region: str = "",
) -> ImportReport:
    """Validate and import one CSV file. Raises FileProblem for an unusable file."""
    if kind not in KINDS:
        raise ValueError(kind)
    header, rows = read_rows(path)
    aliases = ALIASES[kind]
    index: dict[str, int] = {}
    if kind == "families" and is_siak(header):
        index = dict(SIAK_POSITIONS)
    for ours, names in aliases.items():
        for i, h in enumerate(header):
            if h in names and ours not in index:
                index[ours] = i
    required = [c for c in REQUIRED[kind] if c not in index]
    if required:
        rows.close()
        raise FileProblem(
            Problem("import.missing_columns", {"columns": ", ".join(required), "kind": kind})
        )

    report = ImportReport(kind)
    families = _FamiliesRows(default_region) if kind == "families" else None
    validate = (
        families.row if families else (_coverage_row if kind == "coverage" else _facility_row)
    )
    writer = _Writer(session, kind, families, report)
    # Each row's cells in ALIASES order. A column the file lacks reads the "" put after a
    # row's last cell; itemgetter does the picking in C.
    pick = itemgetter(*(index.get(column, len(header)) for column in aliases))
    try:
        with _bulk_mode(session):
            _validate_and_write(rows, pick, len(header) + 1, validate, writer, skip_bad)
    except FileProblem:
        session.rollback()  # a file found unreadable halfway imports nothing
        raise
    if (report.rejected and not skip_bad) or dry_run:
        session.rollback()  # a rejected row imports nothing; a dry run writes nothing
        if report.rejected and not skip_bad:
            report.inserted = report.updated = report.unchanged = 0
        return report
    if families is not None and families.coverage:
        # What the file says about insurance, in the coverage table the lookup reads: those
        # members show as already covered and are not billed. Coverage files stay the
        # authority for the exact segment: a known card is not replaced.
        report.covered = insert_new(
            session.connection(), "coverage", _COLUMNS["coverage"][1],
            list(families.coverage.values()),
        )  # fmt: skip
    if kind == "facilities" and (report.inserted or report.updated):
        from kiosk.registry.facilities import facilities_changed

        facilities_changed(session)  # kiosks running now rebuild their search index
    from kiosk.desk import audit

    audit.record(
        session, "import",
        detail=f"{kind} {path.name}: +{report.inserted} ~{report.updated} ={report.unchanged} "
        f"-{report.rejected}"[:300],
    )  # fmt: skip
    session.commit()
    report.written = True
    return report
