"""Identity and payment number rules (kiosk.rules.ids)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.base import i18n
from kiosk.rules import ids

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("nik", "born", "sex"),
    [
        ("3205100512900002", date(1990, 12, 5), "L"),  # man, 5 Dec 1990
        ("3205104512900002", date(1990, 12, 5), "P"),  # woman: day + 40
        ("3205107101150001", date(2015, 1, 31), "P"),  # year 15 is 2015, not 1915
        ("3205100101300003", date(1930, 1, 1), "L"),  # year 30 is 1930 (2030 is in the future)
        ("6501010202050001", date(2005, 2, 2), "L"),  # Kalimantan Utara (province 65)
        ("9601010303100001", date(2010, 3, 3), "L"),  # Papua Barat Daya (province 96)
        ("9101016906960001", date(1996, 6, 29), "P"),
        ("3205102902000001", date(2000, 2, 29), "L"),  # 2000 was a leap year
    ],
)
def test_nik_decodes_birth_date_and_sex(nik: str, born: date, sex: str) -> None:
    check = ids.check_nik(nik, today=TODAY)
    assert check.ok, check.messages
    assert (check.birth_date, check.sex, check.region_code) == (born, sex, nik[:6])


@pytest.mark.parametrize(
    "raw",
    [
        "3205 1005 1290 0002",
        "3205-1005-1290-0002",
        "32.05.10.051290.0002",
        " 3205100512900002\u200b",
    ],
)
def test_nik_separators_are_stripped(raw: str) -> None:
    check = ids.check_nik(raw, today=TODAY)
    assert check.ok and check.value == "3205100512900002"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "num.empty"),
        ("32051005129O0002", "num.not_digit_at"),  # letter O for zero
        ("320510051290002", "num.length"),
        ("32051005129000021", "num.length"),
        ("3.20510051290E+15", "num.spreadsheet"),
        ("9905100512900002", "num.province"),
        ("2005100512900002", "num.province"),  # 20 is no province
        ("3205103212900002", "nik.bad_day"),  # day 32
        ("3205107212900002", "nik.bad_day"),  # woman, day 32
        ("3205100513900002", "nik.day_month_swapped"),  # month 13: day and month swapped?
        ("3205102902010001", "nik.bad_date"),  # 29 Feb 2001
        ("3205100512900000", "nik.serial"),
    ],
)
def test_nik_errors(raw: str, key: str) -> None:
    check = ids.check_nik(raw, today=TODAY)
    assert not check.ok
    assert check.errors[0].key == key


def test_nik_unknown_kecamatan_is_only_a_warning() -> None:
    check = ids.check_nik("3299100512900002", today=TODAY)
    assert check.ok
    assert [w.key for w in check.warnings] == ["num.kecamatan_unknown"]


def test_nik_declared_sex_and_date_mismatch_are_warnings() -> None:
    check = ids.check_nik("3205100512900002", sex="P", birth_date=date(1990, 12, 6), today=TODAY)
    assert check.ok
    assert {w.key for w in check.warnings} == {"nik.sex_mismatch", "nik.date_mismatch"}


def test_nik_century_follows_declared_birth_date() -> None:
    check = ids.check_nik("3205100101200001", birth_date=date(1920, 1, 1), today=TODAY)
    assert check.birth_date == date(1920, 1, 1)
    assert not check.warnings


def test_nik_future_birth_date_is_refused() -> None:
    # 1 Dec 2026 is after TODAY and 1926 gives a 100-year-old; the rule takes 1926.
    assert ids.check_nik("3205100112260001", today=TODAY).birth_date == date(1926, 12, 1)


def test_nik_messages_never_show_the_number() -> None:
    for raw in ("3205103212900002", "3205100512900000", "9905100512900002"):
        for message in ids.check_nik(raw, today=TODAY).messages:
            assert raw not in message and raw[6:12] not in message


def test_kk_rules() -> None:
    assert ids.check_kk("3205 1001 0215 0007").ok
    assert ids.check_kk("3205104002150007").warnings[0].key == "kk.odd_date"
    assert ids.check_kk("9905100102150007").errors[0].key == "num.province"
    assert ids.check_kk("320510010215000").errors[0].key == "num.length"


def test_card_rules() -> None:
    assert ids.check_card("0001234567890").ok and not ids.check_card("0001234567890").warnings
    assert ids.check_card("1001234567890").warnings[0].key == "card.prefix"
    assert ids.check_card("000123456789").errors[0].key == "num.length"


def test_va_is_derived_from_a_card_number_and_checked() -> None:
    card = "0001234567890"
    assert ids.derive_va(card, "BRI") == "8888801234567890"
    assert ids.derive_va(card, "Mandiri") == "8988801234567890"
    assert ids.check_va("8888801234567890", [card]).ok
    assert ids.check_va("8888801234567891", [card]).errors[0].key == "va.no_match"
    assert ids.check_va("7777701234567890", [card]).errors[0].key == "va.prefix"
    assert ids.va_banks("8988801234567890") == ("Mandiri",)
    with pytest.raises(ValueError):
        ids.derive_va(card, "Bank Lain")


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0857 1234 567", "+628571234567"),
        ("0895 1234 56789", "+62895123456789"),
    ],
)
def test_mobile_numbers_are_stored_e164(raw: str, e164: str) -> None:
    check = ids.check_phone(raw)
    assert check.ok and check.value == e164


@pytest.mark.parametrize("raw", ["021-5551234", "0840 1234 5678", "+65 8123 4567", "12", "abc"])
def test_non_mobile_numbers_are_refused(raw: str) -> None:
    assert not ids.check_phone(raw).ok


@pytest.mark.parametrize(
    ("raw", "key", "digits"),
    [
        ("0852", "phone.too_short", 4),
        ("0812 345", "phone.too_short", 7),
        ("+62 852", "phone.too_short", 4),
        ("0812 3456 7890 12", "phone.too_long", 14),
        ("021-5551234", "phone.not_mobile", None),
        ("+65 8123 4567", "phone.not_mobile", None),
    ],
)
def test_a_phone_number_is_told_what_is_wrong_with_it(raw: str, key: str, digits: int) -> None:
    """Half a mobile number is "too short", with its count; only another kind of number is
    "not an Indonesian mobile number"."""
    (problem,) = ids.check_phone(raw).errors
    assert problem.key == key
    if digits is not None:
        assert problem.params["digits"] == digits


def test_phone_display() -> None:
    assert ids.format_phone("+6281234567890") == "0812-3456-7890"
    assert ids.format_phone("+628571234567") == "0857-1234-567"


def test_email() -> None:
    assert ids.check_email(" Pelayanan@Desa.ID ").value == "Pelayanan@desa.id"
    assert ids.check_email("pelayanan@").errors[0].key == "email.invalid"
    assert ids.check_email("").errors[0].key == "email.empty"


def test_masks() -> None:
    assert ids.mask_nik("3205104512900002") == "3205 10** **** 0002"
    assert ids.mask_kk("3205100102150007") == "3205 10** **** 0007"
    assert ids.mask_card("0001234567890") == "**** **** *7890"
    assert ids.mask_name("ASEP HIDAYAT") == "AS** HI*****"
    assert set(ids.mask_nik("12345").replace(" ", "")) == {"*"}  # too short: nothing shown


def test_messages_follow_the_language() -> None:
    i18n.set_language("en")
    try:
        assert ids.check_nik("123").error == "NIK must have 16 digits; 3 were given."
    finally:
        i18n.set_language("id")
    assert ids.check_nik("123").error == "NIK harus 16 digit; yang tertulis 3 digit."


digits16 = st.text(alphabet="0123456789", min_size=16, max_size=16)
separated = st.lists(st.sampled_from(["", " ", "-", ".", "\u00a0"]), min_size=16, max_size=16)


@given(digits16, separated)
def test_normalising_is_idempotent_and_strips_separators(number: str, seps: list[str]) -> None:
    typed = "".join(d + s for d, s in zip(number, seps, strict=True))
    once = ids.normalise_digits(typed)
    assert once == number
    assert ids.normalise_digits(once) == once


@given(digits16)
def test_nik_mask_reveals_only_region_and_serial(number: str) -> None:
    masked = ids.mask_nik(number)
    plain = masked.replace(" ", "")
    assert plain[:6] == number[:6] and plain[-4:] == number[-4:]
    assert plain[6:12] == "******"
    assert sum(ch.isdigit() for ch in masked) == 10


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_card_mask_reveals_only_the_last_four(number: str) -> None:
    masked = ids.mask_card(number).replace(" ", "")
    assert masked[-4:] == number[-4:] and set(masked[:-4]) == {"*"}


@given(st.text(alphabet="0123456789 -.", max_size=30))
def test_masks_never_reveal_more_than_ten_digits(raw: str) -> None:
    assert sum(ch.isdigit() for ch in ids.mask_nik(raw)) <= 10
    assert sum(ch.isdigit() for ch in ids.mask_card(raw)) <= 4


def test_nik_date_digits_follow_the_nik_rule() -> None:
    assert ids.nik_date_digits(date(1990, 12, 5), "L") == "051290"
    assert ids.nik_date_digits(date(2005, 1, 31), "P") == "710105"


def test_nik_agrees_vouches_for_a_plain_good_nik_only() -> None:
    digits = ids.nik_date_digits(date(1990, 12, 5), "P")
    assert ids.nik_agrees("3205104512900002", digits)
    assert not ids.nik_agrees("3205100512900002", digits)  # a man's NIK for a woman
    assert not ids.nik_agrees("3205104512900000", digits)  # serial 0000
    assert not ids.nik_agrees("3299104512900002", digits)  # unknown kecamatan
    assert not ids.nik_agrees("3205 1045 1290 0002", digits)  # separators: check_nik explains


@given(
    region=st.sampled_from(["320510", "320501", "329910", "990101", "650101", "961234"]),
    declared=st.dates(date(1900, 1, 1), date(2030, 12, 31)),
    sex=st.sampled_from(["L", "P"]),
    own_date=st.booleans(),
    other_digits=st.text(alphabet="0123456789", min_size=6, max_size=6),
    serial=st.sampled_from(["0000", "0001", "0123", "9999"]),
    noise=st.sampled_from(["", " ", "-", "x"]),
)
def test_nik_agrees_only_where_check_nik_has_nothing_to_say(
    region: str,
    declared: date,
    sex: str,
    own_date: bool,
    other_digits: str,
    serial: str,
    noise: str,
) -> None:
    digits = ids.nik_date_digits(declared, sex)
    nik = region + (digits if own_date else other_digits) + serial + noise
    if declared > TODAY or not ids.nik_agrees(nik, digits):
        return
    check = ids.check_nik(nik, sex=sex, birth_date=declared, today=TODAY)
    assert (check.errors, check.warnings) == ([], [])
    assert (check.value, check.birth_date, check.sex) == (nik, declared, sex)


def test_region_codes_account_masking_and_age_each_have_one_rule() -> None:
    from datetime import date

    from kiosk.base import clock
    from kiosk.rules import ids

    assert ids.check_region_code("32.05.10").value == "320510"
    assert ids.check_region_code("3205102003").ok
    assert not ids.check_region_code("32051").ok
    assert ids.check_region_code("32051").errors[0].key == "import.region_format"
    assert ids.mask_account("1234567890") == "******7890"
    assert ids.mask_account("") == ""
    assert clock.age(date(2000, 11, 24), on=date(2026, 11, 23)) == 25
    assert clock.age(date(2000, 11, 23), on=date(2026, 11, 23)) == 26


@pytest.mark.parametrize(
    ("nik", "key"),
    [
        ("3205100512800002", None),
        ("32051O0512800002", "num.not_digit_at"),  # a letter O for a zero
        ("3205100515800002", "nik.day_month_swapped"),  # 15 May typed month first
        ("3205102513800002", "nik.bad_month"),  # day 25, month 13
        ("3205103512800002", "nik.bad_day"),  # day 35
        ("3205103125800002", "nik.bad_month"),
    ],
)
def test_a_nik_date_says_what_is_wrong_with_it(nik: str, key: str | None) -> None:
    from kiosk.rules import ids

    problems = ids.check_nik(nik, today=date(2026, 11, 23)).errors
    assert [p.key for p in problems][:1] == ([key] if key else [])
    for p in problems:
        assert nik[6:12] not in p.message  # the masked digits are never said
