"""One row of a village file checked and made into a row for its table, or refused with the reason:
families, coverage, facilities."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from kiosk.base import clock
from kiosk.base.clock import parse_date
from kiosk.base.errors import Check, Problem
from kiosk.rules import ids, regions, relations, routes, standing
from kiosk.rules.reference import FACILITY_CODE, FKTP_KINDS

_SEX = {"1": "L", "L": "L", "LK": "L", "LAKI-LAKI": "L", "LAKILAKI": "L", "PRIA": "L",
        "2": "P", "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P"}  # fmt: skip

_ALIVE = {"", "1", "HIDUP"}
# Why a resident is no longer one (OpenSID's status_dasar, as a code or in words): skipped,
# and said in those words. A person who moved away is alive: "not alive" misled the desk.
_GONE = {"2": "dead", "MATI": "dead", "MENINGGAL": "dead", "3": "moved", "PINDAH": "moved",
         "4": "missing", "HILANG": "missing", "6": "left", "PERGI": "left"}  # fmt: skip


def _gone(status: str) -> str:
    """dead, moved ("PINDAH DALAM NEGERI", "PINDAH KELUAR"), missing, left, or other."""
    return _GONE.get(status) or _GONE.get(status.split()[0], "other")


_HAS_DIGIT = re.compile(r"\d")


class RowRejected(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def reject(key: str, **params: object) -> RowRejected:
    return RowRejected(Problem(key, params))


_DATE_FORM = re.compile(r"^(\d{4}-\d\d-\d\d|\d\d[-/]\d\d[-/]\d{4})$")


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


#
# Rows come out as tuples in the order of the table's columns (COLUMNS), key first, and go
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


class FamiliesRows:
    def __init__(self, default_region: str, source: str = "") -> None:
        self.default_region = default_region
        self.source = source[:60]
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
        self.coverage: dict[str, tuple] = {}

    def row(
        self, cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]
    ) -> tuple | None:
        (raw_nik, raw_name, raw_sex, raw_place, raw_born, raw_relation, raw_status,
         raw_insurance, raw_card) = cells[7:]  # fmt: skip
        if raw_status:
            status = raw_status.strip().upper()
            if status not in _ALIVE:
                warn(Problem(f"import.gone_{_gone(status)}",
                             {"status": ids.mask_digit_runs(status)}))  # fmt: skip
                return None
        name = " ".join(raw_name.split()).upper()
        if not name:
            raise reject("member.name_empty")
        if _HAS_DIGIT.search(name):
            raise reject("member.name_digits")
        sex = _SEX.get(raw_sex) or _SEX.get("".join(raw_sex.upper().split()))
        if sex is None:
            raise reject("import.sex")
        birth = self.dates[raw_born]
        if birth is None:
            # A date in the right form that no calendar has (30 February) is said so.
            well_formed = _DATE_FORM.match(raw_born.strip().lstrip("'"))
            raise reject(
                "import.date_not_exist" if well_formed else "import.date",
                value=raw_born.strip()[:12],
            )
        born, born_iso, nik_dates = birth
        if nik_dates is None:  # born after today: a typing slip, no one to register
            raise reject("import.born_future", value=raw_born.strip()[:12])
        relation = self.relations[raw_relation]
        if relation is None:
            raise reject("import.relation")
        if nik_dates is not None and ids.nik_agrees(raw_nik, nik_dates[sex]):
            nik = raw_nik  # the common case, vouched for in a few comparisons
        elif raw_nik.strip() == "0":
            raise reject("import.nik_zero")
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
                self.coverage.setdefault(nik, (
                    nik, ids.normalise_digits(raw_card), segment, "", "unknown", None,
                    self.source,
                ))  # fmt: skip
        return (nik, kk, name[:100], sex, self.places[raw_place], born_iso, relation)

    def _family(self, cells: tuple[str, ...], line: int) -> tuple[str, list[Problem]] | Problem:
        raw_kk, raw_address, raw_dusun, raw_rt, raw_rw, raw_region, raw_replaced = cells
        problems: list[Problem] = []
        try:
            kk = _number(ids.check_kk(raw_kk), problems.append)
            raw_region = raw_region or self.default_region
            if not raw_region:
                raise reject("import.region_missing")
            region = self._region(raw_region, problems.append)
            replaced = raw_replaced.strip()
            replaced_by = _number(ids.check_kk(replaced), problems.append) if replaced else None
        except RowRejected as rejected:
            return rejected.problem
        address = " ".join(raw_address.split())
        dusun = regions.dusun_name(raw_dusun) or _dusun_in(address)
        if dusun and dusun not in address.upper():
            address = f"{address}, DUSUN {dusun}" if address else f"DUSUN {dusun}"
        family = (kk, address[:200], regions.rt_rw(raw_rt), regions.rt_rw(raw_rw), region, replaced_by, "import",
                  dusun[:60])  # fmt: skip
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


# SIAK's alamat holds the dusun after one of these (OpenSID's Siak_model splits it the same way).
_DUSUN_IN_ADDRESS = re.compile(r"(?:^|[\s,])(?:DUSUN|DSN\.?|DS\.?)\s+([^,]+)$", re.IGNORECASE)


def _dusun_in(address: str) -> str:
    found = _DUSUN_IN_ADDRESS.search(address)
    return regions.dusun_name(found.group(1)) if found else ""


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


class CoverageRows:
    """A coverage list's rows, each a dated claim: its status (a `status`/`aktif` column, or
    "unknown"), the day it was true (a per-row date column, else the list's `--as-of`, else
    unknown) and the file it came from."""

    def __init__(self, as_of: date | None, source: str) -> None:
        self.as_of = as_of.isoformat() if as_of is not None else None
        self.source = source[:60]
        self.today = clock.today()
        self.dates = _Memo(self._as_of)

    def _as_of(self, raw: str) -> str | Problem | None:
        if not raw.strip():
            return self.as_of
        day = parse_date(raw)
        if day is None:
            return Problem("import.as_of", {"value": raw.strip()[:12]})
        if day > self.today:
            return Problem("import.as_of_future", {"value": clock.day_text(day)})
        return day.isoformat()

    def row(self, cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]) -> tuple:
        raw_nik, raw_card, raw_segment, raw_fktp, raw_status, raw_date = cells
        nik = _number(ids.check_nik(raw_nik), warn)
        card = _number(ids.check_card(raw_card), warn)
        segment = standing.segment_of(raw_segment)
        if segment is None:
            raise reject("import.segment")
        fktp = raw_fktp.strip().upper()
        if fktp and not FACILITY_CODE.match(fktp):
            raise reject("import.facility_code")
        status = standing.status_of(raw_status)
        if status is None:
            raise reject("import.status", value=ids.mask_digit_runs(raw_status.strip(), 12))
        as_of = self.dates[raw_date]
        if isinstance(as_of, Problem):
            raise RowRejected(as_of)
        return (nik, card, segment, fktp, status, as_of, self.source)


class DesilRows(CoverageRows):
    """A DTSEN desil list's rows: (key, desil, as-of, source), keyed "kk:<no_kk>" when the
    row names the KK, else "nik:<nik>" (the decile is the household's)."""

    def row(self, cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]) -> tuple:
        raw_kk, raw_nik, raw_desil, raw_date = cells
        if raw_kk.strip():
            key = "kk:" + _number(ids.check_kk(raw_kk), warn)
        elif raw_nik.strip():
            key = "nik:" + _number(ids.check_nik(raw_nik), warn)
        else:
            raise reject("import.desil_key")
        desil = routes.desil_of(raw_desil)
        if desil is None:
            raise reject("import.desil", value=ids.mask_digit_runs(raw_desil.strip(), 12))
        as_of = self.dates[raw_date]
        if isinstance(as_of, Problem):
            raise RowRejected(as_of)
        return (key, desil, as_of, self.source)


