"""Time, in one place: naive UTC in the database, local dates for the family."""

from __future__ import annotations

from datetime import date, datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    return date.today()


def age(born: date, on: date | None = None) -> int:
    """Whole years from `born` to `on` (today): a member's age on the member list."""
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def to_local(utc: datetime) -> datetime:
    """A stored (naive UTC) time in the kiosk's own time zone, for the operator to read."""
    return utc.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)
