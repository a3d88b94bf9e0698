"""FKTP search for the walk: answers each keystroke from memory.

All facilities are read once (25,000 rows are a few MB) in the order the operator wants
them: the family's own kecamatan first, then its kabupaten; Puskesmas first, then by type
and name. A query matches
when every word appears in name, type, address or code. Typing one more letter only filters
the previous matches, so the list narrows without rescanning.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from kiosk.reference import FKTP_KINDS
from models import Facility


@dataclass(frozen=True)
class FacilityRow:
    code: str
    name: str
    kind: str
    address: str
    region_code: str
    search_text: str


class FacilityIndex:
    def __init__(self, rows: list[FacilityRow], home_region: str = "") -> None:
        home6, home4 = home_region[:6], home_region[:4]

        kinds = {kind: n for n, kind in enumerate(FKTP_KINDS)}

        def rank(r: FacilityRow) -> tuple[int, int, str]:
            if home6 and r.region_code.startswith(home6):
                near = 0
            elif home4 and r.region_code.startswith(home4):
                near = 1
            else:
                near = 2
            return near, kinds.get(r.kind, len(kinds)), r.name.lower()

        self.rows = sorted(rows, key=rank)
        self.by_code = {r.code: r for r in self.rows}
        self._last_query: list[str] = []
        self._last_matches: list[FacilityRow] = self.rows

    @classmethod
    def load(cls, session: Session, home_region: str = "") -> FacilityIndex:
        t = Facility.__table__.c  # type: ignore[attr-defined]
        stmt = select(t.code, t.name, t.kind, t.address, t.region_code, t.search_text)
        return cls([FacilityRow(*r) for r in session.connection().execute(stmt)], home_region)

    def search(self, query: str, limit: int = 50) -> list[FacilityRow]:
        words = query.lower().split()
        if not words:
            self._last_query, self._last_matches = [], self.rows
            return self.rows[:limit]
        # Narrow the previous matches when the new query only adds to the old one.
        last = self._last_query
        narrows = (
            bool(last)
            and len(words) >= len(last)
            and all(
                w.startswith(o) if i == len(last) - 1 else w == o
                for i, (o, w) in enumerate(zip(last, words, strict=False))
            )
        )
        pool = self._last_matches if narrows else self.rows
        matches = [r for r in pool if all(w in r.search_text for w in words)]
        self._last_query, self._last_matches = words, matches
        return matches[:limit]

    def get(self, code: str) -> FacilityRow | None:
        return self.by_code.get(code)
