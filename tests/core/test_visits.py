"""Door-to-door visits: what each one found, kept with its agent and day; the families who said
they would come and have not; the agents' work by week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from kiosk.base import clock
from kiosk.base.errors import WorkflowError
from kiosk.cases import household
from kiosk.desk import audit
from kiosk.followup import outreach, visits
from kiosk.followup.visits import Entry
from models import AuditEvent, Visit
from tests.core.test_outreach import family

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        (Entry("", "Bu Ani"), "outcome", "Pilih hasil"),
        (Entry("not_home", ""), "agent", "nama petugas"),
        (Entry("not_home", "Ani 3205100512800002"), "agent", "tanpa angka"),
        (Entry("not_home", "Ani", day="31-02-2026"), "day", "HH-BB-TTTT"),
        (Entry("not_home", "Ani", day="07-12-2026"), "day", "belum lewat"),
        (Entry("refused", "Ani"), "reason", "alasannya"),
        (Entry("refused", "Ani", reason="other"), "note", "catatan"),
        (Entry("will_come", "Ani", day="05-12-2026", come_by="01-12-2026"), "come_by", "sebelum"),
        (Entry("not_home", "Ani", note="KK 3205100102150007"), "note", "NIK, nomor KK"),
        (Entry("not_home", "Ani\x1b[31m"), "agent", ""),
    ],
)
def test_a_visit_wrongly_typed_says_what_is_wrong(entry: Entry, field: str, words: str) -> None:
    found = visits.check(entry, TODAY)
    assert isinstance(found, dict) and field in found
    assert words in found[field].message


def test_will_come_without_a_day_means_a_week_on() -> None:
    checked = visits.check(Entry("will_come", " Bu  Ani ", day="01-12-2026"), TODAY)
    assert isinstance(checked, visits.Checked)
    assert checked.come_by == date(2026, 12, 8) and checked.agent == "Bu Ani"


def test_visits_are_kept_audited_and_the_unkept_promise_comes_back(session: Session) -> None:
    will = family(session, "KAUM", "001", [("ASEP", None)])
    refused = family(session, "KAUM", "001", [("BUDI", None)])
    came = family(session, "KAUM", "002", [("CECEP", None)])
    assert will.id and refused.id and came.id
    with clock.shifted(timedelta(days=6)):  # recorded on 30-11, a week before today
        visits.record(session, will.id, Entry("will_come", "Bu Ani", come_by=""), None)
        visits.record(session, came.id, Entry("will_come", "Pak Dedi"), None)
    visits.record(session, refused.id, Entry("refused", "Bu Ani", reason="cost"), None)
    with pytest.raises(WorkflowError):
        visits.record(session, will.id, Entry("refused", "Bu Ani"), None)  # no reason: nothing
    assert len(session.exec(select(Visit)).all()) == 3
    audited = session.exec(select(AuditEvent).where(AuditEvent.action == "visit_recorded")).all()
    assert len(audited) == 3 and not any("Ani" in (a.detail or "") for a in audited)
    assert audit.describe("visit_recorded", audited[0].detail).startswith("Kunjungan rumah")
    later = clock.today() + timedelta(days=2)
    assert [d.family_id for d in visits.due(session, later)] == [will.id, came.id]
    # The family who came: its registration began after the visit, so it is not asked after.
    household.begin(session, came.kk_number, None, "training", None)
    due = visits.due(session, later)
    assert [d.head for d in due] == ["ASEP"]
    found = outreach.build(session, clock.today())
    visited = {h.family_id: h.visit for h in found.households}
    assert visited[refused.id] is not None and visited[refused.id].outcome == "refused"
    assert visited[will.id] is not None and visited[will.id].agent == "Bu Ani"
    agents = visits.by_agent(session, clock.today() - timedelta(days=30), clock.today())
    assert sum(n for (a, _), n in agents.visits.items() if a == "Bu Ani") == 2
    assert agents.registered == {}  # a draft is not yet a registration
    # Found moved away: off the next walk, still a resident of the map.
    visits.record(session, refused.id, Entry("moved", "Bu Ani"), None)
    found = outreach.build(session, clock.today())
    assert refused.id not in {h.family_id for h in found.targets()}
    assert refused.id in {h.family_id for h in found.targets(outreach.Filter(gone=True))}
    assert found.total.residents == 3
