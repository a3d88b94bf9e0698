"""What the desk knows of each person's JKN cover, with its source and date, and the answers of
the checks operators make by hand (never by a script: BPJS's portals are not ours to scrape)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.desk import audit, settings
from kiosk.rules import ids, standing
from kiosk.rules.standing import Standing
from models import Coverage

ANSWERS = ("active", "inactive", "none")  # what a check by hand can find


@dataclass(frozen=True)
class Claim:
    """One person's cover as the desk holds it."""

    nik: str
    card_number: str
    segment: str
    status: str
    as_of: date | None
    inactive_since: date | None
    source: str

    @classmethod
    def of(cls, row: Coverage) -> Claim:
        return cls(
            row.nik, row.card_number, row.segment, row.status, row.as_of, row.inactive_since,
            row.source,
        )  # fmt: skip

    def standing(self, today: date, window_days: int) -> Standing:
        return standing.standing(self.segment, self.status, self.as_of, today, window_days)


def window_days(session: Session) -> int:
    return settings.get_int(session, "coverage_window_days")


def claims_for(session: Session, niks: Iterable[str]) -> dict[str, Claim]:
    wanted = [n for n in niks if n]
    if not wanted:
        return {}
    rows = session.exec(select(Coverage).where(col(Coverage.nik).in_(wanted))).all()
    return {r.nik: Claim.of(r) for r in rows}


@dataclass(frozen=True)
class CheckAnswer:
    """What the operator found when checking a person by hand, before it is stored."""

    answer: str  # one of ANSWERS
    channel: str  # one of standing.CHANNELS
    card: str = ""  # active: the 13-digit card number
    segment: str = ""  # active or inactive: the segment BPJS named
    inactive_since: date | None = None  # inactive: the day cover stopped


def check_answer(
    answer: str, channel: str, card_raw: str, segment_raw: str, since_raw: str, today: date
) -> CheckAnswer | dict[str, Problem]:
    """The answer as typed, checked field by field: the answer, or the problem per field."""
    problems: dict[str, Problem] = {}
    if answer not in ANSWERS:
        problems["answer"] = Problem("check.answer")
    if channel not in standing.CHANNELS:
        problems["channel"] = Problem("check.channel")
    card, segment, since = "", "", None
    if answer in ("active", "inactive"):
        segment = standing.segment_of(segment_raw) or ""
        if not segment:
            problems["segment"] = Problem("member.segment")
    # Active: the card is required. Inactive: optional, but never a wrong one.
    if answer == "active" or (answer == "inactive" and card_raw.strip()):
        found = ids.check_card(card_raw)
        if found.ok:
            card = found.value
        else:
            problems["card"] = found.errors[0]
    if answer == "inactive":
        if (control := text.control_problem(since_raw)) is not None:
            problems["since"] = control
        elif since_raw.strip():
            since = clock.parse_date(since_raw)
            if since is None:
                problems["since"] = Problem("check.since")
            elif since > today:
                problems["since"] = Problem("check.since_future")
    if problems:
        return problems
    return CheckAnswer(answer, channel, card, segment, since)


def record_check(
    session: Session, nik: str, found: CheckAnswer, operator_id: int | None,
    case_id: int | None = None,
) -> Claim:  # fmt: skip
    """Store what a check by hand found, as today's claim about this person; audited.
    The caller commits."""
    if found.answer not in ANSWERS:
        raise fail("check.answer")
    row = session.exec(select(Coverage).where(Coverage.nik == nik)).first()
    if row is None:
        row = Coverage(nik=nik)
    if found.answer == "active":
        row.card_number, row.segment, row.inactive_since = found.card, found.segment, None
    elif found.answer == "inactive":
        row.card_number = found.card or row.card_number
        row.segment, row.inactive_since = found.segment, found.inactive_since
    else:  # not in JKN: whatever a list said, this person is to be registered
        row.card_number, row.segment, row.inactive_since = "", "", None
    if row.card_number:
        other = session.exec(
            select(Coverage.id).where(Coverage.card_number == row.card_number, Coverage.nik != nik)
        ).first()
        if other is not None:  # one card, one person: a typo in the card is the likelier story
            session.rollback()
            raise WorkflowError(Problem("check.card_taken"))
    row.status, row.as_of = found.answer, clock.today()
    row.source, row.checked_by = f"check:{found.channel}", operator_id
    session.add(row)
    session.flush()
    detail = f"{found.answer} {found.channel} {ids.mask_nik(nik)}"
    if found.card:
        detail += f" {found.segment} {ids.mask_card(found.card)}"
    if found.inactive_since is not None:
        detail += f" since {found.inactive_since.isoformat()}"
    audit.record(session, "coverage_checked", case_id=case_id, operator_id=operator_id,
                 detail=detail[:300])  # fmt: skip
    return Claim.of(row)
