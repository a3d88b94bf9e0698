"""What BPJS's registration form asks of a self-paying family beyond its KK: the head's
occupation, the household's average monthly income, the postcode, and whose bank account
pays by autodebit.

Occupations are suggested from the names Dukcapil writes on the KK ("Jenis Pekerjaan"), so
the operator can copy what the family's card says; any other is typed as it is. A postcode
is five digits; its first digit names a region of Indonesia (Pos Indonesia's numbering), so
one that belongs elsewhere than the family's province is pointed out, not refused: a family
may live away from where its KK was issued.
"""

from __future__ import annotations

import re

from kiosk.base.errors import Check, Problem

# The occupations on most self-paying families' KKs, as Dukcapil names them.
OCCUPATIONS = (
    "Belum/Tidak Bekerja", "Mengurus Rumah Tangga", "Pelajar/Mahasiswa", "Pensiunan",
    "Petani/Pekebun", "Peternak", "Nelayan/Perikanan", "Buruh Harian Lepas",
    "Buruh Tani/Perkebunan", "Pedagang", "Wiraswasta", "Karyawan Swasta", "Karyawan Honorer",
    "Sopir", "Tukang Batu", "Tukang Kayu", "Penjahit", "Perangkat Desa", "Guru",
)  # fmt: skip
# The household's average monthly income, in bands (the form asks an amount; a family
# rarely knows one, a band it can say).
INCOME_BANDS = ("lt1", "1to3", "3to5", "5to10", "gt10")

# A postcode's first digit, by province (the first two digits of a region code).
_POSTCODE_REGIONS = {
    **dict.fromkeys(("11", "12", "13", "14", "21"), "2"),  # northern and central Sumatra
    **dict.fromkeys(("15", "16", "17", "18", "19"), "3"),  # southern Sumatra
    "31": "1", "32": "14", "36": "14",  # Jakarta; West Java and Banten (1xxxx and 4xxxx)
    "33": "5", "34": "5", "35": "6",  # Central Java and Yogyakarta; East Java
    **dict.fromkeys(("51", "52", "53"), "8"),  # Bali, Nusa Tenggara
    **dict.fromkeys(("61", "62", "63", "64", "65"), "7"),  # Kalimantan
    **dict.fromkeys(("71", "72", "73", "74", "75", "76", "81", "82"), "9"),  # Sulawesi, Maluku
    **dict.fromkeys(("91", "92", "93", "94", "95", "96", "97"), "9"),  # Papua
}  # fmt: skip

_WORDS = re.compile(r"[A-Za-z][A-Za-z .,'/()-]*")
_NAME = re.compile(r"[A-Za-z][A-Za-z .,'-]*")


def check_occupation(raw: str) -> Check:
    """An occupation as the KK words it, or as typed: letters and a few signs, 2-40 long.
    A listed one is written as the list writes it, whatever its case."""
    text = " ".join(raw.split())
    if not text:
        return Check(text, [Problem("occupation.empty")])
    if len(text) < 2 or len(text) > 40 or not _WORDS.fullmatch(text):
        return Check(text, [Problem("occupation.format")])
    listed = {o.lower(): o for o in OCCUPATIONS}
    return Check(listed.get(text.lower(), text))


def check_income(band: str, required: bool) -> Check:
    if band and band not in INCOME_BANDS:
        return Check(band, [Problem("income.unknown")])
    if required and not band:
        return Check(band, [Problem("income.empty")])
    return Check(band)


def check_postcode(raw: str, region: str = "") -> Check:
    """Five digits, not starting with 0; a warning when the first digit belongs to another
    part of Indonesia than the family's province (`region`, a region code)."""
    digits = "".join(raw.split())
    if not digits:
        return Check(digits, [Problem("postcode.empty")])
    if not digits.isdigit() or len(digits) != 5 or digits[0] == "0":
        return Check(digits, [Problem("postcode.format")])
    expected = _POSTCODE_REGIONS.get(region[:2], "")
    if expected and digits[0] not in expected:
        return Check(digits, warnings=[Problem("postcode.elsewhere", {"first": digits[0]})])
    return Check(digits)


def check_holder(raw: str) -> Check:
    """The account holder's name as the bank has it: the head by default, or a member of
    the KK, or a relative who pays for them."""
    name = " ".join(raw.split()).upper()
    if not name:
        return Check(name, [Problem("holder.empty")])
    if len(name) > 100 or not _NAME.fullmatch(name):
        return Check(name, [Problem("holder.format")])
    return Check(name)
