"""The village's map of cover and its target list: each resident judged by the same rule as
the member review, counted by dusun, RW and RT, and each family lacking cover with its way."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, func, select

from kiosk.desk import settings
from kiosk.followup import outreach, outreach_sheet
from kiosk.rules import familyref, standing
from kiosk.rules import outreach as rules
from models import Coverage, Family, Person
from tests.helpers.papers import decode_qr, pdf_text

TODAY = date(2026, 12, 6)
VILLAGE = "3205102003"
_serial = iter(range(1, 10_000))


def family(
    s: Session, dusun: str, rt: str, people: list[tuple[str, dict | None]], *,
    desil: int | None = None, rw: str = "001",
) -> Family:  # fmt: skip
    """A family whose members' claims are given: (name, Coverage fields or None)."""
    n = next(_serial)
    f = Family(kk_number=f"3205100101{n:06d}", address=f"KP. {dusun} NO {n}", dusun=dusun,
               rt=rt, rw=rw, region_code=VILLAGE, desil=desil)  # fmt: skip
    s.add(f)
    s.flush()
    for i, (name, claim) in enumerate(people):
        nik = f"32051041{n:04d}{i:04d}"
        s.add(Person(nik=nik, family_id=f.id, name=name, sex="L", birth_date=date(1980, 1, 1),
                     relation=1 if i == 0 else 4))  # fmt: skip
        if claim is not None:
            s.add(Coverage(nik=nik, source="test", **claim))
    s.commit()
    return f


FRESH = {"segment": "PPU", "status": "active", "as_of": TODAY - timedelta(days=5)}
OLD_PBI = {"segment": "PBI-APBN", "status": "active", "as_of": date(2025, 11, 12)}
DROPPED = {"segment": "PBI-APBN", "status": "inactive", "as_of": TODAY - timedelta(days=3),
           "inactive_since": TODAY - timedelta(days=40)}  # fmt: skip
ARREARS = {"segment": "PBPU", "status": "inactive", "as_of": TODAY - timedelta(days=3)}


def village(s: Session) -> dict[str, Family]:
    return {
        "covered": family(s, "SUKAMAJU", "001", [("ASEP", FRESH), ("DEDI", FRESH)]),
        "check": family(s, "SUKAMAJU", "001", [("CUCU", OLD_PBI), ("DODO", FRESH)]),
        "dropped": family(s, "SUKAMAJU", "002", [("ENI", DROPPED), ("EMAN", None)], desil=3),
        "arrears": family(s, "LEGOK", "001", [("FAJAR", ARREARS)], desil=8, rw="002"),
        "none": family(
            s, "LEGOK", "001", [("GITA", None), ("HANA", None), ("IIS", None)], desil=7, rw="002"
        ),
    }


def test_the_map_counts_each_resident_by_the_review_s_rule(session: Session) -> None:
    village(session)
    found = outreach.build(session, TODAY)
    t = found.total
    assert (t.residents, t.covered, t.check, t.inactive, t.none) == (10, 3, 1, 2, 4)
    assert (t.families, t.families_lacking) == (5, 4)
    assert t.registered == 6 and t.coverage_pct == 60.0 and t.active_pct == 50.0
    assert t.causes == {"pbi": 1, "arrears": 1} and t.segments == {"PPU": 3}
    dusun = dict(found.level("dusun"))
    sukamaju, legok = dusun[(VILLAGE, "SUKAMAJU")], dusun[(VILLAGE, "LEGOK")]
    assert (sukamaju.residents, sukamaju.covered, sukamaju.check, sukamaju.none) == (6, 3, 1, 1)
    assert (legok.residents, legok.inactive, legok.none) == (4, 1, 3)
    assert legok.coverage_pct == 25.0 and not legok.recognised
    rts = found.level("rt", (VILLAGE, "SUKAMAJU"))
    assert [k[-1] for k, _ in rts] == ["001", "002"] and rts[0][1].residents == 4


def test_recognition_and_uhc_thresholds() -> None:
    assert rules.recognised(95.0) and not rules.recognised(94.9)
    assert rules.uhc(98.0, 80.0) and not rules.uhc(98.0, 79.9) and not rules.uhc(97.9, 100.0)
    assert rules.pct(1, 3) == 33.3 and rules.pct(0, 0) == 0.0


