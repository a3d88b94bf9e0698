"""The routes back into JKN for a family whose members are not covered, and which apply.

- Dinsos reactivation: an inactive PBI member, within 6 months of deactivation (mandatory: a
  surat keterangan berobat from a health facility; SKTM optional; copies of KK, KTP, KIS).
- PBI proposal: for households in DTSEN desil 1-5 (or whose desil nobody knows yet).
- The regency's own cover (PBPU/BP Pemda): where the regency is UHC; in UHC Prioritas
  regencies the cover is active the same day, in UHC Cut Off ones after about a month.
- Self-paying (PBPU): always, for desil 6-10 or by the family's choice.
Sources: kiosk.rules.sources ("pbi_reactivation", "pbi_desil", "uhc").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.rules import standing
from kiosk.rules.timing import add_months

REACTIVATION, PROPOSAL, REGENCY, SELF_PAYING = (
    "reactivation",
    "pbi_proposal",
    "regency",
    "self_paying",
)
ROUTES = (REACTIVATION, PROPOSAL, REGENCY, SELF_PAYING)
# The routes that are cases of their own kind: followed at another office to an outcome.
OFFICE_ROUTES = (REACTIVATION, PROPOSAL, REGENCY)

PBI_DESIL_MAX = 5  # DTSEN desil 1-5 may be proposed for PBI
DESIL_RANGE = range(1, 11)

UHC_STATUSES = ("prioritas", "cut_off", "none")
UHC_RECHECK_MONTHS = 6  # a regency's UHC status older than this must be verified again
# Days until the cover is active once the regency registers a resident.
UHC_ACTIVATION_DAYS = {"prioritas": 0, "cut_off": 30}

# When to ask the office for its answer, by route (days after the family was sent).
FOLLOW_UP_DAYS = {REACTIVATION: 14, PROPOSAL: 30, REGENCY: 7}

# What a route's case may end with: covered (the office's answer was yes), refused (with the
# reason), or moved on to self-paying registration (the walk continues from what was typed).
OUTCOMES = ("covered", "refused", "self_paying")


@dataclass(frozen=True)
class Offer:
    route: str
    reason: str  # catalogue key: why it applies
    params: dict[str, object] = field(default_factory=dict)


def offers(
    inactive_since: list[date | None], desil: int | None, uhc: str, today: date
) -> list[Offer]:
    """The routes open to a family, in the order to offer them (self-paying always last).

    `inactive_since`: for each inactive PBI member, the day cover stopped (None: not known).
    """
    found: list[Offer] = []
    open_since = [d for d in inactive_since if standing.reactivation_open(d, today)]
    if open_since:
        until = min(standing.reactivation_until(d) for d in open_since if d is not None)
        found.append(Offer(REACTIVATION, "route.why.reactivation", {"until": until}))
    if uhc in UHC_ACTIVATION_DAYS:
        found.append(Offer(REGENCY, f"route.why.regency_{uhc}",
                           {"days": UHC_ACTIVATION_DAYS[uhc]}))  # fmt: skip
    if desil is None or desil <= PBI_DESIL_MAX:
        why = "route.why.proposal_unknown" if desil is None else "route.why.proposal"
        found.append(Offer(PROPOSAL, why, {"desil": desil}))
    found.append(Offer(SELF_PAYING, "route.why.self_paying", {"desil": desil}))
    return found


def uhc_needs_recheck(verified_on: date | None, today: date) -> bool:
    return verified_on is None or add_months(verified_on, UHC_RECHECK_MONTHS) <= today


def uhc_words(status: str, verified_on: date | None, today: date) -> str:
    """A set UHC status in the operator's words: what it means for activation, when it was
    verified, and whether it is old enough to verify again."""
    from kiosk.base import clock
    from kiosk.base.i18n import t

    words = t(f"uhc.means_{status}", on=clock.day_text(verified_on, "?"))
    if uhc_needs_recheck(verified_on, today):
        words += " " + t("uhc.recheck", months=UHC_RECHECK_MONTHS)
    return words


def follow_up_on(route: str, sent_on: date, uhc: str = "") -> date:
    """When to ask the office for its answer; the regency's cover waits for its activation
    (about a month where the regency is UHC Cut Off)."""
    wait = FOLLOW_UP_DAYS[route]
    if route == REGENCY:
        wait += UHC_ACTIVATION_DAYS.get(uhc, 0)
    return sent_on + timedelta(days=wait)


def triage_called_for(inactive_members: int, desil: int | None, uhc: str) -> bool:
    """Whether the walk stops to choose a route: a member is inactive, the household is poor
    enough for PBI by its known desil, or the regency covers its residents. (An operator may
    always open the choice.)"""
    return (
        inactive_members > 0
        or (desil is not None and desil <= PBI_DESIL_MAX)
        or uhc in UHC_ACTIVATION_DAYS
    )


def desil_of(raw: str) -> int | None:
    """A DTSEN decile as written ("3", " 03 ", "Desil 3"), or None when it is not 1-10."""
    found = _DESIL.fullmatch(raw.strip())
    if found is None:
        return None
    value = int(found.group(1))
    return value if value in DESIL_RANGE else None


_DESIL = re.compile(r"(?:desil\s*)?0?(\d{1,2})", re.IGNORECASE)
