"""Family relation codes (SHDK, status hubungan dalam keluarga) as the civil registry uses them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from kiosk.base.i18n import t

HEAD = 1
CODES = tuple(range(1, 12))
# Labels as they appear in OpenSID and SIAK files, compared without spaces or case.
_LABELS = {
    "KEPALAKELUARGA": 1, "SUAMI": 2, "ISTRI": 3, "ANAK": 4, "MENANTU": 5, "CUCU": 6,
    "ORANGTUA": 7, "MERTUA": 8, "FAMILILAIN": 9, "PEMBANTU": 10, "LAINNYA": 11,
    "FAMILI": 9, "KK": 1, "KEPALA": 1,
}  # fmt: skip


class _Related(Protocol):
    @property
    def relation(self) -> int: ...


Member = TypeVar("Member", bound=_Related)


def head_of(members: Sequence[Member]) -> Member | None:
    """The family's head: the member listed as head, else the first member listed (a KK
    whose head died or left still has someone who speaks for it)."""
    return next((m for m in members if m.relation == HEAD), members[0] if members else None)


def parse(raw: str) -> int | None:
    text = (raw or "").strip()
    if text.isdigit():
        code = int(text)
        return code if code in CODES else None
    return _LABELS.get("".join(text.upper().split()).replace("-", ""))


def label(code: int) -> str:
    return t(f"relation.{code}")
