"""A family's way back into JKN when self-paying is not the only one: the routes that apply
(from its members' cover, its DTSEN desil and the regency's UHC status), the family's choice
with who made it, and the answer of the office it was sent to. The rules: kiosk.rules.routes.

A route other than self-paying is a case of its own kind (`Case.route`, status routed) in the
same store: the family's one open case, followed until the office's answer is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from kiosk.base import clock, text
from kiosk.base.errors import Problem, WorkflowError, fail
from kiosk.cases import lifecycle, membership
from kiosk.cases.store import CaseExists, members_of, open_case_for, row_id, seat_members, touch
from kiosk.desk import audit, settings
from kiosk.registry import coverage
from kiosk.registry.coverage import CheckAnswer
from kiosk.rules import ids, routes, standing
from kiosk.rules.routes import Offer
from models import Case, CaseMember, CaseStatus, Family

# The segment an office's yes gives, by route.
_SEGMENT = {
    routes.REACTIVATION: "PBI-APBN", routes.PROPOSAL: "PBI-APBN",
    routes.REGENCY: standing.REGENCY_SEGMENT,
}  # fmt: skip
# Where an office's answer comes from, as a check's channel (for every route).
_CHANNEL = "dinsos"


@dataclass
class Triage:
    """What the routes step shows: who is not covered and why, what the desk knows of the
    household and its regency, and the routes open to it."""

    inactive: list[tuple[CaseMember, coverage.Claim]]
    uncovered: list[CaseMember]  # everyone the family would otherwise pay for
    desil: int | None
    desil_source: str
    desil_as_of: date | None
    uhc: str
    uhc_verified_on: date | None
    offers: list[Offer] = field(default_factory=list)
    called_for: bool = False


def triage(session: Session, case: Case) -> Triage:
    members = members_of(session, case)
    held = membership.standings(session, members)
    inactive = [
        (m, h.claim)
        for m in members
        if (h := held[row_id(m)]).standing.state == "inactive" and h.claim is not None
        and not m.is_new
    ]  # fmt: skip
    uncovered = [m for m in members if held[row_id(m)].standing.state != "covered" or m.is_new]
    family = session.get(Family, case.family_id) if case.family_id is not None else None
    desil = family.desil if family is not None else None
    uhc = settings.get(session, "uhc_status")
    verified = clock.parse_date(settings.get(session, "uhc_verified_on"))
    today = clock.today()
    pbi_inactive = [c.inactive_since for _, c in inactive if c.segment in standing.PBI_SEGMENTS]
    return Triage(
        inactive=inactive, uncovered=uncovered, desil=desil,
        desil_source=family.desil_source if family is not None else "",
        desil_as_of=family.desil_as_of if family is not None else None,
        uhc=uhc, uhc_verified_on=verified,
        offers=routes.offers(pbi_inactive, desil, uhc, today),
        called_for=routes.triage_called_for(len(inactive), desil, uhc),
    )  # fmt: skip


def concerned(found: Triage, route: str) -> list[CaseMember]:
    """Who a route is for: Dinsos reactivates the deactivated members; a PBI proposal or the
    regency's cover takes everyone the family would otherwise pay for."""
    if route == routes.REACTIVATION:
        return [m for m, _ in found.inactive]
    return found.uncovered


def after_members(session: Session, case: Case) -> str:
    """Where the walk goes once the members are reviewed: the routes step when the family's
    situation calls for a choice, else on to the FKTP (refused with the reason if not ready)."""
    choosing = triage(session, case).called_for
    membership.finish_members(session, case, choosing_route=choosing)
    return "routes" if choosing else "fktp"


def record_desil(session: Session, case: Case, raw: str, operator_id: int | None) -> int:
    """The household's desil as the family or the desa's SIKS-NG operator said it; audited."""
    desil = routes.desil_of(raw)
    if desil is None:
        raise fail("route.desil", value=raw.strip()[:12])
    family = session.get(Family, case.family_id) if case.family_id is not None else None
    if family is None:
        raise fail("route.no_family")
    family.desil, family.desil_as_of, family.desil_source = desil, clock.today(), "typed"
    session.add(family)
    audit.record(session, "desil_recorded", case_id=case.id, operator_id=operator_id,
                 detail=f"{desil}")  # fmt: skip
    touch(session, case)
    session.commit()
    return desil


