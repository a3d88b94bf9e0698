"""Consent that can be shown: who agreed, to which notice, when, with which operator.

The notice says what is done with the family's data, what is kept and for how long, the
family's rights and whom to contact (UU 27/2022). It is versioned: a change of wording is a
new version, and a reprint shows the version the family agreed to. The head of family
consents by default; a member under 18 never signs (a parent or guardian does).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from kiosk.base import clock, text
from kiosk.base.errors import Problem
from kiosk.desk import settings
from models import Case, CaseMember

NOTICE_VERSION = "2026-12"
VERSIONS = ("2026-11", NOTICE_VERSION)  # every version a family may have agreed to, oldest first
# The parts of each version's notice. 2026-12 adds what BPJS's own form has the participant
# agree to, so the family hears it once, at the desk.
PARTS_OF = {
    "2026-11": ("purpose", "data", "retention", "rights", "contact"),
    "2026-12": ("purpose", "data", "retention", "rights", "contact", "participation"),
}
PARTS = PARTS_OF[NOTICE_VERSION]
# What BPJS's registration form has the participant agree to (also on the office's form).
PARTICIPATION = ("lifelong", "pay_by_10th", "arrears", "penalty", "card")
ADULT = 18


def default_consenter(case: Case) -> str:
    return case.head_name


def clean_name(name: str) -> str:
    """A consenting person's name as stored and compared: single spaces, capitals."""
    return " ".join(name.split()).upper()


def check_consenter(
    name: str, members: list[CaseMember], today: date | None = None
) -> Problem | None:
    """Who signs: a name, and not a member under 18 (their parent or guardian signs)."""
    cleaned = clean_name(name)
    if not cleaned:
        return Problem("consent.who_empty")
    if (control := text.control_problem(cleaned)) is not None:
        return control
    if len(cleaned) > 100:
        return Problem("consent.who_long")
    today = today or clock.today()
    # A father and his son may share a name: it is a minor's only if no adult bears it.
    ages = [clock.age(m.birth_date, today) for m in members if m.name == cleaned]
    if ages and max(ages) < ADULT:
        return Problem("consent.minor", {"name": cleaned})
    return None


def participation_points() -> list[str]:
    """What BPJS's form has the participant agree to, numbered, in the paper's language."""
    from kiosk.base.i18n import t
    from kiosk.rules.arrears import penalty_terms

    terms = penalty_terms()
    return [
        f"{n}. {t(f'participation.{point}', **terms)}" for n, point in enumerate(PARTICIPATION, 1)
    ]


def notice(session: Session, version: str = NOTICE_VERSION) -> list[str]:
    """The notice in the paper's language, as the family was (or is to be) shown it."""
    from kiosk.base.i18n import t

    params = {
        "desk": settings.get(session, "desk_name"),
        "months": settings.get_int(session, "retention_months"),
        "contact": settings.get(session, "privacy_contact") or settings.get(session, "desk_name"),
    }
    lines = []
    for part in PARTS_OF.get(version, PARTS):
        if part == "participation":
            lines.append(" ".join(participation_points()))
            continue
        # A version says in its own words what it changed, the rest as the one before it.
        for said in reversed(VERSIONS[: VERSIONS.index(version) + 1] if version in VERSIONS
                             else VERSIONS):  # fmt: skip
            key = f"consent.{said}.{part}"
            text = t(key, **params)
            if text != key:
                break
        lines.append(text)
    return lines
