"""SQLModel tables of the kiosk. Imports nothing from `kiosk` or `screens`."""

from models.cases import AuditEvent, AuditHead, Case, CaseMember, CaseStatus, FktpChange, TypedField
from models.facilities import Facility, Region
from models.outreach import CoverageSnapshot, Visit
from models.people import Coverage, Family, Person
from models.services import ServiceEntry
from models.staff import Operator, Setting, SigningKey

__all__ = [
    "AuditEvent",
    "AuditHead",
    "Case",
    "CaseMember",
    "CaseStatus",
    "Coverage",
    "CoverageSnapshot",
    "Facility",
    "Family",
    "FktpChange",
    "Operator",
    "Person",
    "Region",
    "ServiceEntry",
    "Setting",
    "SigningKey",
    "TypedField",
    "Visit",
]

# Timestamps are naive UTC everywhere (kiosk.base.clock.utcnow), the same on SQLite and PostgreSQL.
