"""Registration cases, their members and the audit trail."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import DateTime, Index, text
from sqlmodel import Field, SQLModel


class CaseStatus(str, enum.Enum):
    """A case's status; in messages and audit details, the stored word (enum.StrEnum's
    behaviour, which Python 3.10 lacks)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VA_ISSUED = "va_issued"
    PAID = "paid"
    ACTIVE = "active"
    REFERRED = "referred"
    CANCELLED = "cancelled"
    # Sent down another route than self-paying (Dinsos, a PBI proposal, the regency's cover),
    # waiting for that office's answer.
    ROUTED = "routed"
    # Ended with an outcome that is not a cancellation: a route refused, a referral answered.
    CLOSED = "closed"

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


# A family has at most one case of a kind in these statuses; referred, cancelled and closed cases are
# closed. A case routed to another office stays open: the family is still being served.
OPEN_STATUSES = ("draft", "submitted", "va_issued", "paid", "active", "routed")
_OPEN_KK = text(
    "kk_number <> '' AND status IN (" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"
)


class Case(SQLModel, table=True):
    # The database itself refuses a second open case of a kind for one KK, whichever kiosk
    # races (the kinds: kiosk.cases.kinds).
    __table_args__ = (
        Index(
            "ux_case_open_kk", "kk_number", "kind", unique=True,
            sqlite_where=_OPEN_KK, postgresql_where=_OPEN_KK,
        ),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=8, unique=True, index=True)  # Crockford base32, no dash
    status: str = Field(default=CaseStatus.DRAFT.value, max_length=10, index=True)
    kind: str = Field(default="registration", max_length=16, index=True)
    # Where the walk stopped, so a draft resumes at that step.
    step: str = Field(default="kk", max_length=12)
    kk_number: str = Field(default="", max_length=16, index=True)
    family_id: int | None = Field(default=None, foreign_key="family.id")
    head_name: str = Field(default="", max_length=100)
    region_code: str = Field(default="", max_length=10)
    kelas: int | None = None
    phone: str = Field(default="", max_length=16)  # E.164
    email: str = Field(default="", max_length=254)
    bank: str = Field(default="", max_length=10)
    bank_account: str = Field(default="", max_length=20)
    # What BPJS's form asks beyond the KK (kiosk.rules.participant): the head's occupation,
    # the household's income band, the postcode, and whose account pays by autodebit.
    occupation: str = Field(default="", max_length=40)
    income_band: str = Field(default="", max_length=8)
    postcode: str = Field(default="", max_length=5)
    account_holder: str = Field(default="", max_length=100)
    # A facility code: the family's dentist, where its FKTP has none (a Dokter Praktik).
    dentist: str = Field(default="", max_length=8)
    fktp_confirmed: bool = Field(default=False)
    consent_at: datetime | None = Field(default=None, sa_type=DateTime)
    consent_by: str = Field(default="", max_length=100)  # who agreed: the head, or a guardian
    consent_version: str = Field(default="", max_length=10)  # the notice they were shown
    gateway: str = Field(default="training", max_length=10)
    va_number: str = Field(default="", max_length=16)
    monthly_amount: int = Field(default=0)
    reason: str = Field(default="", max_length=30)  # failure or referral reason code
    reason_note: str = Field(default="", max_length=300)
    # The route the family chose other than self-paying (kiosk.rules.routes), who chose it,
    # and when to ask the office for its answer.
    route: str = Field(default="", max_length=12, index=True)
    chosen_by: str = Field(default="", max_length=100)
    follow_up_on: date | None = None
    # How a route or a referral ended (kiosk.rules.routes.OUTCOMES, REFERRAL_OUTCOMES), when,
    # and why (a refusal's reason).
    outcome: str = Field(default="", max_length=20)
    outcome_on: date | None = None
    outcome_note: str = Field(default="", max_length=300)
    # An arrears case (kiosk.cases.arrears_case): the months owed (typed, or counted from the
    # last payment), the persons on the family's bill, a segment move; the plan the family
    # chose (full or rehab), its instalments, from when, and how many are paid.
    arrears_months: int | None = None
    last_paid_on: date | None = None
    persons: int | None = None
    moved_segment: bool = Field(default=False)
    plan: str = Field(default="", max_length=8)
    plan_count: int = Field(default=0)
    plan_start: date | None = None
    plan_paid: int = Field(default=0)
    # A data update (kiosk.cases.data_update): the new address asked, and how BPJS is asked
    # (the phone and email asked are in `phone` and `email`).
    new_address: str = Field(default="", max_length=200)
    channel: str = Field(default="", max_length=12)
    # An FKTP or class change (kiosk.cases.change_request): from what to what (facility
    # codes, or classes), since when the family has had the current one, and the exception
    # that lets an FKTP change come before its 3 months (kiosk.rules.timing.FKTP_EXCEPTIONS).
    change_from: str = Field(default="", max_length=8)
    change_to: str = Field(default="", max_length=8)
    change_since: date | None = None
    change_exception: str = Field(default="", max_length=20)
    # A member added to a family already in JKN (kiosk.cases.add_member): a newborn, a
    # spouse, someone moved in; and whether the baby's mother is a PBI member.
    member_kind: str = Field(default="", max_length=10)
    mother_pbi: bool = Field(default=False)
    # The hand-off fields already copied into BPJS's form (kiosk.cases.handoff), comma-joined.
    handoff_done: str = Field(default="", max_length=2000)
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    # Which kiosk has the draft open, and until when (a crashed kiosk's hold runs out).
    held_by: int | None = Field(default=None)  # an operator id; a lease, not a reference
    held_kiosk: str = Field(default="", max_length=40)
    held_until: datetime | None = Field(default=None, sa_type=DateTime)
    created_at: datetime = Field(index=True, sa_type=DateTime)
    updated_at: datetime = Field(sa_type=DateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=DateTime)
    va_issued_at: datetime | None = Field(default=None, sa_type=DateTime)
    paid_at: datetime | None = Field(default=None, sa_type=DateTime)  # when it was recorded
    paid_on: date | None = None  # the payment date, as on the family's receipt
    activated_at: datetime | None = Field(default=None, sa_type=DateTime)
    # The signature printed on slips made before per-kiosk keys (JKN1 tokens), kept so those
    # slips still verify; the secret that made it is gone from the database.
    legacy_sig: str = Field(default="", max_length=13)
    # Its personal data removed (retention period over, or the family asked): counts remain.
    purged_at: datetime | None = Field(default=None, sa_type=DateTime)


