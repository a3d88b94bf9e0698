"""FKTP search: the same answers as a plain filter, in the order the operator wants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from kiosk.importing.rows import facility_search_text
from kiosk.registry.facilities import FacilityIndex, FacilityRow

ROWS = [
    FacilityRow(code, name, kind, region, facility_search_text(name, kind, address, code))
    for code, name, kind, address, region in [
        ("0403D010", "dr. Rina Marlina", "Dokter Praktik Perorangan", "Jl. Mawar 1", "320510"),
        ("0403P001", "Puskesmas Kadungora", "Puskesmas", "Jl. Raya Kadungora", "320510"),
        ("0403K002", "Klinik Pratama Medika", "Klinik Pratama", "Jl. Raya Leles", "320509"),
        ("0403P020", "Puskesmas Leles", "Puskesmas", "Jl. Raya Leles 2", "320509"),
        ("0101P001", "Puskesmas Bakongan", "Puskesmas", "Jl. Aceh", "110101"),
        ("0403G013", "drg. Lilis Suryani", "Dokter Gigi", "Jl. Raya Kadungora 3", "320510"),
    ]
]


def brute(index: FacilityIndex, query: str, limit: int) -> list[FacilityRow]:
    words = query.lower().split()
    return [r for r in index.rows() if all(w in r.search_text for w in words)][:limit]


def test_home_kecamatan_first_then_puskesmas_first() -> None:
    index = FacilityIndex(ROWS, "3205102003")
    assert [r.code for r in index.search("")] == [
        "0403P001",
        "0403D010",
        "0403G013",
        "0403P020",
        "0403K002",
        "0101P001",
    ]
    assert [r.code for r in index.search("puskesmas")] == ["0403P001", "0403P020", "0101P001"]


def test_every_word_must_match_anywhere() -> None:
    index = FacilityIndex(ROWS, "320510")
    assert [r.code for r in index.search("raya leles")] == ["0403P020", "0403K002"]
    assert [r.code for r in index.search("0403p0")] == ["0403P001", "0403P020"]
    assert index.search("puskesmas zzz") == []


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["p", "pusk", "raya", "le", "leles", "dr", "0403", "a", "zz", "kadungora", "."]), max_size=3),
       st.integers(min_value=1, max_value=6))  # fmt: skip
def test_same_answers_as_a_plain_filter(words: list[str], limit: int) -> None:
    index = FacilityIndex(ROWS, "320510")
    query = " ".join(words)
    assert index.search(query, limit) == brute(index, query, limit)


def test_loads_from_the_database(demo_session: Session) -> None:
    from kiosk.registry import facilities

    index = facilities.index_for(demo_session, "3205102003")
    assert index.search("puskesmas kadungora")[0].code == "0403P001"
    assert len(index.rows()) == 24


def test_the_index_is_built_once_and_again_only_after_a_facilities_import(
    demo_session: Session, tmp_path
) -> None:
    from kiosk.importing.run import import_file
    from kiosk.registry import facilities

    facilities._table = None  # this process may have kept one for another test's database
    first = facilities.index_for(demo_session, "3205102003")
    assert facilities.index_for(demo_session, "3205102003") is first  # kept, not rebuilt
    other = facilities.index_for(demo_session, "3205090001")  # another kecamatan's order
    assert other is not first and other.rows()[0].region_code.startswith("320509")
    assert first.rows()[0].region_code.startswith("320510")
    # The second order's search texts were taken from the first's, not read again: the
    # same rows, texts and answers as an order made from the database's rows.
    assert other.rows() == FacilityIndex(first.rows(), "3205090001").rows()
    assert other.search("puskesmas") == FacilityIndex(first.rows(), "3205090001").search(
        "puskesmas"
    )
    csv = tmp_path / "faskes.csv"
    csv.write_text("kode,nama,jenis,kode_wilayah\n0403P099,Puskesmas Baru,Puskesmas,320510\n")
    report = import_file(demo_session, "facilities", csv)
    assert report.written
    again = facilities.index_for(demo_session, "3205102003")
    assert again is not first and again.search("puskesmas baru")[0].code == "0403P099"
    # Importing the same file again changes nothing: the index is kept.
    import_file(demo_session, "facilities", csv)
    assert facilities.index_for(demo_session, "3205102003") is again


def test_get_finds_whole_codes_only() -> None:
    index = FacilityIndex(ROWS, "320510")
    for row in ROWS:
        assert index.get(row.code) == row  # its search text included
    # The codes are kept end to end in one string: a match across two of them is no code.
    joined = index.table.codes.text
    assert index.get(joined[4:12]) is None
    assert index.get("0403") is None and index.get("") is None
