"""CSV import of families, existing JKN coverage and facilities (DESIGN.md section 6).

Every row is validated; each problem is reported as `line N: reason` (row rejected) or
`line N: warning: reason` (row accepted). A file with any rejected row imports nothing
unless `skip_bad`; `dry_run` writes nothing. Importing is an upsert on NIK, KK number or
facility code, so running the same file twice changes nothing. Column names of an OpenSID
or SIAK resident export are accepted where they map clearly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table
from sqlmodel import Session

from kiosk import ids, regions, relations
from kiosk.csvfile import FileProblem, read_rows
from kiosk.i18n import t
from kiosk.ids import Problem
from kiosk.reference import FACILITY_CODE, FKTP_KINDS, SEGMENTS
from models import Coverage, Facility, Family, Person

KINDS = ("families", "coverage", "facilities")
_CHUNK = 500

# Our column -> names it goes by in our files, OpenSID exports and SIAK files (as header keys).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "families": {
        "no_kk": ("no_kk", "nomor_kk", "nokk"),
        "nik": ("nik",),
        "nama": ("nama", "nama_penduduk", "nama_lengkap"),
        "jenis_kelamin": ("jenis_kelamin", "sex", "kelamin", "jk"),
        "tempat_lahir": ("tempat_lahir", "tempatlahir"),
        "tanggal_lahir": ("tanggal_lahir", "tanggallahir", "tgl_lahir"),
        "hubungan": ("hubungan", "kk_level", "shdk", "status_hubungan"),
        "alamat": ("alamat",),
        "dusun": ("dusun",),
        "rt": ("rt",),
        "rw": ("rw",),
        "kode_wilayah": ("kode_wilayah", "kode_desa"),
        "no_kk_baru": ("no_kk_baru",),
        "status": ("status_dasar", "status"),
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
REQUIRED = {
    "families": ("no_kk", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan"),
    "coverage": ("nik", "no_kartu", "segmen"),
    "facilities": ("kode", "nama", "jenis", "kode_wilayah"),
}

_SEX = {"1": "L", "L": "L", "LK": "L", "LAKI-LAKI": "L", "LAKILAKI": "L", "PRIA": "L",
        "2": "P", "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P"}  # fmt: skip
_ALIVE = {"", "1", "HIDUP"}
_HAS_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


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
        )  # fmt: skip


class RowRejected(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _reject(key: str, **params: object) -> RowRejected:
    return RowRejected(Problem(key, params))


def parse_date(raw: str) -> date | None:
    """YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY; never guesses month-first."""
    text = raw.strip().lstrip("'")
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # the common case, in C
        except ValueError:
            return None
    if len(text) == 10 and text[2] in "-/" and text[5] == text[2] and text[:2].isdigit():
        try:
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))  # DD-MM-YYYY
        except ValueError:
            return None
    m = _DATE.match(text)
    if not m:
        return None
    y, mo, d = (
        (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    )
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _rt_rw(raw: str) -> str:
    value = raw.strip()
    if value in ("", "-"):
        return ""
    return value.zfill(3) if value.isdigit() and len(value) <= 3 else value[:3]


def _region_code(raw: str, report_warn: Callable[[Problem], None]) -> str:
    code = ids.normalise_digits(raw)
    if not code.isdigit() or len(code) not in (6, 10):
        raise _reject("import.region_format")
    if regions.name(code) is None:
        report_warn(Problem("import.region_unknown", {"code": code}))
    return code


def _number(check: ids.Check, warn: Callable[[Problem], None]) -> str:
    if not check.ok:
        raise RowRejected(check.errors[0])
    for w in check.warnings:
        warn(w)
    return check.value


# --- row validators: cells -> dict for the table, or RowRejected ----------------------------


class _FamiliesRows:
    def __init__(self, default_region: str) -> None:
        self.default_region = default_region
        self.families: dict[str, dict[str, Any]] = {}
        self.family_line: dict[str, int] = {}
        self.today = date.today()
        # One check per KK number and region code: every member of a family repeats them.
        self.kk_checks: dict[str, ids.Check] = {}
        self.regions: dict[str, tuple[str, list[Problem]]] = {}
        self.raw_family: dict[str, tuple[str, ...]] = {}

    def _kk(self, raw: str, warn: Callable[[Problem], None]) -> str:
        check = self.kk_checks.get(raw)
        if check is None:
            check = self.kk_checks[raw] = ids.check_kk(raw)
        return _number(check, warn)

    def _region(self, raw: str, warn: Callable[[Problem], None]) -> str:
        known = self.regions.get(raw)
        if known is None:
            found: list[Problem] = []
            known = self.regions[raw] = (_region_code(raw, found.append), found)
        for problem in known[1]:
            warn(problem)
        return known[0]

    def row(
        self, get: Callable[[str], str], line: int, warn: Callable[[Problem], None]
    ) -> dict | None:
        status = get("status").strip().upper()
        if status not in _ALIVE:
            warn(Problem("import.not_alive", {"status": status}))
            return None
        name = " ".join(get("nama").split()).upper()
        if not name:
            raise _reject("member.name_empty")
        if _HAS_DIGIT.search(name):
            raise _reject("member.name_digits")
        raw_sex = get("jenis_kelamin")
        sex = _SEX.get(raw_sex) or _SEX.get("".join(raw_sex.upper().split()))
        if sex is None:
            raise _reject("import.sex")
        born = parse_date(get("tanggal_lahir"))
        if born is None:
            raise _reject("import.date")
        relation = relations.parse(get("hubungan"))
        if relation is None:
            raise _reject("import.relation")
        raw_nik = get("nik")
        if raw_nik.strip() == "0":
            raise _reject("import.nik_zero")
        nik = _number(ids.check_nik(raw_nik, sex=sex, birth_date=born, today=self.today), warn)
        kk = self._kk(get("no_kk"), warn)
        raw_region = get("kode_wilayah") or self.default_region
        if not raw_region:
            raise _reject("import.region_missing")
        # Members of one family repeat its fields: checked once, unless they differ.
        raw_family = (
            raw_region,
            get("alamat"),
            get("dusun"),
            get("rt"),
            get("rw"),
            get("no_kk_baru"),
        )
        if self.raw_family.get(kk) == raw_family:
            return self._person(get, nik, kk, name, sex, born, relation)
        region = self._region(raw_region, warn)
        replaced = get("no_kk_baru")
        address = " ".join(get("alamat").split())
        dusun = " ".join(get("dusun").replace("_", " ").split())
        if dusun and dusun != "-" and dusun.upper() not in address.upper():
            address = f"{address}, DUSUN {dusun.upper()}" if address else f"DUSUN {dusun.upper()}"
        family = {
            "kk_number": kk,
            "address": address[:200],
            "rt": _rt_rw(get("rt")),
            "rw": _rt_rw(get("rw")),
            "region_code": region,
            "replaced_by": self._kk(replaced, warn) if replaced.strip() else None,
            "source": "import",
        }
        known = self.families.get(kk)
        if known is None:
            self.families[kk], self.family_line[kk] = family, line
            self.raw_family[kk] = raw_family
        elif known != family:
            warn(Problem("import.family_differs", {"line": self.family_line[kk]}))
        return self._person(get, nik, kk, name, sex, born, relation)

    @staticmethod
    def _person(get, nik, kk, name, sex, born, relation) -> dict:  # type: ignore[no-untyped-def]
        place = get("tempat_lahir")
        return {
            "nik": nik, "kk": kk, "name": name[:100], "sex": sex,
            "birth_place": " ".join(place.split()).strip("-").strip()[:60] if place else "",
            "birth_date": born, "relation": relation,
        }  # fmt: skip


def _coverage_row(get: Callable[[str], str], line: int, warn: Callable[[Problem], None]) -> dict:
    nik = _number(ids.check_nik(get("nik")), warn)
    card = _number(ids.check_card(get("no_kartu")), warn)
    segment = "-".join(get("segmen").upper().replace("_", " ").split())
    if segment not in SEGMENTS:
        raise _reject("import.segment")
    fktp = get("kode_faskes").strip().upper()
    if fktp and not FACILITY_CODE.match(fktp):
        raise _reject("import.facility_code")
    return {"nik": nik, "card_number": card, "segment": segment, "fktp_code": fktp}


_KIND_BY_KEY = {"".join(k.lower().split()): k for k in FKTP_KINDS} | {
    "dpp": "Dokter Praktik Perorangan", "dokterumum": "Dokter Praktik Perorangan",
    "drg": "Dokter Gigi", "klinik": "Klinik Pratama", "rsdpratama": "RS Kelas D Pratama",
}  # fmt: skip


def facility_search_text(name: str, kind: str, address: str, code: str) -> str:
    return f"{name} {kind} {address} {code}".lower()


def _facility_row(get: Callable[[str], str], line: int, warn: Callable[[Problem], None]) -> dict:
    code = get("kode").strip().upper()
    if not FACILITY_CODE.match(code):
        raise _reject("import.facility_code")
    name = " ".join(get("nama").split())
    if not name:
        raise _reject("import.facility_name")
    kind = _KIND_BY_KEY.get("".join(get("jenis").lower().split()))
    if kind is None:
        raise _reject("import.facility_kind")
    region = _region_code(get("kode_wilayah"), warn)
    address = " ".join(get("alamat").split())
    phone = get("telepon").strip()
    if phone and not re.fullmatch(r"[0-9+()\- ]{5,20}", phone):
        raise _reject("import.phone")
    return {
        "code": code, "name": name[:120], "kind": kind, "address": address[:200],
        "region_code": region, "phone": phone,
        "search_text": facility_search_text(name, kind, address, code),
    }  # fmt: skip


# --- writing ------------------------------------------------------------------------------


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _driver_values(conn: Connection, rows: list[dict]) -> list[dict]:
    """Values as the driver stores and returns them: SQLite keeps dates as ISO text."""
    if conn.dialect.name != "sqlite" or not rows:
        return rows
    dated = [k for k, v in rows[0].items() if isinstance(v, date)]
    for row in rows:
        for k in dated:
            row[k] = row[k].isoformat()
    return rows


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _existing(
    session: Session, table: Table, key: str, keys: list[str], columns: list[str]
) -> dict:
    """{key: {column: value}} for the keys already stored, read with plain driver SQL."""
    conn = session.connection()
    ph = _placeholder(conn)
    names = ", ".join([key, *columns])
    found: dict[str, dict] = {}
    for chunk in _chunks(keys):
        sql = f'SELECT {names} FROM "{table.name}" WHERE {key} IN ({", ".join([ph] * len(chunk))})'
        for row in conn.exec_driver_sql(sql, tuple(chunk)):
            found[row[0]] = dict(zip(columns, row[1:], strict=True))
    return found


def upsert(
    session: Session, table: Table, key: str, rows: list[dict], report: ImportReport
) -> None:
    """Insert new rows, update changed ones, leave identical ones alone; counts each.

    Bulk statements go straight to the driver's executemany: SQLAlchemy's per-row parameter
    processing would cost more than the validation of the row.
    """
    if not rows:
        return
    conn = session.connection()
    rows = _driver_values(conn, rows)
    columns = [c for c in rows[0] if c != key]
    existing = _existing(session, table, key, [r[key] for r in rows], columns)
    new = [r for r in rows if r[key] not in existing]
    changed = [
        r for r in rows if r[key] in existing and existing[r[key]] != {c: r[c] for c in columns}
    ]
    report.inserted += len(new)
    report.updated += len(changed)
    report.unchanged += len(rows) - len(new) - len(changed)
    ph = _placeholder(conn)
    if new:
        names = [key, *columns]
        sql = f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES ({", ".join([ph] * len(names))})'
        conn.exec_driver_sql(sql, [tuple(r[c] for c in names) for r in new])
    if changed:
        sets = ", ".join(f"{c} = {ph}" for c in columns)
        sql = f'UPDATE "{table.name}" SET {sets} WHERE {key} = {ph}'
        conn.exec_driver_sql(sql, [tuple(r[c] for c in [*columns, key]) for r in changed])


def _write_families(
    session: Session, families: dict[str, dict], persons: list[dict], report: ImportReport
) -> None:
    """Upsert the given families, then the persons (whose families may come from earlier chunks)."""
    family_table: Table = Family.__table__  # type: ignore[attr-defined]
    person_table: Table = Person.__table__  # type: ignore[attr-defined]
    upsert(session, family_table, "kk_number", list(families.values()), ImportReport("families"))
    kks = list({p["kk"] for p in persons})
    ids_by_kk = {
        k: v["id"] for k, v in _existing(session, family_table, "kk_number", kks, ["id"]).items()
    }
    rows = []
    for p in persons:
        row = {k: v for k, v in p.items() if k != "kk"}
        row["family_id"] = ids_by_kk[p["kk"]]
        rows.append(row)
    upsert(session, person_table, "nik", rows, report)


class _Writer:
    """Writes validated rows chunk by chunk, so a large file never sits whole in memory.

    Everything stays in the caller's transaction: a file with a rejected row is still rolled
    back whole. (A writer thread was tried: the GIL hand-overs cost more than the overlap won.)
    """

    CHUNK = 20_000

    def __init__(
        self,
        session: Session,
        kind: str,
        key: str,
        families: _FamiliesRows | None,
        report: ImportReport,
    ) -> None:
        self.session = session
        self.kind = kind
        self.key = key
        self.families = families
        self.report = report
        self.written_kk: set[str] = set()

    def submit(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.families is not None:
            new_kk = {p["kk"] for p in rows} - self.written_kk
            self.written_kk |= new_kk
            families = {kk: self.families.families[kk] for kk in new_kk}
            _write_families(self.session, families, rows, self.report)
        else:
            table = (Coverage if self.kind == "coverage" else Facility).__table__  # type: ignore[attr-defined]
            upsert(self.session, table, self.key, rows, self.report)


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
    for ours, names in aliases.items():
        for i, h in enumerate(header):
            if h in names and ours not in index:
                index[ours] = i
    required = [c for c in REQUIRED[kind] if c not in index]
    if required:
        raise FileProblem(
            Problem("import.missing_columns", {"columns": ", ".join(required), "kind": kind})
        )

    report = ImportReport(kind)
    families = _FamiliesRows(default_region) if kind == "families" else None
    validate = (
        families.row if families else (_coverage_row if kind == "coverage" else _facility_row)
    )
    key = {"families": "nik", "coverage": "nik", "facilities": "code"}[kind]
    seen: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    good: list[dict] = []
    writer = _Writer(session, kind, key, families, report)
    # Each row as {our column: text}; columns the file lacks read as "". itemgetter and
    # zip do the copying in C: this loop runs once per row of files with 100,000s of rows.
    columns = list(index)
    pick = itemgetter(*index.values())  # every kind requires several columns: a tuple comes back
    needed = max(index.values()) + 1
    missing = dict.fromkeys((c for c in aliases if c not in index), "")
    for line, cells in rows:
        report.read += 1
        if len(cells) < needed:
            cells = cells + [""] * (needed - len(cells))
        values = dict(zip(columns, pick(cells), strict=True), **missing)
        get = values.__getitem__
        warnings: list[Problem] = []
        try:
            row = validate(get, line, warnings.append)
            if row is not None and row[key] in seen:
                raise _reject("import.duplicate", line=seen[row[key]])
            if row is not None and kind == "coverage":
                if row["card_number"] in seen_cards:
                    raise _reject("import.duplicate_card", line=seen_cards[row["card_number"]])
                seen_cards[row["card_number"]] = line
        except RowRejected as rejected:
            report.reject(line, rejected.problem)
            continue
        for w in warnings:
            report.warn(line, w)
        if row is None:
            report.skipped += 1
            continue
        seen[row[key]] = line
        good.append(row)
        if len(good) == _Writer.CHUNK and (skip_bad or not report.rejected):
            writer.submit(good)
            good = []

    if not report.rejected or skip_bad:
        writer.submit(good)
    if (report.rejected and not skip_bad) or dry_run:
        session.rollback()  # a rejected row imports nothing; a dry run writes nothing
        if report.rejected and not skip_bad:
            report.inserted = report.updated = report.unchanged = 0
        return report
    session.commit()
    report.written = True
    return report
