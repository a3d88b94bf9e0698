"""The road to universal cover on screen: the map by dusun, visits recorded as highlighted, a
family that said it would come back on Home's list once its day has passed, and a registration
started from the list (or from a sheet's QR) arriving at member review, already looked up."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from textual.widgets import DataTable, Input

from kiosk.app import KioskApp
from kiosk.base import clock
from kiosk.base.database import session as make_session
from kiosk.followup import coverage_report, outreach, visits
from kiosk.rules import familyref
from models import Case, Visit
from tests.helpers.screens import KeyCounter, login, screen_name, settle, text_of, wait_until

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _cells(app: KioskApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def _visit(
    keys: KeyCounter, app: KioskApp, row: int, arrows: list[str], **typed: str
) -> None:
    """On the list's `row`: F4, the outcome moved to with `arrows`, fields typed, F10."""
    table = app.screen.query_one("#outreach-targets", DataTable)
    table.focus()
    table.move_cursor(row=row)
    await keys.press("f4")
    assert screen_name(app) == "VisitForm"
    await keys.press(*arrows)
    for field, value in typed.items():
        if field == "reason":
            continue
        app.screen.query_one(f"#visit-{field}", Input).value = value
    if "reason" in typed:
        app.screen.query_one("#visit-reason").focus()
        await keys.press(*typed["reason"].split())
    await keys.press("f10")
    await settle(keys.pilot)
    assert screen_name(app) == "OutreachScreen", text_of(app, "#visit-message")


async def test_three_visits_recorded_as_highlighted_and_the_promise_comes_back_home(
    demo_url: str, demo_engine: Engine
) -> None:
    today = clock.today()
    with make_session(demo_engine) as s:
        village = outreach.build(s)
    dusun = village.level("dusun")[0]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+t")
        assert screen_name(app) == "OutreachScreen"
        summary = text_of(app, "#outreach-summary")
        assert f"{village.total.residents} penduduk" in summary
        assert f"cakupan {village.total.coverage_pct:.1f}%" in summary
        areas = _cells(app, "#outreach-areas")
        assert areas[1][0] == dusun[0][1] and areas[1][1] == str(dusun[1].residents)
        await keys.press("down", "enter")  # the first dusun: the list narrows to it
        targets = village.targets(outreach.Filter(dusun=dusun[0][1]))
        assert [r[1] for r in _cells(app, "#outreach-targets")] == [h.head[:18] for h in targets]
        will, refused, registered = targets[0], targets[1], targets[2]
        await _visit(keys, app, 0, ["right"], agent="Bu Ani",
                     day=clock.day_text(today - timedelta(days=7)),
                     **{"come-by": clock.day_text(today - timedelta(days=2))})  # fmt: skip
        await _visit(keys, app, 1, ["right", "right"], agent="Bu Ani", reason="right")
        await _visit(keys, app, 2, ["down"] * 6, agent="Pak Dedi")  # the last: registered
        assert "Bu Ani" not in text_of(app, "#outreach-message")  # the head, not the agent
        rows = _cells(app, "#outreach-targets")
        assert "akan datang" in rows[0][4] and "menolak" in rows[1][4]
        with make_session(demo_engine) as s:
            kept = {v.family_id: v for v in s.exec(select(Visit))}
            agents = visits.by_agent(s, today - timedelta(days=30), today)
            counted = coverage_report.build(s, today - timedelta(days=30)).outcomes
        assert kept[will.family_id].outcome == "will_come"
        assert kept[will.family_id].come_by == today - timedelta(days=2)
        assert (kept[refused.family_id].outcome, kept[refused.family_id].reason) == (
            "refused", "cost",
        )  # fmt: skip
        assert kept[registered.family_id].outcome == "registered"
        assert sum(agents.visits.values()) == 3 and sum(agents.registered.values()) == 1
        assert counted == {"will_come": 1, "refused": 1, "registered": 1}  # the report's
        await keys.press("escape")
        assert screen_name(app) == "HomeScreen"
        await wait_until(pilot, lambda: any(
            will.head in r[1] for r in _cells(app, "#waiting")))  # fmt: skip
        waiting = [r for r in _cells(app, "#waiting") if r[1] == will.head]
        assert waiting and "Janji datang" in waiting[0][3]
        assert not any(r[1] == refused.head for r in _cells(app, "#waiting"))
        # Enter on it: the family's registration, already looked up.
        table = app.screen.query_one("#waiting", DataTable)
        table.focus()
        table.move_cursor(row=[r[1] for r in _cells(app, "#waiting")].index(will.head))
        await keys.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "MembersScreen")
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        drafts = s.exec(select(Case).where(Case.kk_number == will.kk, Case.status == "draft"))
        assert len(drafts.all()) == 1
        assert visits.due(s) == []  # come: no longer asked after