class CaseMember(SQLModel, table=True):
    # A person is in one open registration at a time, whatever KK they are filed under: the
    # database refuses a second open seat, whichever kiosk races (kiosk.cases.store seats).
    __table_args__ = (Index("ux_casemember_open_nik", "open_nik", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    position: int = Field(default=0)
    # A snapshot of the person: members may be added on the spot (a newborn).
    nik: str = Field(max_length=16)
    name: str = Field(max_length=100)
    sex: str = Field(max_length=1)
    birth_date: date
    relation: int = Field(default=11)
    # True: registered by this case. False: already covered, keeps its cover.
    is_new: bool = Field(default=True)
    segment: str = Field(default="", max_length=16)  # of an existing cover
    existing_card: str = Field(default="", max_length=13)
    chosen_fktp: str = Field(default="", max_length=8)
    card_number: str = Field(default="", max_length=13)  # issued by BPJS
    card_fktp: str = Field(default="", max_length=8)  # printed on the card the family holds
    # Printed on the first card BPJS issued: kept after a change, for what a clinic asks
    # ("how many cards came back with another FKTP?").
    first_card_fktp: str = Field(default="", max_length=8)
    # The NIK while the case is open, NULL once it is closed (or purged).
    open_nik: str | None = Field(default=None, max_length=16)


class FktpChange(SQLModel, table=True):
    """A family's request to BPJS to move its members to the FKTP they chose (the remedy
    for a card issued with another one)."""

    # One open request per case, whichever kiosk records it.
    __table_args__ = (
        Index(
            "ux_fktpchange_open", "case_id", unique=True,
            sqlite_where=text("done_on IS NULL"), postgresql_where=text("done_on IS NULL"),
        ),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    requested_on: date
    channel: str = Field(max_length=12)  # bpjs_office, mobile_jkn, pandawa
    allowed_from: date  # BPJS accepts a change from this day
    effective_from: date  # ...which takes effect on this day: check the card then
    done_on: date | None = None  # every card shows the family's choice
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    created_at: datetime = Field(sa_type=DateTime)
    updated_at: datetime = Field(sa_type=DateTime)


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    operator_id: int | None = Field(default=None, foreign_key="operator.id")
    at: datetime = Field(index=True, sa_type=DateTime)
    action: str = Field(max_length=30, index=True)  # a key's revocation is found by it
    # Never personal numbers in clear: codes, statuses and masked values only.
    detail: str = Field(default="", max_length=300)
    # The hash chain (kiosk.desk.audit): position, the previous event's hash, this event's hash.
    seq: int | None = Field(default=None, unique=True)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)
    # The sealing kiosk's key and its Ed25519 signature of `hash`: the chain's algorithm is
    # public, so anyone with the database can relink it; only a kiosk's key can sign.
    kid: str = Field(default="", max_length=8)
    sig: str = Field(default="", max_length=128)


class AuditHead(SQLModel, table=True):
    """The chain's last link, one row: appending locks it, so kiosks append one at a time,
    and a deleted tail shows (the head names an event that is gone)."""

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0)
    hash: str = Field(default="", max_length=64)


class TypedField(SQLModel, table=True):
    """What the operator typed on a step of a draft and has not confirmed yet.

    Kept as typed (even half a phone number), so a crash, the idle lock or F12 loses nothing;
    dropped once the step is done or the case leaves the draft state.
    """

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    step: str = Field(max_length=12, primary_key=True)
    name: str = Field(max_length=20, primary_key=True)
    value: str = Field(default="", max_length=300)
    updated_at: datetime = Field(sa_type=DateTime)
