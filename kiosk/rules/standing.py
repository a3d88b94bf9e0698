"""What a coverage claim is worth today: covered, check needed, inactive, or not in JKN.

A coverage list is a dated claim, not the truth. SK Mensos No. 3/HUK/2026 (in force
2026-02-01) deactivated about 11 million PBI members and replaced them from DTSEN: a PBI list
said before that day says nothing about today. Any claim of unknown date, or older than the
desk's window, must be checked by hand (PANDAWA, CHIKA, Mobile JKN, care centre 165) before a
member is left off the bill. The sources: kiosk.rules.sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.rules.timing import add_months

PBI_RESHUFFLE = date(2026, 2, 1)  # SK Mensos No. 3/HUK/2026 in force
REACTIVATION_MONTHS = 6  # Dinsos may reactivate a PBI member within this of deactivation
DEFAULT_WINDOW_DAYS = 90  # a desk setting: how long a claim stays good without a check

# Segments whose members the reshuffle touched (PBI-JK, paid from the national budget), as
# lists name them; "PBI" is the group OpenSID records when it does not say which.
PBI_SEGMENTS = ("PBI-APBN", "PBI")
REGENCY_SEGMENT = "PBPU/BP Pemda"  # a regency's own cover; called PBI-APBD before

STATUSES = ("active", "inactive", "unknown", "none")
# Where a check by hand was made (the channels BPJS and Kemensos offer), as recorded.
CHANNELS = ("pandawa", "chika", "mobile_jkn", "care_165", "bpjs_office", "dinsos")


@dataclass(frozen=True)
class Standing:
    """`state`: "covered" (left off the bill), "check" (ask BPJS before anything),
    "inactive" (once in JKN, not now: a route back is needed) or "none" (not in JKN: billed).
    `why` says what made a claim need a check: "before_reshuffle", "unknown_date" or
    "stale"."""

    state: str
    why: str = ""

    @property
    def billable(self) -> bool:
        return self.state == "none"


def standing(
    segment: str, status: str, as_of: date | None, today: date, window_days: int
) -> Standing:
    """What one coverage claim means today."""
    if status == "none":
        return Standing("none")
    if as_of is None:
        return Standing("check", "unknown_date")
    if segment in PBI_SEGMENTS and as_of < PBI_RESHUFFLE <= today:
        return Standing("check", "before_reshuffle")
    if (today - as_of).days > window_days:
        return Standing("check", "stale")
    if status == "inactive":
        return Standing("inactive")
    return Standing("covered")


# Why a participant is inactive, as a village's map counts them: a PBI member dropped, a
# self-paying one in arrears, or another cause (a worker whose employer stopped paying).
SELF_PAYING_SEGMENTS = ("PBPU", "BP")


def inactive_cause(segment: str) -> str:
    if segment in PBI_SEGMENTS:
        return "pbi"
    return "arrears" if segment in SELF_PAYING_SEGMENTS else "other"


def reactivation_until(inactive_since: date) -> date:
    """The last day Dinsos may still reactivate a PBI member deactivated on that day."""
    return add_months(inactive_since, REACTIVATION_MONTHS)


def reactivation_open(inactive_since: date | None, today: date) -> bool:
    return inactive_since is not None and today < reactivation_until(inactive_since)


_KEY = re.compile(r"[^0-9A-Z]")
# Segment names as lists write them -> the name the kiosk keeps.
_SEGMENT_NAMES = {
    "PBIAPBN": "PBI-APBN", "PBIJK": "PBI-APBN", "PBI": "PBI",
    "PBIAPBD": REGENCY_SEGMENT, "PBPUBPPEMDA": REGENCY_SEGMENT, "PBPUPEMDA": REGENCY_SEGMENT,
    "PEMDA": REGENCY_SEGMENT,
    "PPU": "PPU", "PBPU": "PBPU", "BP": "BP", "MANDIRI": "PBPU",
    "NONPBI": "NON-PBI", "JKN": "JKN",
}  # fmt: skip

# Every segment the kiosk keeps, the exact ones first, then the broad groups a list may give
# (OpenSID: PBI or non-PBI; a card number alone: in JKN).
SEGMENTS = ("PBI-APBN", REGENCY_SEGMENT, "PPU", "PBPU", "BP")
# As a narrow column shows them.
SHORT_SEGMENT = {"PBI-APBN": "PBI", REGENCY_SEGMENT: "Pemda"}
SEGMENT_GROUPS = ("PBI", "NON-PBI", "JKN")
ANY_SEGMENT = SEGMENTS + SEGMENT_GROUPS


def segment_of(raw: str) -> str | None:
    """The kiosk's name of a segment as a list or an operator wrote it, or None."""
    return _SEGMENT_NAMES.get(_KEY.sub("", raw.upper()))


_STATUS_WORDS = {
    "AKTIF": "active", "ACTIVE": "active", "1": "active", "YA": "active", "Y": "active",
    "TIDAKAKTIF": "inactive", "NONAKTIF": "inactive", "INACTIVE": "inactive",
    "0": "inactive", "TIDAK": "inactive", "T": "inactive", "N": "inactive",
    "": "unknown",
}  # fmt: skip


def status_of(raw: str) -> str | None:
    """A list's status cell as "active", "inactive" or "unknown" (empty), or None."""
    return _STATUS_WORDS.get(_KEY.sub("", raw.upper()))