def choose(
    session: Session, case: Case, route: str, chosen_by: str, note: str,
    operator_id: int | None,
) -> Case:  # fmt: skip
    """Record the family's route. Self-paying: everyone not covered goes on the bill and the
    walk goes on to the FKTP. Another route: the case waits for that office's answer, with a
    day to ask it."""
    if case.status != CaseStatus.DRAFT:
        raise fail("case.bad_transition", old=case.status, new=CaseStatus.ROUTED.value)
    found = triage(session, case)
    if route not in {o.route for o in found.offers}:
        raise fail("route.not_offered")
    if not chosen_by.strip():
        raise fail("route.chosen_by_empty")
    text.refuse_control(chosen_by, note)
    case.chosen_by = " ".join(chosen_by.split()).upper()[:100]
    detail = f"{route} by {case.chosen_by}"[:300]
    if route == routes.SELF_PAYING:
        for member, _ in found.inactive:
            member.is_new = True
            session.add(member)
            audit.record(session, "self_paying_chosen", case_id=case.id,
                         operator_id=operator_id, detail=ids.mask_nik(member.nik))  # fmt: skip
        audit.record(session, "route_chosen", case_id=case.id, operator_id=operator_id,
                     detail=detail)  # fmt: skip
        membership.recompute(session, case)
        membership.finish_members(session, case)  # on to the FKTP, or why not
        return case
    case.route, case.reason_note = route, note.strip()[:300]
    case.follow_up_on = routes.follow_up_on(route, clock.today(), found.uhc)
    case.step = "done"
    audit.record(session, "route_chosen", case_id=case.id, operator_id=operator_id,
                 detail=detail)  # fmt: skip
    lifecycle.transition(session, case, CaseStatus.ROUTED, operator_id, route)
    session.commit()
    return case


def outcome_problems(case: Case, outcome: str, note: str, on: date | None) -> dict[str, Problem]:
    """What is wrong with an office's answer as typed, per field."""
    problems: dict[str, Problem] = {}
    if not outcome:
        problems["outcome"] = Problem("route.outcome")
    if outcome == "refused" and not note.strip():
        problems["note"] = Problem("route.refused_why")
    if (control := text.control_problem(note)) is not None:
        problems["note"] = control
    if on is None:
        problems["on"] = Problem("route.outcome_date")
    elif on > clock.today():
        problems["on"] = Problem("route.outcome_future")
    return problems


def outcomes_for(case: Case) -> tuple[str, ...]:
    """The answers that may be recorded on this case now (none: nothing is awaited)."""
    if case.status == CaseStatus.ROUTED:
        return routes.OUTCOMES
    if case.status == CaseStatus.REFERRED and not case.outcome:
        return lifecycle.REFERRAL_OUTCOMES
    return ()


def record_outcome(
    session: Session, case: Case, outcome: str, note: str, on_raw: str, operator_id: int | None
) -> Case:
    """The answer of the office a family was sent to. A route's: covered (the members are in
    JKN again), refused (with its reason), or self-paying after all (the walk goes on from what
    was entered). A referral's: the family came back (the walk goes on from the KK step, a new
    KK from Dukcapil typed there) or was served elsewhere (registered at the BPJS office)."""
    allowed = outcomes_for(case)
    if not allowed:
        raise fail("route.not_routed")
    on = clock.parse_date(on_raw) if on_raw.strip() else clock.today()
    problems = outcome_problems(case, outcome if outcome in allowed else "", note, on)
    if problems:
        raise WorkflowError(next(iter(problems.values())))
    assert on is not None
    case.outcome, case.outcome_on, case.outcome_note = outcome, on, note.strip()[:300]
    kind = case.route or case.reason
    audit.record(session, "route_outcome", case_id=case.id, operator_id=operator_id,
                 detail=f"{kind} {outcome} {on.isoformat()}")  # fmt: skip
    if case.status == CaseStatus.REFERRED:
        return _referral_outcome(session, case, outcome, operator_id)
    found = triage(session, case)
    if outcome == "self_paying":
        for member in found.uncovered:
            member.is_new = True
            session.add(member)
        lifecycle.transition(session, case, CaseStatus.DRAFT, operator_id, "self_paying")
        case.step = "fktp"
        membership.recompute(session, case)
        session.commit()
        return case
    if outcome == "covered":
        segment, members = _SEGMENT[case.route], concerned(found, case.route)
        claims = coverage.claims_for(session, [m.nik for m in members])
        for member in members:
            claim = claims.get(member.nik)
            answer = CheckAnswer("active", _CHANNEL, claim.card_number if claim else "", segment)
            coverage.record_check(session, member.nik, answer, operator_id, case.id)
    lifecycle.transition(session, case, CaseStatus.CLOSED, operator_id, outcome)
    session.commit()
    return case


def _referral_outcome(session: Session, case: Case, outcome: str, operator_id: int | None) -> Case:
    if outcome == "served_elsewhere":
        lifecycle.transition(session, case, CaseStatus.CLOSED, operator_id, outcome)
        session.commit()
        return case
    existing = open_case_for(session, case.kk_number, case.kind)
    if existing is not None:  # the family started again meanwhile: that case is the one
        session.rollback()
        raise CaseExists(existing)
    lifecycle.transition(session, case, CaseStatus.DRAFT, operator_id, outcome)
    seat_members(session, case, members_of(session, case))  # anyone typed before is back in
    case.step = "kk"  # a new KK from Dukcapil, or the same one now found: typed again there
    touch(session, case)
    session.commit()
    return case
