"""Identity and payment numbers: normalise, validate, explain, decode and mask.

Every check returns a `Check` with the normalised value, errors (the value is refused)
and warnings (the value is accepted, the operator should look). Messages are keys into
the catalogues, so the same result reads in Bahasa Indonesia or English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.base import clock
from kiosk.base.errors import Check, Problem
from kiosk.base.i18n import t
from kiosk.rules import regions

NIK_LEN = KK_LEN = VA_LEN = 16
CARD_LEN = 13
VA_SUFFIX_LEN = 11

# Bank prefixes of the BPJS Kesehatan virtual account.
VA_PREFIXES: dict[str, tuple[str, ...]] = {
    "88888": ("BRI", "BNI", "BTN", "BCA"),
    "89888": ("Mandiri",),
}
BANK_PREFIX = {bank: prefix for prefix, banks in VA_PREFIXES.items() for bank in banks}

# Separators people and civil-registry exports put into numbers, invisible ones included.
_SEPARATORS = re.compile(r"[\s.\-/'\u200b\u200c\u200d\u2060\ufeff\u00a0]+")
_SPREADSHEET = re.compile(r"^\d([.,]\d+)?E\+?\d+$", re.IGNORECASE)
_MOBILE_NSN = re.compile(r"^8[1-35-9]\d{7,10}$")
_MOBILE_PREFIX = re.compile(r"^8[1-35-9]")
# "00".."99" <-> 0..99: NIK date fields are read and written per row of large imports, and
# int() or a format spec costs several times a lookup.
TWO_DIGITS = {f"{i:02d}": i for i in range(100)}
_AS_TWO_DIGITS = tuple(TWO_DIGITS)


@dataclass
class NikCheck(Check):
    region_code: str = ""
    birth_date: date | None = None
    sex: str | None = None  # "L" or "P"


def normalise_digits(raw: str) -> str:
    """Strip the separators people type or exports carry; keep everything else."""
    return _SEPARATORS.sub("", raw or "")


def _basic(raw: str, length: int, label_key: str) -> tuple[str, list[Problem]]:
    compact = (raw or "").strip()
    if compact.isdigit() and len(compact) == length and compact.isascii():
        return compact, []  # the common case, checked first: imports call this per row
    if _SPREADSHEET.match(compact.replace(" ", "")):
        return compact, [Problem("num.spreadsheet", {"label": t(label_key)})]
    value = normalise_digits(compact)
    if not value:
        return value, [Problem("num.empty", {"label": t(label_key)})]
    if not value.isdigit() or not value.isascii():
        # Where, and what: an O typed for a 0, an l for a 1 (the letter itself is no secret).
        at = next(n for n, ch in enumerate(value) if not ("0" <= ch <= "9"))
        return value, [
            Problem("num.not_digit_at", {"label": t(label_key), "at": at + 1, "char": value[at]})
        ]
    if len(value) != length:
        return value, [
            Problem("num.length", {"label": t(label_key), "expected": length, "actual": len(value)})
        ]
    return value, []


def _resolve_year(yy: int, month: int, day: int, declared: date | None, today: date) -> int:
    """A NIK year has no century: take the declared birth year, else the latest not in the future."""
    if declared is not None and declared.year % 100 == yy:
        return declared.year
    year = 2000 + yy
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _bad_nik_date(dd: int, mm: int) -> Problem:
    """Why digits 7-12 are no birth date: the day, the month, or day and month swapped
    (said without the digits: they are the part of a NIK that is masked everywhere)."""
    if not 1 <= mm <= 12:
        if 1 <= dd <= 12 and (1 <= mm <= 31 or 41 <= mm <= 71):
            return Problem("nik.day_month_swapped")
        return Problem("nik.bad_month")
    if not (1 <= dd <= 31 or 41 <= dd <= 71):
        return Problem("nik.bad_day")
    return Problem("nik.bad_date")


def check_nik(
    raw: str,
    *,
    sex: str | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> NikCheck:
    """NIK: 16 digits PPKKCC DDMMYY SSSS, day + 40 for women, no checksum."""
    value, errors = _basic(raw, NIK_LEN, "label.nik")
    if errors:
        return NikCheck(value, errors)
    if value[:2] not in regions.PROVINCES:
        return NikCheck(
            value, [Problem("num.province", {"code": value[:2], "label": t("label.nik")})]
        )
    today = today or clock.today()
    dd, mm, yy = TWO_DIGITS[value[6:8]], TWO_DIGITS[value[8:10]], TWO_DIGITS[value[10:12]]
    nik_sex = "P" if dd > 40 else "L"
    day = dd - 40 if dd > 40 else dd
    if (
        birth_date is not None
        and birth_date.day == day
        and birth_date.month == mm
        and birth_date.year % 100 == yy
    ):
        born = birth_date  # the declared date is the NIK's: nothing to decode (imports, mostly)
    else:
        try:
            born = date(_resolve_year(yy, mm, day, birth_date, today), mm, day)
        except ValueError:
            return NikCheck(value, [_bad_nik_date(dd, mm)])
    if born > today:
        return NikCheck(value, [Problem("nik.future")])
    if value[12:] == "0000":
        return NikCheck(value, [Problem("nik.serial")])
    region = value[:6]
    warnings = []
    if not regions.is_known_kecamatan(region):
        warnings.append(Problem("num.kecamatan_unknown", {"code": region}))
    if sex is not None and sex != nik_sex and sex in ("L", "P"):
        declared: dict[str, object] = {"nik_sex": t(f"sex.{nik_sex}"), "declared": t(f"sex.{sex}")}
        warnings.append(Problem("nik.sex_mismatch", declared))
    if birth_date is not None and born != birth_date:
        # No dates in the message: the birth date is what a masked NIK hides.
        warnings.append(Problem("nik.date_mismatch"))
    return NikCheck(value, [], warnings, region, born, nik_sex)


def nik_date_digits(born: date, sex: str) -> str:
    """The DDMMYY a NIK carries for this birth date and sex ("L"/"P"): day + 40 for women."""
    day = born.day + 40 if sex == "P" else born.day
    return _AS_TWO_DIGITS[day] + _AS_TWO_DIGITS[born.month] + _AS_TWO_DIGITS[born.year % 100]


def nik_agrees(value: str, date_digits: str) -> bool:
    """True when check_nik would accept `value` as it is, without a warning, for a declared
    sex and birth date (not in the future) whose nik_date_digits are `date_digits`.

    A few string comparisons, so a large import can run it first on every row; a NIK it does
    not vouch for goes through check_nik, which explains what is wrong.
    """
    return (
        value[6:12] == date_digits
        and len(value) == NIK_LEN
        and value.isdigit()
        and value.isascii()
        and value[12:] != "0000"
        # A known kecamatan is in a known province: the table holds only current ones.
        and regions.is_known_kecamatan(value[:6])
    )


def check_kk(raw: str) -> Check:
    """KK number: 16 digits, PPKKCC of the issuing kecamatan, DDMMYY, serial. Loose beyond that."""
    value, errors = _basic(raw, KK_LEN, "label.kk")
    if errors:
        return Check(value, errors)
    if value[:2] not in regions.PROVINCES:
        return Check(value, [Problem("num.province", {"code": value[:2], "label": t("label.kk")})])
    warnings = []
    if not regions.is_known_kecamatan(value[:6]):
        warnings.append(Problem("num.kecamatan_unknown", {"code": value[:6]}))
    if not (1 <= TWO_DIGITS[value[6:8]] <= 31 and 1 <= TWO_DIGITS[value[8:10]] <= 12):
        warnings.append(Problem("kk.odd_date"))
    return Check(value, [], warnings)


def check_card(raw: str) -> Check:
    """JKN card number: 13 digits, in practice starting with 00; no checksum."""
    value, errors = _basic(raw, CARD_LEN, "label.card")
    result = Check(value, errors)
    if result.ok and not value.startswith("00"):
        result.warnings.append(Problem("card.prefix"))
    return result


def derive_va(card_number: str, bank: str) -> str:
    """The family's virtual account: bank prefix + last 11 digits of a member's card number."""
    card = normalise_digits(card_number)
    if len(card) != CARD_LEN or not card.isdigit():
        raise ValueError("card number must be 13 digits")
    prefix = BANK_PREFIX.get(bank)
    if prefix is None:
        raise ValueError(f"unknown bank {bank!r}")
    return prefix + card[-VA_SUFFIX_LEN:]


def check_va(raw: str, card_numbers: list[str] | None = None) -> Check:
    """VA: 16 digits, a known prefix, and (given the family's cards) derived from one of them."""
    value, errors = _basic(raw, VA_LEN, "label.va")
    result = Check(value, errors)
    if errors:
        return result
    prefix = value[:5]
    if prefix not in VA_PREFIXES:
        result.errors.append(Problem("va.prefix", {"prefix": prefix}))
        return result
    cards = [normalise_digits(c) for c in card_numbers or [] if c]
    if cards and all(c[-VA_SUFFIX_LEN:] != value[5:] for c in cards):
        result.errors.append(Problem("va.no_match"))
    return result


def va_banks(va: str) -> tuple[str, ...]:
    return VA_PREFIXES.get(va[:5], ())


def check_phone(raw: str) -> Check:
    """Indonesian mobile number, stored as E.164 (+628...)."""
    import phonenumbers

    text = (raw or "").strip()
    if not text:
        return Check("", [Problem("phone.empty")])
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return Check(text, [Problem("phone.invalid")])
    nsn = str(number.national_number)
    if number.country_code == 62 and _MOBILE_PREFIX.match(nsn) and not _MOBILE_NSN.match(nsn):
        # A mobile prefix with too few or too many digits: "0852" is half a number, not
        # a foreign one.
        digits = len(nsn) + 1  # as written, with its leading 0
        key = "phone.too_short" if len(nsn) < 9 else "phone.too_long"
        return Check(text, [Problem(key, {"digits": digits})])
    if number.country_code != 62 or not _MOBILE_NSN.match(nsn):
        return Check(text, [Problem("phone.not_mobile")])
    return Check(f"+62{nsn}")


def format_phone(e164: str) -> str:
    """+6281234567890 -> 0812-3456-7890."""
    if not e164.startswith("+62"):
        return e164
    local = "0" + e164[3:]
    return "-".join([local[:4]] + [local[i : i + 4] for i in range(4, len(local), 4)])


def check_email(raw: str) -> Check:
    from email_validator import EmailNotValidError, validate_email

    text = (raw or "").strip()
    if not text:
        return Check("", [Problem("email.empty")])
    try:
        info = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return Check(text, [Problem("email.invalid")])
    return Check(info.normalized)


def group(value: str, size: int = 4) -> str:
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


def _mask(value: str, head: int, tail: int) -> str:
    digits = normalise_digits(value)
    if len(digits) <= head + tail:
        # Too short to be a real number: reveal nothing of it.
        return "*" * len(digits)
    return digits[:head] + "*" * (len(digits) - head - tail) + digits[len(digits) - tail :]


def check_region_code(raw: str) -> Check:
    """A Kemendagri kecamatan (6 digits) or village (10 digits) code, dots allowed."""
    code = normalise_digits(raw)
    if not code.isdigit() or len(code) not in (6, 10):
        return Check(code, [Problem("import.region_format")])
    return Check(code)


_DIGIT_RUN = re.compile(r"\d[\d .\-]{4,}\d")


def mask_digit_runs(text: str, limit: int = 40) -> str:
    """A cell echoed back to the operator, with any long number in it masked: a shifted or
    misfilled column can hold a NIK, a KK or a card number where a word was expected."""
    text = text[:limit]
    return _DIGIT_RUN.sub(lambda m: "*" * min(len(m.group()), 6), text)


def mask_account(value: str) -> str:
    """A bank account number with only its last four digits shown."""
    return value[-4:].rjust(len(value), "*") if value else ""


def mask_nik(value: str) -> str:
    """3205104512900002 -> 3205 10** **** 0002: the region shows, the birth date does not."""
    return group(_mask(value, 6, 4)) if value else ""


mask_kk = mask_nik


def format_card(value: str) -> str:
    """0001234567890 -> 0001 2345 67890 (4-4-5, as printed on the card)."""
    return f"{value[:4]} {value[4:8]} {value[8:]}" if len(value) == CARD_LEN else value


def mask_card(value: str) -> str:
    """0001234567890 -> **** **** *7890."""
    return format_card(_mask(value, 0, 4)) if value else ""


def format_va(value: str) -> str:
    return group(value)


def mask_name(name: str) -> str:
    """'ASEP HIDAYAT' -> 'AS** HI*****': enough to recognise a family at the desk."""
    return " ".join(w[:2] + "*" * (len(w) - 2) for w in name.split())
