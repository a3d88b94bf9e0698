"""Time, in one place: naive UTC in the database, local dates for the family."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

_NO_SHIFT = timedelta(0)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


_shift = threading.local()


def _wall() -> datetime:
    """The machine's clock, naive UTC (tests freeze this one)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def utcnow() -> datetime:
    return _wall() - getattr(_shift, "delta", _NO_SHIFT)


def today() -> date:
    """The local date now (the family's calendar)."""
    return to_local(utcnow()).date()


@contextmanager
def shifted(back: timedelta) -> Iterator[None]:
    """This thread's clock `back` in the past while the block runs: the demo village writes
    its sample cases (and their audit trail) as they would have been written weeks ago."""
    previous = getattr(_shift, "delta", _NO_SHIFT)
    _shift.delta = back
    try:
        yield
    finally:
        _shift.delta = previous


def age(born: date, on: date | None = None) -> int:
    """Whole years from `born` to `on` (today): a member's age on the member list."""
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def day_start_utc(day: date) -> datetime:
    """The first moment of a local day, as the database stores time (naive UTC): where a
    period typed as dates begins."""
    return (
        datetime.combine(day, datetime.min.time())
        .astimezone()
        .astimezone(timezone.utc)
        .replace(tzinfo=None)
    )


def day_text(value: date | None, missing: str = "-") -> str:
    """A date as the family writes it (24-11-2026), or `missing`."""
    return value.strftime("%d-%m-%Y") if value else missing


def to_local(utc: datetime) -> datetime:
    """A stored (naive UTC) time in the kiosk's own time zone, for the operator to read."""
    return utc.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


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
