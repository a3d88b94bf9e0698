"""FKTP search for the walk: answers each keystroke from memory.

All facilities are read once in the order the operator wants them: the family's own
kecamatan first, then its kabupaten; Puskesmas first, then by type and name. A query
matches when every word appears in name, type, address or code. They are kept as a few
flat strings and arrays, not an object a row: 25,000 facilities hold about 6 MiB of data.

The search texts are joined into one string, in that order, and the query's rarest word
is found with `str.find` (C speed); the other words are checked only on those rows, and
the scan stops once a screenful is found. Each kept order holds the only copy of the search
texts it needs: a second order is made from the first, not from a third copy.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from kiosk.rules.reference import FKTP_KINDS
from models import Facility


@dataclass(frozen=True, slots=True)
class FacilityRow:
    """One facility as the FKTP step shows it (the address is read from the database by
    the papers that print it; the search text holds it for matching)."""

    code: str
    name: str
    kind: str
    region_code: str
    search_text: str


# Offsets and row numbers: 4 bytes on every system (a C long, "l", is 8 bytes on Linux and
# 4 on Windows), enough for 4 GiB of text.
_NUMBER = "I"


class _Packed:
    """Many short strings as one string and an array of offsets: 25,000 names cost their
    characters and 4 bytes each, instead of a string object (~80 bytes) each."""

    __slots__ = ("starts", "text")

    def __init__(self, items: Iterable[str]) -> None:
        parts: list[str] = []
        self.starts = array(_NUMBER, [0])
        offset = 0
        for item in items:
            parts.append(item)
            offset += len(item)
            self.starts.append(offset)
        self.text = "".join(parts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, n: int) -> str:
        return self.text[self.starts[n] : self.starts[n + 1]]

    def __iter__(self) -> Iterator[str]:
        text, starts = self.text, self.starts
        return (text[starts[n] : starts[n + 1]] for n in range(len(starts) - 1))


class _Table:
    """Every facility, by kind and name, in flat columns: the kept part of the index, but for
    the search texts, which each order keeps in its own order (`FacilityIndex.text`).

    Nothing read row by row is kept as an object of its own: one kept string every few
    rows (say, each kecamatan code once) would pin the memory of all the rows read around
    it, so the whole read stayed resident (~20 MiB for 25,000 rows instead of ~10)."""

    __slots__ = ("codes", "kind_names", "kinds", "names", "regions")

    def __init__(
        self, codes: _Packed, names: _Packed, kinds: array, regions: _Packed, kind_names: list[str]
    ) -> None:
        self.codes, self.names, self.kinds, self.regions = codes, names, kinds, regions
        self.kind_names = kind_names

    def __len__(self) -> int:
        return len(self.codes)


def _tabulate(rows: Iterable[tuple[str, str, str, str, str]]) -> tuple[_Table, _Packed]:
    """`rows`: (code, name, kind, region code, search text), in any order. The table, and
    the search texts in the table's order (for the first index made from it)."""
    codes: list[str] = []
    names: list[str] = []
    kinds = array("B")
    regions: list[str] = []
    search: list[str] = []
    kind_numbers: dict[str, int] = {kind: n for n, kind in enumerate(FKTP_KINDS)}
    for code, name, kind, region, text in rows:
        codes.append(code)
        names.append(name)
        kinds.append(kind_numbers.setdefault(kind, len(kind_numbers)))
        regions.append(region)
        search.append(text)
    # The kinds' numbers are their rank (Puskesmas first); kinds not in the list after.
    order = sorted(range(len(codes)), key=lambda n: (kinds[n], names[n].lower()))
    table = _Table(
        _Packed(codes[n] for n in order),
        _Packed(names[n] for n in order),
        array("B", (kinds[n] for n in order)),
        _Packed(regions[n] for n in order),
        list(kind_numbers),
    )
    return table, _Packed(search[n] for n in order)


class _InTableOrder:
    """An index's search texts read in the table's order, to make another order from them
    without a copy of its own."""

    __slots__ = ("index", "position")

    def __init__(self, index: FacilityIndex) -> None:
        self.index = index
        self.position = array(_NUMBER, [0]) * len(index.order)
        for k, n in enumerate(index.order):
            self.position[n] = k

    def __getitem__(self, n: int) -> str:
        return self.index.text[self.position[n]][:-1]  # without its "\n"


