"""FKTP search for the walk: answers each keystroke from memory.

All facilities are read once (25,000 rows are a few MB) in the order the operator wants
them: the family's own kecamatan first, then its kabupaten; Puskesmas first, then by type
and name. A query matches when every word appears in name, type, address or code.

The search texts are joined into one string, in that order, and the query's rarest word
is found with `str.find` (C speed); the other words are checked only on those rows, and
the scan stops once a screenful is found.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from kiosk.reference import FKTP_KINDS
from models import Facility


@dataclass(frozen=True, slots=True)
class FacilityRow:
    code: str
    name: str
    kind: str
    address: str
    region_code: str
    search_text: str


def by_kind_and_name(rows: list[FacilityRow]) -> list[FacilityRow]:
    """Puskesmas first, then by type and name: the order within each distance."""
    kinds = {kind: n for n, kind in enumerate(FKTP_KINDS)}
    return sorted(rows, key=lambda r: (kinds.get(r.kind, len(kinds)), r.name.lower()))


class FacilityIndex:
    def __init__(
        self, rows: list[FacilityRow], home_region: str = "", ordered: bool = False
    ) -> None:
        """`ordered`: the rows are already by kind and name (from `by_kind_and_name`)."""
        home6, home4 = home_region[:6], home_region[:4]
        if not ordered:
            rows = by_kind_and_name(rows)
        # The family's kecamatan, then its kabupaten, then the rest; a stable split keeps the
        # order by kind and name within each, in one pass instead of a sort.
        near: list[FacilityRow] = []
        kabupaten: list[FacilityRow] = []
        rest: list[FacilityRow] = []
        for r in rows:
            if home6 and r.region_code.startswith(home6):
                near.append(r)
            elif home4 and r.region_code.startswith(home4):
                kabupaten.append(r)
            else:
                rest.append(r)
        self.rows = near + kabupaten + rest
        self.by_code = {r.code: r for r in self.rows}
        self.text = "\n".join(r.search_text for r in self.rows)
        # One machine word per row, not an int object each (25,000 of them).
        self.starts = array("q")
        offset = 0
        for r in self.rows:
            self.starts.append(offset)
            offset += len(r.search_text) + 1

    def search(self, query: str, limit: int = 50) -> list[FacilityRow]:
        words = query.lower().split()
        if not words:
            return self.rows[:limit]
        text, starts, rows = self.text, self.starts, self.rows
        # Scan by the rarest word, judged on a sample of the text (a full count costs more
        # than the search); check the other words on its rows only.
        sample = min(len(text), 100_000)
        rarest = (
            min(words, key=lambda w: (text.count(w, 0, sample), -len(w)))
            if len(words) > 1
            else words[0]
        )
        others = [w for w in words if w != rarest]
        found: list[FacilityRow] = []
        position = 0
        while len(found) < limit:
            hit = text.find(rarest, position)
            if hit < 0:
                break
            n = bisect_right(starts, hit) - 1
            row = rows[n]
            if all(w in row.search_text for w in others):
                found.append(row)
            position = starts[n + 1] if n + 1 < len(starts) else len(text)
        return found

    def get(self, code: str) -> FacilityRow | None:
        return self.by_code.get(code)


def _read_rows(session: Session) -> list[FacilityRow]:
    """Every facility, lean: the address lives in the search text (the slip reads it from
    the database), and the few kinds and kecamatan codes are shared, not one copy a row."""
    t = Facility.__table__.c  # type: ignore[attr-defined]
    stmt = select(t.code, t.name, t.kind, t.region_code, t.search_text)
    shared: dict[str, str] = {}
    return [
        FacilityRow(code, name, shared.setdefault(kind, kind), "",
                    shared.setdefault(region, region), text)
        for code, name, kind, region, text in session.connection().execute(stmt)
    ]  # fmt: skip


# --- one index per process, kept -------------------------------------------------------
# Reading 25,000 facilities and building the index costs a few hundred ms and ~20 MiB: done
# once per kiosk process (and again only after a facilities import), never per case or on a
# key press. A kiosk serves one kecamatan or a few, so the orders asked for are few.
VERSION_KEY = "facilities_version"
_KEEP_ORDERS = 2  # a village desk serves its own kecamatan, now and then a neighbour
_lock = threading.Lock()
_rows: tuple[str, list[FacilityRow]] | None = None  # (version, rows by kind and name)
_indexes: dict[tuple[str, str], FacilityIndex] = {}


def index_for(session: Session, home_region: str = "") -> FacilityIndex:
    """The index ordered for a family of `home_region`, built once and kept; rebuilt only
    when the facilities were imported again (one primary-key read tells)."""
    global _rows
    from kiosk import settings

    version = settings.get(session, VERSION_KEY)
    key = (home_region[:6], home_region[:4])
    with _lock:  # two screens asking at once build it once
        if _rows is None or _rows[0] != version:
            _rows = (version, by_kind_and_name(_read_rows(session)))
            _indexes.clear()
        index = _indexes.get(key)
        if index is None:
            if len(_indexes) >= _KEEP_ORDERS:
                _indexes.pop(next(iter(_indexes)))
            index = _indexes[key] = FacilityIndex(_rows[1], home_region, ordered=True)
        return index


def facilities_changed(session: Session) -> None:
    """After writing facilities: every kiosk's kept index is stale. The caller commits."""
    import secrets

    from kiosk import settings

    settings.put(session, VERSION_KEY, secrets.token_hex(8))
