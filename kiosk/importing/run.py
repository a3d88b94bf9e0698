"""Importing a village file: every row checked, nothing written unless every row is good (or bad
rows are skipped on request), one report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from operator import itemgetter
from pathlib import Path

from sqlmodel import Session

from kiosk.base import clock, text
from kiosk.base.errors import Problem
from kiosk.importing.bulk import COLUMNS, Writer, bulk_mode, insert_new
from kiosk.importing.cells import FileProblem, RowCells
from kiosk.importing.columns import ALIASES, KINDS, REQUIRED, SIAK_POSITIONS, is_siak
from kiosk.importing.csvfile import read_rows
from kiosk.importing.report import ImportReport
from kiosk.importing.rows import (
    CoverageRows,
    DesilRows,
    FamiliesRows,
    RowRejected,
    facility_row,
    reject,
)

PROGRESS_EVERY = 5_000  # rows: a bar that moves, at no cost to a row


def _validate_and_write(
    rows: Iterator[tuple[int, RowCells]],
    pick: Callable[[list[str]], tuple[str, ...]],
    width: int,
    validate: Callable[[tuple[str, ...], int, Callable[[Problem], None]], tuple | None],
    writer: Writer,
    skip_bad: bool,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Validate and report every row; hand the good ones to the writer a chunk at a time,
    and none after a rejected row unless skip_bad (then the file imports nothing)."""
    report = writer.report
    coverage = writer.table == "coverage"
    # What makes a row one of a kind, as the operator knows it.
    key_name = {"facility": "kode", "family": "No. KK / NIK"}.get(writer.table, "NIK")
    seen: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    good: list[tuple] = []
    warnings: list[Problem] = []  # one list for every row, emptied after use
    warn = warnings.append
    read = 0
    columns = width - 1  # the header's; cell `columns` is the "" an absent column reads
    for read, (line, cells) in enumerate(rows, 1):
        if progress is not None and not read % PROGRESS_EVERY:
            progress(read)
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
        refused = text.first_refused(cells)
        if refused is not None:
            column, char = refused
            report.reject(
                line,
                Problem("import.control_char", {"column": column, "char": text.char_name(char)}),
            )
            continue
        cells.append("")
        try:
            row = validate(pick(cells), line, warn)
            if row is None:
                report.skipped += 1
            elif row[0] in seen:
                raise reject("import.duplicate", line=seen[row[0]], what=key_name)
            elif coverage:
                if row[1] in seen_cards:
                    raise reject("import.duplicate_card", line=seen_cards[row[1]])
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
        if len(good) == Writer.CHUNK and (skip_bad or not report.rejected):
            writer.submit(good, seen)
            good = []
    report.read = read
    if progress is not None:
        progress(read)  # the bar full, whatever its last step
    if not report.rejected or skip_bad:
        writer.submit(good, seen)


def import_file(
    session: Session,
    kind: str,
    path: Path,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    default_region: str = "",
    as_of: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate and import one CSV file. Raises FileProblem for an unusable file.

    `as_of`: the day a coverage list was true (rows may say their own); None: unknown.
    `progress`: told the rows read so far, every PROGRESS_EVERY rows."""
    if kind not in KINDS:
        raise ValueError(kind)
    from kiosk.desk import audit

    if as_of is not None and as_of > clock.today():
        raise FileProblem(Problem("import.as_of_future", {"value": clock.day_text(as_of)}))
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
    if kind == "desil" and "no_kk" not in index and "nik" not in index:
        required.append("no_kk / nik")
    if required:
        rows.close()
        raise FileProblem(
            Problem("import.missing_columns", {"columns": ", ".join(required), "kind": kind})
        )

    report = ImportReport(kind)
    families = (
        FamiliesRows(default_region, f"opensid:{audit.file_name(path)}")
        if kind == "families"
        else None
    )
    if families is not None:
        validate = families.row
    elif kind == "coverage":
        validate = CoverageRows(as_of, f"file:{audit.file_name(path)}").row
    elif kind == "desil":
        validate = DesilRows(as_of, f"file:{audit.file_name(path)}").row
    else:
        validate = facility_row
    writer = Writer(session, kind, families, report)
    # Each row's cells in ALIASES order. A column the file lacks reads the "" put after a
    # row's last cell; itemgetter does the picking in C.
    pick = itemgetter(*(index.get(column, len(header)) for column in aliases))
    try:
        with bulk_mode(session):
            _validate_and_write(rows, pick, len(header) + 1, validate, writer, skip_bad, progress)
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
            session.connection(), "coverage", COLUMNS["coverage"][1],
            list(families.coverage.values()),
        )  # fmt: skip
    if kind == "facilities" and (report.inserted or report.updated):
        from kiosk.registry.facilities import facilities_changed

        facilities_changed(session)  # kiosks running now rebuild their search index
    counts = f"+{report.inserted} ~{report.updated} ={report.unchanged} -{report.rejected}"
    # The file's name as the trail may hold it: a KK in a file name is masked.
    audit.record(session, "import", detail=f"{kind} {audit.file_name(path)}: {counts}"[:300])
    session.commit()
    report.written = True
    from kiosk.base.logs import log

    log.info("import %s %s: %s", kind, audit.file_name(path), counts)
    return report
