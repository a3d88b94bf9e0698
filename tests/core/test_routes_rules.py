"""Which routes back into JKN a family is offered, the regency's UHC setting, and the dated
rules with their sources."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiosk.desk import settings
from kiosk.importing.cells import FileProblem
from kiosk.importing.run import import_file
from kiosk.rules import routes, sources
from models import Family, Person

TODAY = date(2026, 12, 6)


def _routes(inactive: list[date | None], desil: int | None, uhc: str = "") -> list[str]:
    return [o.route for o in routes.offers(inactive, desil, uhc, TODAY)]


def test_reactivation_only_within_six_months_of_deactivation() -> None:
    recent = date(2026, 10, 1)
    assert _routes([recent], None) == ["reactivation", "pbi_proposal", "self_paying"]
    # Deactivated by the reshuffle: the window closed on 2026-08-01.
    assert _routes([date(2026, 2, 1)], None) == ["pbi_proposal", "self_paying"]
    assert _routes([None], 3) == ["pbi_proposal", "self_paying"]  # no date: no window to judge
    offer = routes.offers([recent, date(2026, 11, 1)], None, "", TODAY)[0]
    assert offer.params["until"] == date(2027, 4, 1)  # the earliest window to close


def test_pbi_proposal_for_desil_one_to_five_or_unknown() -> None:
    assert "pbi_proposal" in _routes([], 5)
    assert "pbi_proposal" in _routes([], None)
    assert _routes([], 6) == ["self_paying"]


def test_the_regency_route_comes_before_self_paying_where_the_regency_is_uhc() -> None:
    assert _routes([], 8, "prioritas") == ["regency", "self_paying"]
    prioritas, cut_off = (routes.offers([], 8, uhc, TODAY)[0] for uhc in ("prioritas", "cut_off"))
    assert prioritas.params["days"] == 0 and cut_off.params["days"] == 30
    assert _routes([], 8, "none") == ["self_paying"]


def test_triage_is_called_for_by_the_family_s_situation() -> None:
    assert routes.triage_called_for(1, None, "")
    assert routes.triage_called_for(0, 4, "")
    assert routes.triage_called_for(0, None, "cut_off")
    assert not routes.triage_called_for(0, None, "")
    assert not routes.triage_called_for(0, 7, "none")


def test_the_regency_is_asked_once_its_cover_should_be_active() -> None:
    assert routes.follow_up_on("regency", TODAY, "prioritas") == date(2026, 12, 13)
    assert routes.follow_up_on("regency", TODAY, "cut_off") == date(2027, 1, 12)
    assert routes.follow_up_on("reactivation", TODAY, "cut_off") == date(2026, 12, 20)


def test_a_uhc_status_older_than_six_months_needs_a_recheck() -> None:
    assert routes.uhc_needs_recheck(date(2026, 6, 6), TODAY)
    assert not routes.uhc_needs_recheck(date(2026, 6, 7), TODAY)
    assert routes.uhc_needs_recheck(None, TODAY)


@pytest.mark.parametrize(
    ("values", "key", "problem"),
    [
        ({"uhc_status": "prioritas", "uhc_verified_on": ""}, "uhc_verified_on", "settings.uhc_date_needed"),
        ({"uhc_status": "prioritas", "uhc_verified_on": "2099-01-01"}, "uhc_verified_on", "settings.uhc_date_future"),
        ({"uhc_status": "cut_off", "uhc_verified_on": "kemarin"}, "uhc_verified_on", "settings.uhc_date"),
        ({"uhc_status": "mungkin"}, "uhc_status", "settings.choice"),
        ({"coverage_window_days": "3"}, "coverage_window_days", "settings.coverage_window"),
    ],
)  # fmt: skip
def test_regency_and_window_settings_refused_with_reason(
    values: dict[str, str], key: str, problem: str
) -> None:
    problems = settings.check(values)
    assert problems[key].key == problem and problems[key].message


def test_a_good_uhc_setting_is_kept(session: Session) -> None:
    values = {"uhc_status": "cut_off", "uhc_verified_on": "01-12-2026"}
    assert settings.save_all(session, values) == {}
    assert settings.get(session, "uhc_status") == "cut_off"


def test_every_rule_has_an_instrument_a_public_source_and_a_date() -> None:
    from kiosk.base.i18n import t

    for rule in sources.RULES:
        assert rule.instrument and rule.source.startswith("https://") and rule.verified_on
        assert t(f"rule.{rule.key}") != f"rule.{rule.key}"  # named in the catalogue
        if rule.in_force:
            importlib.import_module(rule.applied_in)  # applied somewhere that exists


def test_the_arrears_write_off_is_present_switched_off() -> None:
    pemutihan = sources.BY_KEY["pemutihan"]
    assert not pemutihan.in_force and pemutihan.applied_in == ""


def _desil_file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "desil.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_desil_imported_by_kk_or_by_a_member_s_nik(demo_session: Session, tmp_path: Path) -> None:
    s = demo_session
    one, two = s.exec(select(Family).where(Family.replaced_by.is_(None)).limit(2)).all()  # type: ignore[union-attr]
    member = s.exec(select(Person).where(Person.family_id == two.id)).first()
    assert member is not None
    path = _desil_file(tmp_path, [
        "no_kk,nik,desil",
        f"{one.kk_number},,3",
        f",{member.nik},Desil 7",
        "3205100101990009,,4",  # a KK the desk does not hold
    ])  # fmt: skip
    report = import_file(s, "desil", path, as_of=date(2026, 11, 1))
    assert report.rejected == 0 and report.updated == 2, report.lines
    assert any("tidak ada di data desk ini" in line for line in report.lines)
    s.refresh(one)
    s.refresh(two)
    assert (one.desil, one.desil_as_of, one.desil_source) == (
        3,
        date(2026, 11, 1),
        "file:desil.csv",
    )
    assert two.desil == 7
    # An older list never replaces a newer word.
    older = _desil_file(tmp_path, ["no_kk,desil", f"{one.kk_number},9"])
    assert import_file(s, "desil", older, as_of=date(2026, 1, 1)).updated == 0
    s.refresh(one)
    assert one.desil == 3


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("3205100101990009,11", 'desil "11" tidak dikenal'),
        ("3205100101990009,", 'desil "" tidak dikenal'),
        (",5", "tanpa nomor KK maupun NIK"),
    ],
)
def test_a_bad_desil_row_is_refused_by_line(
    session: Session, tmp_path: Path, line: str, said: str
) -> None:
    report = import_file(session, "desil", _desil_file(tmp_path, ["no_kk,desil", line]))
    assert report.rejected == 1 and said in report.lines[-1], report.lines


def test_a_desil_file_needs_a_kk_or_nik_column(session: Session, tmp_path: Path) -> None:
    with pytest.raises(FileProblem) as refused:
        import_file(session, "desil", _desil_file(tmp_path, ["nama,desil", "ASEP,3"]))
    assert "no_kk / nik" in refused.value.problem.message


def test_a_number_in_the_desil_or_status_column_is_not_echoed(
    session: Session, tmp_path: Path
) -> None:
    """A shifted column can put a NIK where a desil or a status was expected."""
    nik = "3205100512800002"
    report = import_file(
        session, "desil", _desil_file(tmp_path, ["no_kk,desil", f"3205100101990009,{nik}"])
    )
    assert report.rejected == 1 and nik[:12] not in report.lines[-1], report.lines
    cover = tmp_path / "c.csv"
    cover.write_text(
        f"nik,no_kartu,segmen,status\n{nik},0001234567890,PBI-APBN,{nik}\n", encoding="utf-8"
    )
    report = import_file(session, "coverage", cover)
    assert report.rejected == 1 and nik[:12] not in report.lines[-1], report.lines