def test_each_family_lacking_cover_gets_its_way_and_filters_narrow_the_list(
    session: Session,
) -> None:
    fams = village(session)
    settings.put(session, "uhc_status", "")
    found = outreach.build(session, TODAY)
    routes = {h.family_id: h.route for h in found.targets()}
    assert fams["covered"].id not in routes  # nobody lacks cover: not a target
    assert routes[fams["check"].id] == rules.CHECK  # the old PBI list: may be covered
    assert routes[fams["dropped"].id] == "reactivation"  # 40 days since dropped: Dinsos
    dropped = next(h for h in found.targets() if h.family_id == fams["dropped"].id)
    assert dropped.until == standing.reactivation_until(TODAY - timedelta(days=40))
    assert routes[fams["arrears"].id] == "self_paying"  # desil 8
    assert routes[fams["none"].id] == "self_paying"  # desil 7
    by_route = found.targets(outreach.Filter(route="self_paying"))
    assert {h.family_id for h in by_route} == {fams["arrears"].id, fams["none"].id}
    assert {h.family_id for h in found.targets(outreach.Filter(dusun="LEGOK", rt="001"))} == {
        fams["arrears"].id, fams["none"].id,
    }  # fmt: skip
    assert [h.family_id for h in found.targets(outreach.Filter(desil_max=5))] == [
        fams["dropped"].id
    ]


def test_the_demo_village_adds_up(demo_session: Session) -> None:
    found = outreach.build(demo_session, TODAY)
    persons = demo_session.exec(
        select(func.count()).select_from(Person).join(Family)
        .where(col(Family.replaced_by).is_(None))
    ).one()  # fmt: skip
    t = found.total
    assert t.residents == persons == t.covered + t.check + t.inactive + t.none
    for level in ("dusun", "rw", "rt"):
        parts = [tally for _, tally in found.level(level)]
        assert sum(p.residents for p in parts) == persons
        assert sum(p.covered for p in parts) == t.covered
    claims = demo_session.exec(select(func.count()).select_from(Coverage)).one()
    assert t.registered <= claims + t.covered  # every registered resident rests on a claim
    assert len(found.level("dusun")) > 3 and all(k[1] for k, _ in found.level("dusun"))


def test_a_family_reference_holds_no_kk_and_refuses_a_misread() -> None:
    for n in (1, 31, 32, 4095, 123_456):
        ref = familyref.make(n)
        assert familyref.read(ref) == n and familyref.read(f"  {ref.lower()} ") == n
        wrong = ref[:-1] + ("0" if ref[-1] != "0" else "1")
        assert familyref.read(wrong) is None
    assert familyref.read("JKN2.ABCDEFGH") is None and familyref.read("") is None


def test_the_sheets_of_one_rt_of_forty_families_print_masked_with_working_qr_codes(
    session: Session, tmp_path: Path
) -> None:
    made = [
        family(session, "KAUM", "003", [(f"KEPALA {n:02d}", None), (f"ANAK {n:02d}", FRESH)])
        for n in range(40)
    ]
    found = outreach.build(session, TODAY)
    targets = found.targets(outreach.Filter(dusun="KAUM", rt="003"))
    assert len(targets) == 40
    pdf = outreach_sheet.save(found, targets, "Desa Uji", tmp_path / "sheet.pdf")
    text = pdf_text(pdf)
    assert text.count("Tidak di rumah") == 40 and "Dusun KAUM, RW 001, RT 003" in text
    assert "KEPALA 00" in text and "KEPALA 39" in text and "ANAK 00" not in text  # active: off
    for f in made:
        assert f.kk_number not in text
    niks = session.exec(select(Person.nik)).all()
    assert not any(nik in text.replace(" ", "") for nik in niks)
    assert "Saran: Usulan PBI (DTSEN)" in text and "Bawa ke meja: Fotokopi KK" in text
    codes = decode_qr(pdf, tmp_path)
    assert sorted(familyref.read(c) for c in codes) == sorted(f.id for f in made)