async def test_f2_on_a_family_and_a_sheet_s_qr_open_its_registration(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        village = outreach.build(s)
    first, other = [h for h in village.targets() if not h.open_case][:2]
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+t", "tab")
        assert _cells(app, "#outreach-targets")[0][1] == first.head
        await keys.press("f2")
        await wait_until(pilot, lambda: screen_name(app) == "MembersScreen")
        assert screen_name(app) == "MembersScreen"
        assert first.kk[-4:] in text_of(app, "#family")
        app.go_home()
        await settle(pilot)
        await keys.type("#open", familyref.make(other.family_id))
        await keys.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "MembersScreen")
        assert screen_name(app) == "MembersScreen"
    with make_session(demo_engine) as s:
        kks = set(s.exec(select(Case.kk_number).where(Case.status == "draft")))
    assert {first.kk, other.kk} <= kks


async def test_the_coverage_screen_and_its_papers_say_the_same(
    demo_url: str, demo_engine: Engine
) -> None:
    from kiosk.base.config import slips_dir
    from tests.helpers.papers import pdf_text

    with make_session(demo_engine) as s:
        total = outreach.build(s).total
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+t", "ctrl+r")
        assert screen_name(app) == "CoverageScreen"
        rows = _cells(app, "#coverage-table")
        village = rows[1]
        assert village[1] == str(total.residents) and village[3] == f"{total.coverage_pct:.1f}%"
        shown = {r[0]: r[3] for r in rows[2:] if r[3].endswith("%")}
        await keys.press("f7")
        await wait_until(pilot, lambda: "disimpan" in text_of(app, "#coverage-message"))
    pdf = next(slips_dir().glob("cakupan-*.pdf"))
    text = " ".join(pdf_text(pdf).split())
    sheet = next(slips_dir().glob("cakupan-*.csv")).read_text(encoding="utf-8")
    for dusun, pct in shown.items():
        if dusun.isupper() and dusun != "DESA":
            assert f"{dusun} " in text and pct.rstrip("%") in text
            assert f"{dusun}," in sheet
    assert f"DESA {total.residents} {total.coverage_pct:.1f}" in text
    assert next(slips_dir().glob("cakupan-*.xlsx")).stat().st_size > 0


async def test_an_imported_opensid_village_and_its_coverage_list_add_up_everywhere(
    demo_url: str, demo_engine: Engine, tmp_path: Path
) -> None:
    """A second village imported from OpenSID with a coverage list: the screen, the terminal,
    the CSV and the sheets say what a count of the files themselves says."""
    from kiosk.demo import names
    from kiosk.rules import regions
    from tests.helpers.cli import kiosk
    from tests.helpers.papers import pdf_text

    village = next(c for c, _ in regions.villages_of(names.KECAMATAN) if c != names.VILLAGE)
    people: list[tuple[str, str, str, str]] = []  # dusun, kk, nik, name
    rows = ["alamat,dusun,rw,rt,nama,no_kk,nik,sex,tempatlahir,tanggallahir,agama_id,kk_level,"
            "status_dasar,id_asuransi,no_asuransi"]  # fmt: skip
    for f, dusun in enumerate(["KRAJAN"] * 3 + ["JIWET"] * 3):
        kk = f"320510010215{f + 7:04d}"
        for p in range(3):
            nik = f"3205100{1 + p}{5 + f:02d}80{f * 3 + p + 20:04d}"
            name = f"WARGA {dusun} {'ABCDEF'[f]}{'XYZ'[p]}"
            people.append((dusun, kk, nik, name))
            # OpenSID says PBI with a card, and no date: a claim to check.
            pbi = "2,0009999999999" if (f, p) == (4, 1) else ","
            rows.append(f"JL. DESA,{dusun},1,{f % 2 + 1},{name},{kk},{nik},1,GARUT,"
                        f"0{1 + p}-{5 + f:02d}-1980,1,{1 if p == 0 else 4},1,{pbi}")  # fmt: skip
    opensid = tmp_path / "penduduk.csv"
    opensid.write_text("\n".join(rows) + "\n", encoding="utf-8")
    active = [people[0][2], people[1][2], people[2][2], people[3][2]]  # KRAJAN: 3 + 1
    dropped = [people[12][2]]  # JIWET: a PBI member found inactive
    listed = ["nik,no_kartu,segmen,status"]
    listed += [f"{nik},000{n + 1:010d},PPU,aktif" for n, nik in enumerate(active)]
    listed += [f"{nik},000{n + 90:010d},PBI-APBN,nonaktif" for n, nik in enumerate(dropped)]
    coverage = tmp_path / "cakupan.csv"
    coverage.write_text("\n".join(listed) + "\n", encoding="utf-8")
    today = clock.day_text(clock.today())
    imported = kiosk("import", "families", str(opensid), "--kode-wilayah", village, db=demo_url)
    assert imported.returncode == 0, imported.stdout
    assert kiosk("import", "coverage", str(coverage), "--as-of", today, db=demo_url).returncode == 0
    # The count from the files: 9 residents a dusun; registered are the listed and the one
    # OpenSID calls PBI; active only the recent "aktif" rows.
    expected = {}
    for dusun in ("KRAJAN", "JIWET"):
        niks = [nik for d, _, nik, _ in people if d == dusun]
        registered = [n for n in niks if n in active or n in dropped or n == people[13][2]]
        covered = [n for n in niks if n in active]
        expected[dusun] = (len(niks), round(100 * len(registered) / len(niks), 1),
                           round(100 * len(covered) / len(registered)))  # fmt: skip
    assert expected == {"KRAJAN": (9, 44.4, 100), "JIWET": (9, 22.2, 0)}
    sheet, pdf = tmp_path / "t.csv", tmp_path / "t.pdf"
    ran = kiosk("outreach", "--dusun", "jiwet", "--csv", str(sheet), "--pdf", str(pdf),
                db=demo_url)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    for dusun, (residents, pct, _) in expected.items():
        assert any(line.split()[:3] == [dusun, str(residents), f"{pct}%"]
                   for line in ran.stdout.splitlines())  # fmt: skip
    with sheet.open(encoding="utf-8") as handle:
        listed_rows = list(csv.DictReader(handle))
    # Nobody in JIWET is active: the dropped member and the one to check lack cover too.
    assert len(listed_rows) == 3 and sum(int(r["belum_aktif"]) for r in listed_rows) == 9
    assert pdf_text(pdf).count("Tidak di rumah") == 3
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+t")
        await settle(pilot)
        shown = {r[0]: r for r in _cells(app, "#outreach-areas")}
        for dusun, (residents, pct, active_pct) in expected.items():
            assert shown[dusun][1] == str(residents) and shown[dusun][3] == f"{pct}%"
            assert shown[dusun][4] == f"{active_pct}%"


