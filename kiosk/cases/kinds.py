"""The kinds of case a desk serves, in one table: a first registration, and the services a
family already in JKN comes for. Each kind is its own case in the same store, lifecycle,
audit and follow-up list; a family has at most one open case of each kind at a time (the
database's own index, models.cases), so a family with an active registration may still open
an arrears case, but never two.
"""

from __future__ import annotations

REGISTRATION = "registration"
KINDS = (
    REGISTRATION,
    "add_member",  # a newborn, a spouse after marriage, a member moved in
    "arrears",  # months unpaid: the bill, New REHAB 2.0's plan, its instalments
    "fktp_change",  # another FKTP, after 3 months or by an exception
    "class_change",  # another class for the whole family, after 12 months
    "data_update",  # the family's own phone (for BPJS's OTP), email, address
)


def check(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"no case kind {kind!r}")
    return kind
