"""Outreach towards universal cover (BPJS's PESIAR: Petakan, Sisir, Advokasi, Registrasi): the
coverage a village and a regency are measured by, and what a door-to-door visit may find.

- Coverage: the residents registered in JKN (active or not) over all residents. A regency is
  UHC at 98% coverage with at least 80% of its participants active; a village is recognised at
  95% coverage. Sources: kiosk.rules.sources ("uhc", "pesiar").
- "Active" here is what the desk can stand behind: a claim that is active and recent enough
  (kiosk.rules.standing). A claim that needs a check is counted as registered, not as active.
"""

from __future__ import annotations

VILLAGE_RECOGNISED_PCT = 95  # a village's coverage for BPJS's recognition
UHC_COVERAGE_PCT = 98  # a regency's coverage for UHC
UHC_ACTIVE_PCT = 80  # of the participants, active, for UHC

# A resident's cover on the map: the states of kiosk.rules.standing, named for a village.
STATES = ("covered", "check", "inactive", "none")

# What one visit found. "will_come" wants a day; "refused" a reason.
VISIT_OUTCOMES = (
    "not_home", "will_come", "refused", "moved", "deceased", "covered_elsewhere", "registered",
)  # fmt: skip
# A family a visit found gone is left off the next walk (still counted: the civil registry,
# not a visit, removes a resident).
GONE = ("moved", "deceased")
REFUSAL_REASONS = ("cost", "no_need", "distrust", "papers", "other")
WILL_COME_DAYS = 7  # a family that says it will come, and says no day: a week
# A "will come" family is asked after once its day has passed; not on the day itself.

# The suggested way to cover a family, in the order a walk takes them: a member Dinsos may
# still reactivate first (its deadline runs), then the routes of kiosk.rules.routes, and a
# family whose only gap is a claim to check last but one: it may well be covered.
CHECK = "check"  # every member lacking cover has a claim that needs a check by hand


def pct(part: int, whole: int) -> float:
    """A share in percent, one decimal as a village head reads it; 0 of nothing is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def recognised(coverage_pct: float) -> bool:
    return coverage_pct >= VILLAGE_RECOGNISED_PCT


def uhc(coverage_pct: float, active_pct: float) -> bool:
    return coverage_pct >= UHC_COVERAGE_PCT and active_pct >= UHC_ACTIVE_PCT
