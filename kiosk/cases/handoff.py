"""Handing a family to BPJS's own registration without retyping: the fields BPJS's form asks,
in its order (I. the participant and address, II. bank and class, III. the FKTP), each value
in clear, and which the operator has already copied, so a long family is not lost halfway.

Values are in clear only here, for the hand-off screen that opens them (audited, as a
reveal is) and for the office's paper form; nothing else shows them unmasked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from kiosk.base.errors import fail
from kiosk.base.i18n import t
from kiosk.cases.choices import fktp_choices
from kiosk.cases.membership import new_members
from kiosk.cases.store import members_of, row_id
from kiosk.desk import audit
from kiosk.rules import ids, rates, regions, relations
from models import Case, CaseStatus, Facility, Family

# Submitted: BPJS's answer is awaited (the manual gateway). VA issued: a trainee walks the
# same hand-off after the simulator has answered. Referred: the family goes to the office,
# with the form filled in from here.
HANDOFF_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.VA_ISSUED, CaseStatus.REFERRED)

# Where the kiosk stops keeping ticks: a family of 20 has under 100 fields.
_DONE_WIDTH = 2000


@dataclass(frozen=True)
class HandoffField:
    key: str  # stable across openings: "kk", "nik:<member id>", "address", ...
    label: str  # catalogue key of the field's name, as BPJS's form words it
    value: str  # in clear
    member: str = ""  # the member a per-person field belongs to


def fields(session: Session, case: Case) -> list[HandoffField]:
    """Every field BPJS's form asks that the kiosk holds, in the form's order."""
    members = members_of(session, case)
    new = new_members(members)
    family = session.get(Family, case.family_id) if case.family_id is not None else None
    region = (family.region_code if family else "") or case.region_code
    found = [HandoffField("kk", "handoff.kk", case.kk_number)]
    for m in sorted(new, key=lambda m: (m.relation != relations.HEAD, m.position)):
        found.append(HandoffField(f"nik:{row_id(m)}", "handoff.nik", m.nik, m.name))
        found.append(HandoffField(f"name:{row_id(m)}", "handoff.name", m.name, m.name))
    income = t(f"income.{case.income_band}") if case.income_band else ""
    found += [
        HandoffField("occupation", "handoff.occupation", case.occupation),
        HandoffField("income", "handoff.income", income),
    ]
    address = family.address if family else ""
    village = (regions.name(region) or "") if len(region) == 10 else ""
    rt_rw = f"{family.rt}/{family.rw}" if family and (family.rt or family.rw) else ""
    found += [
        HandoffField("address", "handoff.address", address),
        HandoffField("rt_rw", "handoff.rt_rw", rt_rw),
        HandoffField("postcode", "handoff.postcode", case.postcode),
        HandoffField("village", "handoff.village", village),
        HandoffField("kecamatan", "handoff.kecamatan", regions.name(region[:6]) or ""),
        HandoffField("regency", "handoff.regency", regions.name(region[:4]) or ""),
        HandoffField("province", "handoff.province", regions.name(region[:2]) or ""),
        HandoffField("phone", "handoff.phone", ids.format_phone(case.phone) if case.phone else ""),
        HandoffField("email", "handoff.email", case.email),
        # II. Bank and class
        HandoffField("bank", "handoff.bank", case.bank),
        HandoffField("kelas", "handoff.kelas", rates.roman(case.kelas) if case.kelas else ""),
        HandoffField("account", "handoff.account", case.bank_account),
        HandoffField("holder", "handoff.holder", case.account_holder),
    ]  # fmt: skip
    # III. The FKTP: the head's (or the first member's), then each member who chose another.
    choices = fktp_choices(session, case)
    if choices:
        first = choices[0]
        found.append(HandoffField("fktp", "handoff.fktp", f"{first.code} {first.name}"))
        dentist = session.get(Facility, case.dentist) if case.dentist else None
        if dentist is not None:  # beside a doctor's practice that has none
            found.append(HandoffField("dentist", "handoff.dentist",
                                      f"{dentist.code} {dentist.name}"))  # fmt: skip
        by_code = {c.code: c for c in choices}
        for m in new:
            if m.chosen_fktp and m.chosen_fktp != first.code:
                other = by_code[m.chosen_fktp]
                found.append(HandoffField(f"fktp:{row_id(m)}", "handoff.fktp_member",
                                          f"{other.code} {other.name}", m.name))  # fmt: skip
    return found


def done(case: Case) -> set[str]:
    """The fields the operator has copied so far."""
    return {key for key in case.handoff_done.split(",") if key}


def open_handoff(session: Session, case: Case, operator_id: int | None) -> list[HandoffField]:
    """The fields in clear, for the hand-off screen: audited, as revealing a number is."""
    if case.status not in HANDOFF_STATUSES:
        raise fail("handoff.not_now")
    found = fields(session, case)
    audit.record(session, "handoff_opened", case_id=case.id, operator_id=operator_id,
                 detail=f"{len(found)} fields")  # fmt: skip
    session.commit()
    return found


def tick(session: Session, case: Case, key: str) -> set[str]:
    """The operator copied this field into BPJS's form: remembered until the case moves on."""
    keys = done(case) | {key}
    joined = ",".join(sorted(keys))
    if len(joined) <= _DONE_WIDTH:
        case.handoff_done = joined
        session.add(case)
        session.commit()
    return keys
