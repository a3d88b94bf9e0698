"""The family's data over time: removed when the retention period ends, removed on the
family's request, and handed to the family on request (UU 27/2022 on personal data).

Removing a case's personal data keeps what reports count (status, class, amount, chosen
and issued FKTP, dates, the audit trail, which never held personal numbers) and blanks what
names or numbers a person: KK, NIK, names, birth dates, phone, email, bank account, VA and
card numbers, the consenting person's name, notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from kiosk.base import clock
from kiosk.base.errors import fail
from kiosk.cases import lifecycle
from kiosk.desk import audit, settings
from kiosk.rules import casecode, ids, timing
from models import (
    AuditEvent,
    Case,
    CaseMember,
    CaseStatus,
    Coverage,
    Family,
    Operator,
    Person,
    TypedField,
    Visit,
)

PURGED_BIRTH = date(1900, 1, 1)


def due(session: Session, today: date | None = None) -> list[Case]:
    """Cases whose personal data the retention period no longer covers: closed (cancelled,
    referred, or active with every card as the family chose) and untouched since the cutoff."""
    from kiosk.cases import fktp_remedy

    today = today or clock.today()
    months = settings.get_int(session, "retention_months")
    cutoff = clock.day_start_utc(timing.add_months(today, -months))
    candidates = session.exec(
        select(Case).where(
            col(Case.purged_at).is_(None),
            col(Case.status).in_((*lifecycle.CLOSED, CaseStatus.ACTIVE)),
            col(Case.updated_at) < cutoff,
        )
    ).all()
    return [
        c
        for c in candidates
        if c.status in lifecycle.CLOSED or not fktp_remedy.remedy(session, c).differing
    ]


def stale(session: Session, today: date | None = None) -> list[Case]:
    """Cases nobody will finish: drafts untouched for the desk's `abandoned_days`, and VAs
    still unpaid that many days after BPJS's payment window closed."""
    today = today or clock.today()
    days = settings.get_int(session, "abandoned_days")
    drafts = session.exec(
        select(Case).where(
            Case.status == CaseStatus.DRAFT,
            col(Case.updated_at) < clock.day_start_utc(today - timedelta(days=days)),
        )
    ).all()
    # The window is timing's (from the registration); the database narrows the candidates to
    # those registered early enough, with a day's margin for the local calendar.
    before = clock.day_start_utc(today - timedelta(days=days + timing.PAY_WITHIN_DAYS - 1))
    registered = func.coalesce(col(Case.submitted_at), col(Case.va_issued_at))
    candidates = session.exec(
        select(Case).where(Case.status == CaseStatus.VA_ISSUED, registered < before)
    ).all()
    unpaid = [
        c for c in candidates
        if (on := timing.registered_on(c)) is not None
        and timing.payment_window(on).closes + timedelta(days=days) < today
    ]  # fmt: skip
    return [*drafts, *unpaid]


def close_stale(
    session: Session, *, dry_run: bool = False, today: date | None = None,
    operator_id: int | None = None,
) -> list[str]:  # fmt: skip
    """Close every stale case with its reason and remove its personal data; the codes."""
    cases = stale(session, today)
    codes = [c.code for c in cases]
    if dry_run or not cases:
        return codes
    now = clock.utcnow()
    for case in cases:
        reason = "abandoned" if case.status == CaseStatus.DRAFT else "va_expired"
        case.reason, case.reason_note = reason, ""
        lifecycle.transition(session, case, CaseStatus.CANCELLED, operator_id, reason)
        _anonymise(session, case, now)
    session.commit()
    return codes