async def test_a_dusun_opens_its_rts_and_an_rt_narrows_the_walk_to_its_families(
    demo_url: str, demo_engine: Engine
) -> None:
    with make_session(demo_engine) as s:
        village = outreach.build(s)
    dusun_key = village.level("dusun")[0][0]
    rts = village.level("rt", dusun_key)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+t", "down", "enter")
        rows = _cells(app, "#outreach-areas")
        assert rows[1][0] == dusun_key[1]
        assert [r[1] for r in rows[2:]] == [str(tally.residents) for _, tally in rts]
        await keys.press("down", "enter")  # the dusun's first RT
        rt_key = rts[0][0]
        wanted = village.targets(outreach.Filter(region=rt_key[0], dusun=rt_key[1],
                                                 rw=rt_key[2], rt=rt_key[3]))  # fmt: skip
        assert [r[1] for r in _cells(app, "#outreach-targets")] == [h.head[:18] for h in wanted]
        assert app.focused is not None and app.focused.id == "outreach-targets"
        assert f"RT {rt_key[3]}" in text_of(app, "#outreach-filter")
        areas = app.screen.query_one("#outreach-areas", DataTable)
        areas.focus()
        areas.move_cursor(row=0)
        await keys.press("enter")  # every dusun again
        assert len(_cells(app, "#outreach-targets")) == len(village.targets())


async def test_a_long_list_shows_its_first_families_and_prints_a_walk_at_a_time(
    demo_url: str, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import screens.followup.outreach as screen
    from kiosk.base.config import slips_dir
    from tests.helpers.papers import pdf_text

    monkeypatch.setattr(screen, "SHOWN_MAX", 5)
    monkeypatch.setattr(screen, "PRINT_MAX", 12)
    with make_session(demo_engine) as s:
        village = outreach.build(s)
    app = KioskApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = KeyCounter(pilot)
        await login(keys)
        await keys.press("ctrl+t")
        assert len(_cells(app, "#outreach-targets")) == 5
        assert "tampil 5 pertama" in text_of(app, "#outreach-filter")
        await keys.press("f7")
        assert "terlalu banyak" in text_of(app, "#outreach-message")
        assert not list(slips_dir().glob("kunjungan-*.pdf"))
        await keys.press("down", "enter", "down", "enter")  # a dusun, then its first RT
        shown = _cells(app, "#outreach-targets")
        assert 0 < len(shown) <= 5
        await keys.press("f7")
        await wait_until(pilot, lambda: "disimpan" in text_of(app, "#outreach-message"))
    sheets = next(slips_dir().glob("kunjungan-*.pdf"))
    assert pdf_text(sheets).count("Tidak di rumah") == len(shown)
    assert village.total.families_lacking > 12
