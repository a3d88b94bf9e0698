"""KK lookup: the family and its members with any existing JKN cover, in two indexed queries.

The statements are built once at import with bind parameters: this is the hottest query of
the walk and must stay well under a millisecond at kabupaten scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session

from models import Coverage, Family, Person

_family = Family.__table__.c  # type: ignore[attr-defined]
_person = Person.__table__.c  # type: ignore[attr-defined]
_cover = Coverage.__table__.c  # type: ignore[attr-defined]

FAMILY_BY_KK = select(
    _family.id, _family.kk_number, _family.address, _family.rt, _family.rw,
    _family.region_code, _family.replaced_by, _family.source,
).where(_family.kk_number == bindparam("kk"))  # fmt: skip

OLD_FAMILIES = (
    select(*FAMILY_BY_KK.selected_columns)
    .where(_family.replaced_by == bindparam("kk"))
    .order_by(_family.id)
)

MEMBERS_OF_FAMILY = (
    select(
        _person.id,
        _person.nik,
        _person.name,
        _person.sex,
        _person.birth_place,
        _person.birth_date,
        _person.relation,
        _cover.card_number,
        _cover.segment,
        _cover.fktp_code,
        _cover.status,
    )
    .select_from(Person.__table__.outerjoin(Coverage.__table__, _cover.nik == _person.nik))  # type: ignore[attr-defined]
    .where(_person.family_id == bindparam("family_id"))
    .order_by(_person.relation, _person.birth_date)
)


@dataclass(frozen=True)
class FamilyRecord:
    id: int
    kk_number: str
    address: str
    rt: str
    rw: str
    region_code: str
    replaced_by: str | None
    source: str


@dataclass(frozen=True)
class MemberRecord:
    person_id: int
    nik: str
    name: str
    sex: str
    birth_place: str
    birth_date: date
    relation: int
    card_number: str | None
    segment: str | None
    fktp_code: str | None
    cover_status: str | None

    @property
    def listed(self) -> bool:
        """On a coverage list or found in JKN by a check: not billed until that is settled
        (kiosk.rules.standing says whether the claim still holds)."""
        return self.cover_status is not None and self.cover_status != "none"


@dataclass
class KKLookup:
    outcome: str  # "found", "replaced" or "not_found"
    kk_number: str
    family: FamilyRecord | None = None
    members: list[MemberRecord] = field(default_factory=list)

    @property
    def replaced_by(self) -> str | None:
        return self.family.replaced_by if self.family else None


def lookup_kk(session: Session, kk_number: str) -> KKLookup:
    conn = session.connection()
    row = conn.execute(FAMILY_BY_KK, {"kk": kk_number}).first()
    if row is None:
        return KKLookup("not_found", kk_number)
    family = FamilyRecord(*row)
    if family.replaced_by:
        return KKLookup("replaced", kk_number, family)
    return KKLookup("found", kk_number, family, family_members(session, family.id))


def family_members(session: Session, family_id: int) -> list[MemberRecord]:
    rows: Any = session.connection().execute(MEMBERS_OF_FAMILY, {"family_id": family_id})
    return [MemberRecord(*r) for r in rows]


def replaced_families(session: Session, kk_number: str) -> list[FamilyRecord]:
    """The older KKs the civil registry replaced by this number (a new KK after a move,
    a split or the death of the head)."""
    rows = session.connection().execute(OLD_FAMILIES, {"kk": kk_number})
    return [FamilyRecord(*row) for row in rows]
