"""Region table, rates, case codes, relations and the message catalogues."""

from __future__ import annotations

import string
from datetime import date

import pytest

from kiosk.base.locale import en, id
from kiosk.rules import casecode, rates, regions, relations


def test_provinces_match_the_shipped_table() -> None:
    shipped = {code for code, _ in regions.iter_rows() if len(code) == 2}
    assert shipped == regions.PROVINCES
    assert len(shipped) == 38


def test_region_names_at_every_level() -> None:
    assert regions.name("32") == "Jawa Barat"
    assert regions.name("32.05") == "Kabupaten Garut"
    assert regions.name("320510") == "Kadungora"
    assert regions.name("3205102003") == "Cikembulan"
    assert regions.name("3205999") is None
    assert regions.describe("320510") == "Kadungora, Kabupaten Garut, Jawa Barat"
    assert regions.is_known_kecamatan("650101")  # Kalimantan Utara
    assert not regions.is_known_kecamatan("329999")


def test_region_table_size() -> None:
    rows = list(regions.iter_rows())
    assert len(rows) == 91_599
    assert sum(len(c) == 6 for c, _ in rows) == 7_285


def test_rates_in_force() -> None:
    assert rates.rate(1).paid == 150_000
    assert rates.rate(2).paid == 100_000
    assert (rates.rate(3).full, rates.rate(3).paid) == (42_000, 35_000)
    assert rates.family_total(3, 3) == 105_000
    assert rates.family_total(1, 0) == 0
    assert rates.rupiah(1_050_000) == "Rp1.050.000"
    with pytest.raises(ValueError):
        rates.rate(2, date(2019, 1, 1))
    with pytest.raises(ValueError):
        rates.rate(4)


def test_a_new_regulation_is_a_new_row(monkeypatch: pytest.MonkeyPatch) -> None:
    newer = {k: rates.Rate(k, 2 * r.full, 2 * r.paid) for k, r in rates.RATE_TABLE[0][1].items()}
    monkeypatch.setattr(rates, "RATE_TABLE", [*rates.RATE_TABLE, (date(2027, 1, 1), newer)])
    assert rates.rate(3, date(2026, 12, 31)).paid == 35_000
    assert rates.rate(3, date(2027, 1, 1)).paid == 70_000


def test_case_codes() -> None:
    codes = {casecode.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == 8 and set(code) <= set(casecode.ALPHABET)
        assert casecode.normalise(casecode.display(code)) == code
    assert not set("ILOU") & set(casecode.ALPHABET)
    assert casecode.display("7KQM3X9T") == "7KQM-3X9T"
    # Read aloud or typed from paper: case, dashes and look-alike letters do not matter.
    assert casecode.normalise(" 7kqm-3x9t ") == "7KQM3X9T"
    assert casecode.normalise("OIL1-2345") == "0111" + "2345"
    assert casecode.normalise("7KQM-3X9") is None
    assert casecode.normalise("7KQM-3X9!") is None


def test_relations_parse_codes_and_labels() -> None:
    assert relations.parse("1") == 1
    assert relations.parse("Kepala Keluarga") == 1
    assert relations.parse("ISTRI") == 3
    assert relations.parse("orang tua") == 7
    assert relations.parse("FAMILI LAIN") == 9
    assert relations.parse("12") is None
    assert relations.parse("tetangga") is None


def test_the_head_is_the_member_listed_as_head_else_the_first_listed() -> None:
    from types import SimpleNamespace as Member

    wife, head, child = Member(relation=3), Member(relation=1), Member(relation=4)
    assert relations.head_of([wife, head, child]) is head
    assert relations.head_of([child, wife]) is child  # the head died or left
    assert relations.head_of([]) is None


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    assert set(id.MESSAGES) == set(en.MESSAGES)
    for key, text in id.MESSAGES.items():
        assert _fields(text) == _fields(en.MESSAGES[key]), key


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_message_is_written_twice(lang: str) -> None:
    """A key written twice in a catalogue keeps only its last text: an earlier screen's
    label changed without a word (the hand-off's "Salin" became another screen's "Salin VA")."""
    import ast
    from pathlib import Path

    source = Path(f"kiosk/base/locale/{lang}.py").read_text(encoding="utf-8")
    seen: set[str] = set()
    twice = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for key in node.keys:
                if isinstance(key, ast.Constant):
                    if key.value in seen:
                        twice.append(key.value)
                    seen.add(key.value)
    assert twice == []


def test_no_message_names_a_column_or_a_field() -> None:
    """The operator reads words ("Kode wilayah"), not a file's column names (kode_wilayah)."""
    import re

    named = re.compile(r"(?<![\w{.-])[a-z]+_[a-z_]+(?![\w}])")
    # What an IT person types or opens: a program, a server file, a server setting.
    programs = {"pg_dump", "pg_hba", "max_connections"}
    for catalogue in (id.MESSAGES, en.MESSAGES):
        for key, text in catalogue.items():
            assert set(named.findall(text)) <= programs, (key, text)
