"""Writing checked rows to the database in bulk: new rows inserted, known ones updated, so a file
imported again changes nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter

from sqlalchemy import Connection
from sqlmodel import Session

from kiosk.base.errors import Problem
from kiosk.importing.report import ImportReport
from kiosk.importing.rows import FamiliesRows
from kiosk.rules import casecode, ids

IMPORT_CACHE_KIB = 64 * 1024  # SQLite page cache while importing; memory is taken as used

# Table and columns of each kind's rows, key first; the validators build tuples in this order.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "families": ("person", ("nik", "family_id", "name", "sex", "birth_place", "birth_date", "relation")),
    "coverage": (
        "coverage", ("nik", "card_number", "segment", "fktp_code", "status", "as_of", "source")
    ),
    "facilities": ("facility", ("code", "name", "kind", "address", "region_code", "phone", "search_text")),
    "desil": ("family", ("key", "desil", "desil_as_of", "desil_source")),
}  # fmt: skip

_FAMILY_COLUMNS = (
    "kk_number", "address", "rt", "rw", "region_code", "replaced_by", "source", "dusun",
)  # fmt: skip

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


# Extra conditions for replacing a stored row, per table: a coverage claim is replaced only by
# one at least as new (an old list re-imported never undoes a later check), and a check's
# answer only by a newer claim.
_REPLACE_IF = {
    "coverage": (
        ' AND ("coverage".as_of IS NULL OR (excluded.as_of IS NOT NULL'
        ' AND (excluded.as_of > "coverage".as_of OR (excluded.as_of = "coverage".as_of'
        " AND substr(\"coverage\".source, 1, 6) <> 'check:'))))"
    ),
}


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
        f"WHERE ({old}) {differs} ({new})" + _REPLACE_IF.get(table, "")
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


class Writer:
    """Writes validated rows chunk by chunk, so a large file never sits whole in memory.

    Everything stays in the caller's transaction: a file with a rejected row is still rolled
    back whole. (A writer thread was tried: the GIL hand-overs cost more than the overlap won.)
    """

    CHUNK = 20_000

    def __init__(
        self, session: Session, kind: str, families: FamiliesRows | None, report: ImportReport
    ) -> None:
        self.session = session
        self.kind = kind
        self.table, self.columns = COLUMNS[kind]
        self.families = families
        self.report = report
        self.written_kk: set[str] = set()

    def submit(self, rows: list[tuple], lines: dict[str, int] | None = None) -> None:
        """Write a chunk; `lines` (key -> line of the file) lets a warning name its line."""
        if not rows:
            return
        conn = self.session.connection()
        if self.kind == "desil":
            self._desil(conn, rows, lines or {})
            return
        values = ""
        if self.families is not None:
            self._warn_moves_out_of_open_cases(conn, rows, lines or {})
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

    def _desil(self, conn: Connection, rows: list[tuple], lines: dict[str, int]) -> None:
        """Each household's decile on its family row (by KK number, or by a member's NIK); a
        newer word is never replaced by an older one, and a KK or NIK the desk does not hold
        is said with its line. A village's list is a few thousand rows: one look-up each."""
        ph = _placeholder(conn)
        find = {
            "kk": f"SELECT id, desil, desil_as_of FROM family WHERE kk_number = {ph}",
            "nik": "SELECT f.id, f.desil, f.desil_as_of FROM family f"
            f" JOIN person p ON p.family_id = f.id WHERE p.nik = {ph}",
        }
        update = (
            f"UPDATE family SET desil = {ph}, desil_as_of = {ph}, desil_source = {ph}"
            f" WHERE id = {ph}"
        )
        for key, desil, as_of, source in rows:
            kind, _, number = key.partition(":")
            family = conn.exec_driver_sql(find[kind], (number,)).first()
            if family is None:
                self.report.warn(lines.get(key, 0), Problem("import.desil_unknown",
                                                            {"what": kind.upper()}))  # fmt: skip
                self.report.unchanged += 1
                continue
            family_id, old, old_as_of = family
            old_as_of = str(old_as_of) if old_as_of is not None else None
            older = old_as_of is not None and (as_of is None or as_of < old_as_of)
            if older or (old, old_as_of) == (desil, as_of):
                self.report.unchanged += 1
                continue
            conn.exec_driver_sql(update, (desil, as_of, source, family_id))
            self.report.updated += 1

    def _warn_moves_out_of_open_cases(
        self, conn: Connection, rows: list[tuple], lines: dict[str, int]
    ) -> None:
        """A person filed under another KK by this file while they sit in an open case: the
        case stays as it is (a person is registered once), and the operator is told which."""
        new_kk = {row[0]: row[1] for row in rows}
        niks = list(new_kk)
        for start in range(0, len(niks), _PROBE):
            part = niks[start : start + _PROBE]
            ph = ", ".join([_placeholder(conn)] * len(part))
            found = conn.exec_driver_sql(
                "SELECT p.nik, f.kk_number, c.code FROM person p JOIN family f ON f.id = p.family_id"
                ' JOIN casemember m ON m.open_nik = p.nik JOIN "case" c ON c.id = m.case_id'
                f" WHERE p.nik IN ({ph})",
                tuple(part),
            ).all()
            for nik, old_kk, code in found:
                if old_kk != new_kk[nik]:
                    self.report.warn(lines.get(nik, 0), Problem(
                        "import.moves_open_case",
                        {"code": casecode.display(code), "old": ids.mask_kk(old_kk),
                         "new": ids.mask_kk(new_kk[nik])},
                    ))  # fmt: skip


@contextmanager
def bulk_mode(session: Session) -> Iterator[None]:
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
