"""A route other than self-paying is a case of its own kind: chosen with who chose it, audited,
followed up, closed by the office's answer; bad input said field by field."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import household, membership, routes, store
from kiosk.followup import followups
from kiosk.importing.run import import_file
from kiosk.papers import slip
from kiosk.registry import coverage
from kiosk.registry.coverage import CheckAnswer
from models import AuditEvent, Case, CaseStatus, Coverage, Family, Person
from tests.helpers.screens import demo_family


def _pbi_family(s: Session, tmp_path: Path, as_of: date | None) -> tuple[Case, Person]:
    """A demo family whose member is on a PBI list imported as of `as_of`, its draft open."""
    kk = demo_family(s, covered=0, size=3)
    family = s.exec(select(Family).where(Family.kk_number == kk)).one()
    person = s.exec(select(Person).where(Person.family_id == family.id)).first()
    assert person is not None
    path = tmp_path / "pbi.csv"
    path.write_text(f"nik,no_kartu,segmen\n{person.nik},0009876543210,PBI-APBN\n", encoding="utf-8")
    import_file(s, "coverage", path, as_of=as_of)
    begun = household.begin(s, kk, None, "training")
    assert begun.case is not None
    return begun.case, person


def _member(s: Session, case: Case, person: Person):  # type: ignore[no-untyped-def]
    return next(m for m in store.members_of(s, case) if m.nik == person.nik)


def _offered(s: Session, case: Case) -> list[str]:
    return [o.route for o in routes.triage(s, case).offers]


@pytest.mark.parametrize("as_of", [None, date(2025, 11, 1)])
def test_the_issue_s_walk_from_an_old_pbi_list_to_a_closed_dinsos_route(
    demo_session: Session, tmp_path: Path, as_of: date | None
) -> None:
    s = demo_session
    case, person = _pbi_family(s, tmp_path, as_of)
    member = _member(s, case, person)
    assert membership.standings(s, [member])[member.id].standing.state == "check"  # type: ignore[index]

    # Recorded active with the card: left off the bill.
    membership.record_check(s, case, member, CheckAnswer("active", "pandawa", "0009876543210",
                                                         "PBI-APBN"), None)  # fmt: skip
    assert not member.is_new
    assert routes.after_members(s, case) == "fktp"

    # Inactive since the reshuffle: its window closed on 2026-08-01; proposal and self-paying.
    store.set_step(s, case, "members")
    reshuffle = CheckAnswer("inactive", "dinsos", "", "PBI-APBN", date(2026, 2, 1))
    membership.record_check(s, case, member, reshuffle, None)
    assert routes.after_members(s, case) == "routes"
    assert _offered(s, case) == ["pbi_proposal", "self_paying"]

    # Inactive since a month ago: Dinsos may reactivate; chosen, the letter, the follow-up.
    since = clock.today() - timedelta(days=30)
    membership.record_check(s, case, member, CheckAnswer("inactive", "dinsos", "", "PBI-APBN",
                                                         since), None)  # fmt: skip
    assert _offered(s, case) == ["reactivation", "pbi_proposal", "self_paying"]
    routes.choose(s, case, "reactivation", "Ibu Siti", "pasien kronis", None)
    assert (case.status, case.route, case.chosen_by) == ("routed", "reactivation", "IBU SITI")
    letter = slip.save_slip(s, case, "a4", tmp_path / "letter.pdf")
    assert letter.read_bytes().startswith(b"%PDF")
    due = [f for f in followups.waiting(s, today=case.follow_up_on) if f.case.id == case.id]
    assert due and due[0].reason == "follow.route.reactivation"

    routes.record_outcome(s, case, "covered", "", "", None)
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "covered")
    cover = s.exec(select(Coverage).where(Coverage.nik == person.nik)).one()
    assert (cover.status, cover.source, cover.as_of) == ("active", "check:dinsos", clock.today())
    actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert {"coverage_checked", "route_chosen", "status", "route_outcome"} <= set(actions)
    assert not [f for f in followups.waiting(s, today=date(2099, 1, 1)) if f.case.id == case.id]


def _routed(s: Session, tmp_path: Path) -> Case:
    case, person = _pbi_family(s, tmp_path, clock.today())
    member = _member(s, case, person)
    since = clock.today() - timedelta(days=10)
    membership.record_check(s, case, member, CheckAnswer("inactive", "dinsos", "", "PBI-APBN",
                                                         since), None)  # fmt: skip
    routes.after_members(s, case)
    return routes.choose(s, case, "reactivation", "IBU", "", None)


@pytest.mark.parametrize(
    ("route", "chosen_by", "key"),
    [
        ("regency", "IBU", "route.not_offered"),  # the regency's UHC status is not set
        ("reactivation", "   ", "route.chosen_by_empty"),
        ("reactivation", "IBU\x1b[2J", "text.control"),
    ],
)
def test_a_choice_that_cannot_be_is_refused(
    demo_session: Session, tmp_path: Path, route: str, chosen_by: str, key: str
) -> None:
    s = demo_session
    case, person = _pbi_family(s, tmp_path, clock.today())
    member = _member(s, case, person)
    membership.record_check(s, case, member, CheckAnswer("inactive", "dinsos", "", "PBI-APBN",
                                                         clock.today()), None)  # fmt: skip
    with pytest.raises(WorkflowError) as refused:
        routes.choose(s, case, route, chosen_by, "", None)
    assert refused.value.problem.key.startswith(key)
    assert s.get(Case, case.id).status == "draft"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("outcome", "note", "on", "key"),
    [
        ("refused", "", "", "route.refused_why"),
        ("covered", "", "31-02-2026", "route.outcome_date"),
        ("covered", "", "01-01-2099", "route.outcome_future"),
        ("maybe", "", "", "route.outcome"),
        ("came_back", "", "", "route.outcome"),  # a referral's answer, not a route's
    ],
)
def test_an_answer_typed_wrong_is_said_and_the_case_waits(
    demo_session: Session, tmp_path: Path, outcome: str, note: str, on: str, key: str
) -> None:
    s = demo_session
    case = _routed(s, tmp_path)
    with pytest.raises(WorkflowError) as refused:
        routes.record_outcome(s, case, outcome, note, on, None)
    assert refused.value.problem.key == key and refused.value.message
    s.expire_all()
    assert s.get(Case, case.id).status == CaseStatus.ROUTED  # type: ignore[union-attr]


def test_a_routed_family_is_one_open_case(demo_session: Session, tmp_path: Path) -> None:
    s = demo_session
    case = _routed(s, tmp_path)
    again = household.begin(s, case.kk_number, None, "training")
    assert again.outcome == "has_case" and again.existing is not None
    assert again.existing.id == case.id
    with pytest.raises(WorkflowError) as refused:  # chosen once: the office's answer is next
        routes.choose(s, case, "self_paying", "IBU", "", None)
    assert refused.value.problem.key == "case.bad_transition"


def test_recording_a_desil_is_checked_and_audited(demo_session: Session, tmp_path: Path) -> None:
    s = demo_session
    case, _ = _pbi_family(s, tmp_path, clock.today())
    for bad in ("11", "0", "tiga", ""):
        with pytest.raises(WorkflowError) as refused:
            routes.record_desil(s, case, bad, None)
        assert refused.value.problem.key == "route.desil"
    assert routes.record_desil(s, case, "4", None) == 4
    assert routes.triage(s, case).called_for  # desil 4: the PBI proposal is worth a look
    assert coverage.window_days(s) == 90


def test_reports_count_families_by_route_and_outcome_and_referrals_by_cause(
    demo_session: Session, tmp_path: Path
) -> None:
    from kiosk.cases import submission
    from kiosk.followup import reports
    from kiosk.followup.route_report import route_lines
    from models import Operator

    s = demo_session

    def counted() -> dict[str, int]:
        return {what: n for what, n, _ in route_lines(reports.build(s, training=True).counted)}

    before = counted()
    demo = s.exec(select(Operator).where(Operator.name == "demo")).one()
    waiting = _routed(s, tmp_path)
    waiting.operator_id = demo.id
    s.add(waiting)
    s.commit()
    submission.refer(s, None, "kk_not_found_dukcapil", "", demo.id, head_name="A",
                     kk_raw="3205100101990009", gateway="training")  # fmt: skip
    answered = submission.refer(s, None, "kk_not_found_dukcapil", "", demo.id, head_name="B",
                                kk_raw="3205100101990017", gateway="training")  # fmt: skip
    routes.record_outcome(s, answered, "served_elsewhere", "", "", demo.id)
    after = counted()
    grown = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    dukcapil = "KK tidak ditemukan: cek ulang ke Dukcapil"
    assert {k: n for k, n in grown.items() if n} == {
        "Reaktivasi PBI lewat Dinsos: menunggu jawaban": 1,
        f"{dukcapil}: terbuka": 1,
        f"{dukcapil}: selesai": 1,
    }
    lines = {what: who for what, _, who in route_lines(reports.build(s, training=True).counted)}
    assert lines["Reaktivasi PBI lewat Dinsos: menunggu jawaban"] == "demo 1"


def test_every_word_the_kiosk_stores_fits_its_column() -> None:
    """SQLite keeps a word longer than its column; PostgreSQL refuses it mid-walk."""
    from kiosk.cases import lifecycle
    from kiosk.rules import routes as route_rules
    from kiosk.rules import standing

    def width(model: type, column: str) -> int:
        return model.__table__.c[column].type.length  # type: ignore[attr-defined, no-any-return]

    from models import CaseMember

    stored = {
        (Case, "route"): route_rules.OFFICE_ROUTES,
        (Case, "outcome"): (*route_rules.OUTCOMES, *lifecycle.REFERRAL_OUTCOMES),
        (Case, "status"): tuple(s.value for s in CaseStatus),
        (Coverage, "status"): standing.STATUSES,
        (Coverage, "segment"): standing.ANY_SEGMENT,
        (CaseMember, "segment"): standing.ANY_SEGMENT,
        (Coverage, "source"): tuple(f"check:{c}" for c in standing.CHANNELS),
    }
    for (model, column), words in stored.items():
        assert all(len(w) <= width(model, column) for w in words), (model, column, words)


def test_an_open_referral_is_followed_up_until_its_outcome(demo_session: Session) -> None:
    from kiosk.cases import submission

    s = demo_session
    referred = submission.refer(s, None, "kk_not_found_dukcapil", "", None, head_name="A",
                                kk_raw="3205100101990009", gateway="manual")  # fmt: skip
    later = clock.today() + timedelta(days=14)
    due = [f for f in followups.waiting(s, today=later, due_only=True) if f.case.id == referred.id]
    assert [f.reason for f in due] == ["follow.referral.kk_not_found_dukcapil"]
    routes.record_outcome(s, referred, "served_elsewhere", "", "", None)
    assert not [f for f in followups.waiting(s, today=later) if f.case.id == referred.id]


def test_a_claim_grown_old_since_the_review_stops_the_submission(
    demo_session: Session, tmp_path: Path
) -> None:
    from kiosk.cases import submission

    s = demo_session
    case, _ = _pbi_family(s, tmp_path, clock.today())
    membership.finish_members(s, case)  # the list is fresh: left off the bill
    with clock.shifted(-timedelta(days=120)):  # the draft resumed four months later
        problems = submission.missing_for_submit(s, case)
    assert problems[0].key == "member.check_needed"
