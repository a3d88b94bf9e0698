"""Finding a family's case from what the family brings to the desk: a name, a NIK, a KK
number, a card number or a phone number (a case code or a slip's QR opens it directly,
kiosk.desk.qrtoken).

Numbers are matched whole, never in part, so the search cannot be used to list the
families whose numbers start with some digits; a name is matched in part (three letters at
least). What comes back is masked: names are shown (as on Home), numbers are not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from kiosk.rules import ids
from models import Case, CaseMember

LIMIT = 30
MIN_NAME = 3


@dataclass(frozen=True)
class Hit:
    case_id: int
    code: str
    status: str
    step: str
    head_name: str
    kk_masked: str
    matched: str  # what matched, as a catalogue key ("search.by_name", ...)
    member: str = ""  # the member whose name or number matched, if not the head


def _hits(rows: list[tuple[Case, str]], matched: str) -> list[Hit]:
    seen: dict[int, Hit] = {}
    for case, member in rows:
        if case.id is None or case.id in seen:
            continue
        seen[case.id] = Hit(
            case_id=case.id, code=case.code, status=case.status, step=case.step,
            head_name=case.head_name, kk_masked=ids.mask_kk(case.kk_number), matched=matched,
            member="" if member == case.head_name else member,
        )  # fmt: skip
    return list(seen.values())


def find(session: Session, text: str, limit: int = LIMIT) -> list[Hit]:
    """The cases `text` finds, newest first; [] when it finds none or says too little."""
    raw = text.strip()
    digits = ids.normalise_digits(raw).removeprefix("+")
    newest = col(Case.created_at).desc()
    if digits.isdigit():
        if len(digits) == ids.NIK_LEN:  # a NIK or a KK number: both 16 digits
            by_kk = session.exec(
                select(Case, Case.head_name).where(Case.kk_number == digits).order_by(newest)
            ).all()
            by_nik = session.exec(
                select(Case, CaseMember.name)
                .join(CaseMember, col(CaseMember.case_id) == col(Case.id))
                .where(CaseMember.nik == digits)
                .order_by(newest)
            ).all()
            return (_hits(list(by_kk), "search.by_kk") + _hits(list(by_nik), "search.by_nik"))[
                :limit
            ]
        if len(digits) == ids.CARD_LEN:
            by_card = session.exec(
                select(Case, CaseMember.name)
                .join(CaseMember, col(CaseMember.case_id) == col(Case.id))
                .where(
                    or_(
                        col(CaseMember.card_number) == digits,
                        col(CaseMember.existing_card) == digits,
                    )
                )
                .order_by(newest)
                .limit(limit)
            ).all()
            if by_card:
                return _hits(list(by_card), "search.by_card")
        phone = ids.check_phone(raw)
        if phone.ok:
            by_phone = session.exec(
                select(Case, Case.head_name).where(Case.phone == phone.value).order_by(newest)
            ).all()
            return _hits(list(by_phone), "search.by_phone")[:limit]
        return []
    words = " ".join(raw.split()).upper()
    if len(words) < MIN_NAME or any(ch.isdigit() for ch in words):
        return []
    # A "%" or "_" typed is a letter to find, not a pattern that lists every family.
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{escaped}%"
    by_head = session.exec(
        select(Case, Case.head_name)
        .where(func.upper(Case.head_name).like(like, escape="\\"))
        .order_by(newest)
        .limit(limit)
    ).all()
    by_member = session.exec(
        select(Case, CaseMember.name)
        .join(CaseMember, col(CaseMember.case_id) == col(Case.id))
        .where(func.upper(CaseMember.name).like(like, escape="\\"))
        .order_by(newest)
        .limit(limit)
    ).all()
    return _hits([*by_head, *by_member], "search.by_name")[:limit]