_KIND_BY_KEY = {"".join(k.lower().split()): k for k in FKTP_KINDS} | {
    "dpp": "Dokter Praktik Perorangan", "dokterumum": "Dokter Praktik Perorangan",
    "drg": "Dokter Gigi", "klinik": "Klinik Pratama", "rsdpratama": "RS Kelas D Pratama",
}  # fmt: skip


def facility_search_text(name: str, kind: str, address: str, code: str) -> str:
    return f"{name} {kind} {address} {code}".lower()


def facility_row(cells: tuple[str, ...], line: int, warn: Callable[[Problem], None]) -> tuple:
    raw_code, raw_name, raw_kind, raw_address, raw_region, raw_phone = cells
    code = raw_code.strip().upper()
    if not FACILITY_CODE.match(code):
        raise reject("import.facility_code")
    name = " ".join(raw_name.split())
    if not name:
        raise reject("import.facility_name")
    kind = _KIND_BY_KEY.get("".join(raw_kind.lower().split()))
    if kind is None:
        raise reject("import.facility_kind")
    region = _region_code(raw_region, warn)
    address = " ".join(raw_address.split())
    phone = raw_phone.strip()
    if phone and not re.fullmatch(r"[0-9+()\- ]{5,20}", phone):
        raise reject("import.phone")
    search = facility_search_text(name, kind, address, code)
    return (code, name[:120], kind, address[:200], region, phone, search)