def _anonymise(session: Session, case: Case, now: datetime) -> None:
    """Blank what names or numbers a person, and delete the papers saved for the case."""
    from kiosk.base.config import papers_of
    from kiosk.rules import casecode

    for paper in papers_of(casecode.display(case.code)):
        paper.unlink(missing_ok=True)
    case.kk_number = case.head_name = case.phone = case.email = ""
    case.bank = case.bank_account = case.va_number = case.reason_note = case.consent_by = ""
    case.held_by, case.held_kiosk, case.held_until = None, "", None
    case.purged_at = now
    session.add(case)
    for m in session.exec(select(CaseMember).where(CaseMember.case_id == case.id)):
        m.nik = m.name = m.card_number = m.existing_card = ""
        m.birth_date, m.person_id = PURGED_BIRTH, None
        session.add(m)
    for typed in session.exec(select(TypedField).where(TypedField.case_id == case.id)):
        session.delete(typed)


def purge(
    session: Session, *, dry_run: bool = False, today: date | None = None,
    operator_id: int | None = None,
) -> list[str]:  # fmt: skip
    """Close the stale cases (`close_stale`), then remove the personal data of every case past
    the retention period; the codes of both."""
    closed = close_stale(session, dry_run=dry_run, today=today, operator_id=operator_id)
    cases = due(session, today)
    codes = [*closed, *(c.code for c in cases)]
    if not dry_run:
        remove_lists(clock.utcnow() - timedelta(days=LIST_DAYS))
    if dry_run or not cases:
        return codes
    now = clock.utcnow()
    for case in cases:
        _anonymise(session, case, now)
    months = settings.get_int(session, "retention_months")
    audit.record(
        session, "purge", operator_id=operator_id, detail=f"{len(cases)} cases, {months} months"
    )
    session.commit()
    return codes


def _family(session: Session, kk: str) -> tuple[str, Family | None, list[Case]]:
    check = ids.check_kk(kk)
    if not check.ok:
        raise fail(check.errors[0].key, **check.errors[0].params)
    number = check.value
    family = session.exec(select(Family).where(Family.kk_number == number)).first()
    cases = list(
        session.exec(select(Case).where(Case.kk_number == number).order_by(col(Case.created_at)))
    )
    if family is None and not cases:
        raise fail("family.unknown", kk=ids.mask_kk(number))
    return number, family, cases


@dataclass
class FamilyRecord:
    """Everything the desk holds about one family, for the family (nothing masked)."""

    kk: str
    data: dict[str, Any]


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
        for k, v in obj.model_dump().items()
        if k not in skip
    }


def export_family(session: Session, kk: str) -> FamilyRecord:
    number, family, cases = _family(session, kk)
    persons = (
        list(session.exec(select(Person).where(Person.family_id == family.id))) if family else []
    )
    niks = [p.nik for p in persons]
    cover = list(session.exec(select(Coverage).where(col(Coverage.nik).in_(niks)))) if niks else []
    names = {o.id: o.name for o in session.exec(select(Operator))}
    visits = list(session.exec(select(Visit).where(Visit.family_id == family.id))) if family else []
    records = []
    for case in cases:
        members = session.exec(select(CaseMember).where(CaseMember.case_id == case.id)).all()
        events = session.exec(
            select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(col(AuditEvent.seq))
        ).all()
        records.append({
            "case": _row(case, ("held_by", "held_kiosk", "held_until", "legacy_sig", "operator_id")),
            "operator": names.get(case.operator_id, ""),
            "members": [_row(m, ("id", "case_id", "person_id")) for m in members],
            "history": [
                {"at": e.at.isoformat(), "by": names.get(e.operator_id, ""),
                 "what": audit.describe(e.action, e.detail)}
                for e in events
            ],
        })  # fmt: skip
    data = {
        "kk": number,
        "family": _row(family, ("id",)) if family else None,
        "persons": [_row(p, ("id", "family_id")) for p in persons],
        "coverage": [_row(c, ("id",)) for c in cover],
        "visits": [_row(v, ("id", "family_id", "operator_id")) for v in visits],
        "cases": records,
        "retention_months": settings.get_int(session, "retention_months"),
        "contact": settings.get(session, "privacy_contact"),
        "made": clock.utcnow().isoformat(timespec="seconds"),
    }
    return FamilyRecord(number, data)


