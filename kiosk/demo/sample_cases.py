"""Sample cases in every state of the lifecycle, written at the times they would have happened, so
reports and training have content."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from kiosk.base import clock
from kiosk.cases import (
    answers,
    choices,
    household,
    lifecycle,
    membership,
    payment,
    store,
    submission,
)
from kiosk.cases.gateway import ManualGateway, TrainingGateway
from kiosk.cases.store import row_id
from kiosk.demo.names import FAMILY_NAMES, KECAMATAN, MALE, POSTCODE
from kiosk.registry import coverage
from kiosk.rules import participant, timing
from kiosk.rules.casecode import ALPHABET
from kiosk.rules.reference import NOT_A_FAMILY_FKTP
from models import Case, CaseStatus, Facility, Family


def _case_code(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(8))


def add_cases(
    session: Session, rng: random.Random, operator_id: int | None, operator_ids: list[int | None],
    fktp: list[str],
) -> int:  # fmt: skip
    """Cases in every state of the lifecycle, so reports and training have content."""
    from kiosk.registry.lookup import lookup_kk

    training = TrainingGateway()
    plan = ([CaseStatus.DRAFT] * 3 + [CaseStatus.SUBMITTED] * 2 + [CaseStatus.VA_ISSUED] * 3 + [CaseStatus.PAID] * 2
            + [CaseStatus.ACTIVE] * 3 + [CaseStatus.REFERRED] * 2 + [CaseStatus.CANCELLED])  # fmt: skip
    kks = list(
        session.scalars(
            select(col(Family.kk_number))
            .where(col(Family.replaced_by).is_(None))
            .order_by(col(Family.id))
            .limit(400)
        )
    )
    candidates = iter(k for k in kks if not training.kk_unknown_to_registry(k))
    made = 0
    operator_ids = [operator_id, *operator_ids]
    for n, kind in enumerate(plan):
        if kind == CaseStatus.REFERRED:
            # A KK the data does not know: the family is sent to re-check it.
            kk = f"{KECAMATAN}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 24):02d}9{rng.randint(100, 999)}"
            head = f"{rng.choice(MALE)} {rng.choice(FAMILY_NAMES)}"
            reason = lifecycle.REFERRAL_REASONS[n % 2]
            with clock.shifted(_timeline(rng, kind)[0]):
                case = store.start_case(
                    session, kk, operator_ids[n % 2], "training", code=_case_code(rng)
                )
                submission.refer(session, case, reason, "", operator_ids[n % 2], head_name=head)
            made += 1
            continue
        for kk in candidates:
            found = lookup_kk(session, kk)
            registrable = not any(training.secretly_registered(m.nik) for m in found.members)
            claims = coverage.claims_for(session, [m.nik for m in found.members])
            window = coverage.window_days(session)
            holds = all(
                c.standing(clock.today(), window).state == "covered" for c in claims.values()
            )
            if registrable and holds and not all(m.listed for m in found.members):
                break
        else:
            break
        manual = kind == CaseStatus.SUBMITTED
        op = operator_ids[n % 2]
        registered, paid, carded = _timeline(rng, kind)
        with clock.shifted(registered):
            begun = household.begin(
                session, kk, op, "manual" if manual else "training", code=_case_code(rng)
            )
            assert begun.case is not None
            case = begun.case
            _walk(session, case, rng, fktp, op, kind, manual)
        if kind in (CaseStatus.PAID, CaseStatus.ACTIVE):
            with clock.shifted(paid):
                payment.record(session, case, clock.today(), op)
        if kind == CaseStatus.ACTIVE:
            with clock.shifted(carded):
                _cards(session, case, rng, fktp, op)
        made += 1
    return made


def _timeline(rng: random.Random, kind: str) -> tuple[timedelta, timedelta, timedelta]:
    """How long ago the family registered, paid and got its card, so follow-ups fall due.

    A family that has paid registered at least two weeks before (BPJS takes no payment
    earlier) and paid inside the window, the odd one a little late; never in the future.
    """
    paid = kind in (CaseStatus.PAID, CaseStatus.ACTIVE)
    hours = timedelta(hours=rng.randint(0, 8))
    registered = timedelta(
        days=rng.randint(timing.PAY_FROM_DAYS + 1, 45) if paid else rng.randint(1, 35)
    )
    registered += hours
    late = rng.random() < 0.1
    to_pay = timedelta(days=rng.randint(31, 34) if late else rng.randint(timing.PAY_FROM_DAYS, 20))
    paid_ago = max(registered - to_pay, timedelta(hours=2))
    carded_ago = max(paid_ago - timedelta(days=rng.randint(3, 10)), timedelta(hours=1))
    return registered, paid_ago, carded_ago


def _walk(session, case, rng, fktp, operator_id, kind, manual) -> None:
    if kind == CaseStatus.DRAFT and rng.random() < 0.5:
        return
    membership.finish_members(session, case)
    choices.set_class(session, case, rng.choice((1, 2, 3, 3, 3)))
    choices.choose_fktp(session, case, rng.choice(fktp))
    if choices.needs_dentist(session, case):  # a doctor's practice: the kecamatan's dentist
        dentists = select(col(Facility.code)).where(col(Facility.kind).in_(NOT_A_FAMILY_FKTP))
        # A family of another kecamatan (a demo of more than one village) takes the first.
        dentist = (
            session.scalars(
                dentists.where(col(Facility.region_code).startswith(case.region_code[:6])).order_by(
                    col(Facility.code)
                )
            ).first()
            or session.scalars(dentists.order_by(col(Facility.code))).first()
        )
        if dentist is not None:
            choices.choose_dentist(session, case, dentist)
    if kind == CaseStatus.DRAFT:
        return
    choices.confirm_fktp(session, case, operator_id)
    # Drawn in the order the village has always been drawn in, so it stays the same village;
    # what was added since is made from the case's id.
    phone = f"08{rng.choice('1235')}{rng.randint(10**8, 10**9 - 1)}"
    bank = rng.choice(("", "BRI", "BNI", "Mandiri"))
    n = row_id(case)
    account = str(1_000_000_000 + n * 7919) if bank else ""
    choices.set_contact(
        session, case, phone=phone, email="pelayanan@cikembulan.desa.id", bank=bank,
        account=account, bank_required=False, occupation=participant.OCCUPATIONS[4 + n % 8],
        income=participant.INCOME_BANDS[n % 3], postcode=POSTCODE, holder="",
    )  # fmt: skip
    choices.give_consent(session, case, operator_id)
    if kind == CaseStatus.CANCELLED:
        lifecycle.cancel(
            session, case, "family_withdrew", "keluarga memilih mendaftar sendiri", operator_id
        )
        return
    gateway = ManualGateway() if manual else TrainingGateway()
    submission.submit(session, case, gateway, operator_id)


def _cards(session: Session, case: Case, rng: random.Random, fktp: list[str], operator_id) -> None:
    """The cards came back; every other family's first member with another FKTP."""
    members = membership.new_members(store.members_of(session, case))
    mismatch = rng.random() < 0.5
    cards = {
        m.id: (rng.choice(fktp) if mismatch and i == 0 else m.chosen_fktp)
        for i, m in enumerate(members)
    }
    answers.record_cards(session, case, cards, operator_id)  # type: ignore[arg-type]