class FacilityIndex:
    def __init__(self, rows: Iterable[FacilityRow], home_region: str = "") -> None:
        table, texts = _tabulate(
            (r.code, r.name, r.kind, r.region_code, r.search_text) for r in rows
        )
        self._arrange(table, texts, home_region)

    @classmethod
    def ordered(
        cls, table: _Table, texts: _Packed | _InTableOrder, home_region: str
    ) -> FacilityIndex:
        """The index of `table` for a family of `home_region`; `texts`: the search texts in
        the table's order."""
        index = cls.__new__(cls)
        index._arrange(table, texts, home_region)
        return index

    def _arrange(self, table: _Table, texts: _Packed | _InTableOrder, home_region: str) -> None:
        home6, home4 = home_region[:6], home_region[:4]
        # The family's kecamatan, then its kabupaten, then the rest; a stable split keeps the
        # order by kind and name within each, in one pass instead of a sort.
        near, kabupaten, rest = array(_NUMBER), array(_NUMBER), array(_NUMBER)
        for n, region in enumerate(table.regions):
            if home6 and region.startswith(home6):
                near.append(n)
            elif home4 and region.startswith(home4):
                kabupaten.append(n)
            else:
                rest.append(n)
        self.table = table
        self.order = near + kabupaten + rest
        # Each search text ends in "\n", so a word never matches across two rows.
        self.text = _Packed(texts[n] + "\n" for n in self.order)

    def in_table_order(self) -> _InTableOrder:
        """This index's search texts in the table's order (to make another order)."""
        return _InTableOrder(self)

    def __len__(self) -> int:
        return len(self.order)

    def row(self, n: int) -> FacilityRow:
        """The `n`th facility in this index's order."""
        table, m = self.table, self.order[n]
        return FacilityRow(
            table.codes[m], table.names[m], table.kind_names[table.kinds[m]], table.regions[m],
            self.text[n][:-1],
        )  # fmt: skip

    def rows(self) -> list[FacilityRow]:
        """Every facility in this index's order, as objects (for tools and tests: the
        search itself never makes more than a screenful)."""
        return [self.row(n) for n in range(len(self))]

    def search(self, query: str, limit: int = 50) -> list[FacilityRow]:
        words = query.lower().split()
        if not words:
            return [self.row(n) for n in range(min(limit, len(self)))]
        text, starts = self.text.text, self.text.starts
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
            position = starts[n + 1]
            if others:
                row_text = text[starts[n] : position]
                if not all(w in row_text for w in others):
                    continue
            found.append(self.row(n))
        return found

    def get(self, code: str) -> FacilityRow | None:
        """The facility with this code (a C-speed scan of one string: tens of µs, and no
        dictionary of 25,000 keys kept for a lookup made once a case)."""
        codes = self.table.codes
        position = codes.text.find(code) if code else -1
        while position >= 0:
            n = bisect_right(codes.starts, position) - 1
            if codes.starts[n] == position and codes[n] == code:
                return self.row(self.order.index(n))  # a C-speed scan, once a case
            position = codes.text.find(code, position + 1)
        return None


def _read_table(session: Session) -> tuple[_Table, _Packed]:
    """Every facility, streamed from the database into the packed columns; and the search
    texts in the table's order, for the first index."""
    t = Facility.__table__.c  # type: ignore[attr-defined]
    stmt = select(t.code, t.name, t.kind, t.region_code, t.search_text)
    return _tabulate(session.connection().execute(stmt))


# --- one index per process, kept -------------------------------------------------------
# Reading 25,000 facilities and building the index costs a few hundred ms and ~20 MiB: done
# once per kiosk process (and again only after a facilities import), never per case or on a
# key press. A kiosk serves one kecamatan or a few, so the orders asked for are few.
VERSION_KEY = "facilities_version"
_KEEP_ORDERS = 2  # a village desk serves its own kecamatan, now and then a neighbour
_lock = threading.Lock()
_table: tuple[str, _Table] | None = None  # (version, every facility by kind and name)
_indexes: dict[tuple[str, str], FacilityIndex] = {}


def index_for(session: Session, home_region: str = "") -> FacilityIndex:
    """The index ordered for a family of `home_region`, built once and kept; rebuilt only
    when the facilities were imported again (one primary-key read tells)."""
    global _table
    from kiosk.desk import settings

    version = settings.get(session, VERSION_KEY)
    key = (home_region[:6], home_region[:4])
    with _lock:  # two screens asking at once build it once
        table = _table[1] if _table is not None and _table[0] == version else None
        if table is not None and key in _indexes:
            return _indexes[key]
        texts: _Packed | _InTableOrder
        if table is None or not _indexes:
            _table = table = None  # the old one freed before the new one is read
            _indexes.clear()
            table, texts = _read_table(session)
            _table = (version, table)
        else:  # another order of the same table: its texts come from the newest kept order
            texts = next(reversed(_indexes.values())).in_table_order()
        if len(_indexes) >= _KEEP_ORDERS:
            _indexes.pop(next(iter(_indexes)))
        index = _indexes[key] = FacilityIndex.ordered(table, texts, home_region)
        return index


def facilities_changed(session: Session) -> None:
    """After writing facilities: every kiosk's kept index is stale. The caller commits."""
    import secrets

    from kiosk.desk import settings

    settings.put(session, VERSION_KEY, secrets.token_hex(8))