def _followed(session: Session, cases: list[Case]) -> Case | None:
    """An active case still on the follow-up list: a card issued with another FKTP than the
    family chose, its change not yet seen on the card (kiosk.followup.followups)."""
    from kiosk.cases.answers import CARD_DIFFERS_SQL

    active = {c.id: c for c in cases if c.status == CaseStatus.ACTIVE}
    if not active:
        return None
    differing = session.exec(
        select(CaseMember.case_id).where(col(CaseMember.case_id).in_(active), CARD_DIFFERS_SQL)
    ).first()
    return active[differing] if differing is not None else None


def forget_family(session: Session, kk: str, operator_id: int | None = None) -> int:
    """The family asked the desk to delete its data: its cases are anonymised and its rows in
    the village data removed (persons, cover, the KK and address). Refused while a case is
    still in progress (the family would lose a registration half done); the number of cases
    anonymised."""
    number, family, cases = _family(session, kk)
    waiting = [c for c in cases if c.status in lifecycle.IN_PROGRESS]
    if waiting:
        raise fail("family.in_progress", code=casecode.display(waiting[0].code))
    followed = _followed(session, cases)
    if followed is not None:
        # Anonymised, it would stay on the follow-up list as a case nobody can call.
        raise fail("family.follow_up_open", code=casecode.display(followed.code))
    now = clock.utcnow()
    for case in cases:
        if case.purged_at is None:
            _anonymise(session, case, now)
    session.flush()
    if family is not None:
        persons = list(session.exec(select(Person).where(Person.family_id == family.id)))
        niks = [p.nik for p in persons]
        for row in (
            session.exec(select(Coverage).where(col(Coverage.nik).in_(niks))) if niks else []
        ):
            session.delete(row)
        for person in persons:
            session.delete(person)
        session.flush()
        for replaced in session.exec(select(Family).where(Family.replaced_by == number)):
            replaced.replaced_by = None
            session.add(replaced)
        # The row stays as a tombstone without the KK or the address, so the family's cases
        # keep counting where they came from (typed by hand or from the village data).
        for visit in session.exec(select(Visit).where(Visit.family_id == family.id)):
            session.delete(visit)  # an agent's notes on the family go with it
        family.kk_number = f"HAPUS{family.id:011d}"
        family.address = family.rt = family.rw = family.dusun = family.desil_source = ""
        family.desil = family.desil_as_of = None
        family.replaced_by = None
        session.add(family)
    audit.record(
        session,
        "forget_family",
        operator_id=operator_id,
        detail=f"{ids.mask_kk(number)} {len(cases)} cases",
    )
    session.commit()
    # Lists made from many cases may name the family: they go, all of them (the database
    # makes them again without it); and the family's own export, kept by its KK's last digits.
    remove_lists(None)
    from kiosk.base.config import slips_dir

    (slips_dir() / f"data-keluarga-{number[-4:]}.json").unlink(missing_ok=True)
    return len(cases)


# Lists made from many cases (a day's call list, a report's export, the door-to-door sheets,
# the coverage report) name families, their phones or the agents. Made again from the
# database at any time, they are kept on the desk's disk a month, then removed by the purge;
# a family forgotten takes every saved list with it.
LIST_DAYS = 31
LISTS = ("daftar-telepon-*", "laporan-*", "kunjungan-*", "cakupan-*")


def remove_lists(made_before: datetime | None) -> int:
    """Remove the saved lists made before `made_before` (all of them with None); how many."""
    from kiosk.base.config import slips_dir

    folder, removed = slips_dir(), 0
    cutoff = made_before.replace(tzinfo=timezone.utc).timestamp() if made_before else None
    for pattern in LISTS:
        for path in folder.glob(pattern):
            try:
                if cutoff is None or path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:  # gone meanwhile, or open in a viewer (Windows): the next purge
                continue
    if removed:
        from kiosk.base.logs import log

        log.info("saved lists removed: %d", removed)
    return removed
