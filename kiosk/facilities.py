"""FKTP search for the walk: answers each keystroke from memory.

All facilities are read once (25,000 rows are a few MB) in the order the operator wants
them: the family's own kecamatan first, then its kabupaten; Puskesmas first, then by type
and name. A query matches when every word appears in name, type, address or code.

The search texts are joined into one string, in that order, and the query's rarest word
is found with `str.find` (C speed); the other words are checked only on those rows, and
the scan stops once a screenful is found.
"""

from __future__ import annotations

from bisect import bisect_right
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
        self.text = "\n".join(r.search_text for r in self.rows)
        self.starts: list[int] = []
        offset = 0
        for r in self.rows:
            self.starts.append(offset)
            offset += len(r.search_text) + 1

    @classmethod
    def load(cls, session: Session, home_region: str = "") -> FacilityIndex:
        t = Facility.__table__.c  # type: ignore[attr-defined]
        stmt = select(t.code, t.name, t.kind, t.address, t.region_code, t.search_text)
        return cls([FacilityRow(*r) for r in session.connection().execute(stmt)], home_region)

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
