"""Kemendagri region codes and names (Kepmendagri 300.2.2-2138/2025), shipped as package data.

Codes are handled without dots: PP (province), PPKK (regency), PPKKCC (kecamatan),
PPKKCCXNNN (village). The file is read lazily, once: districts on the first NIK or KK
check, villages only when a village name is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

DATA_FILE = "wilayah-kemendagri-2025.csv.gz"

# The 38 provinces in force since 2022; a test keeps this in step with the shipped table.
_PROVINCE_CODES = (
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 "
    "71 72 73 74 75 76 81 82 91 92 93 94 95 96"
)
PROVINCES = frozenset(_PROVINCE_CODES.split())
# Province, regency and kecamatan lines ("32", "32.05", "32.05.10"): one lookup in C instead
# of parsing the 84,000 village lines too, so the first NIK check of a session stays quick.
_DISTRICT_LINE = re.compile(r"^\d\d(?:\.\d\d){0,2},.*$", re.MULTILINE)


def _raw() -> bytes:
    # Loaded here, not at import: the login screen's PIN field reaches this module through
    # the ID rules, and importlib.resources alone costs a slow PC ~15 ms before its first frame.
    from importlib import resources

    return resources.files("kiosk.rules.data").joinpath(DATA_FILE).read_bytes()


def _text() -> str:
    import gzip

    return gzip.decompress(_raw()).decode("utf-8")


def iter_rows() -> Iterator[tuple[str, str]]:
    """Every (code without dots, name) of the shipped table, in file order."""
    import csv
    import io

    reader = csv.reader(io.StringIO(_text(), newline=""))
    next(reader)
    for code, name in reader:
        yield code.replace(".", ""), name


@cache
def _districts() -> dict[str, str]:
    # Decompressed a piece at a time: the whole table as one string (2.3 MB, and as much
    # again in bytes) would stay in the process's heap for good on a 2 GB PC.
    import codecs
    import csv
    import zlib

    raw = _raw()
    inflate = zlib.decompressobj(wbits=31)  # gzip framing
    decode = codecs.getincrementaldecoder("utf-8")().decode  # a piece may end mid-letter
    lines: list[str] = []
    rest = ""
    for start in range(0, len(raw), 1 << 16):
        piece = rest + decode(inflate.decompress(raw[start : start + (1 << 16)]))
        cut = piece.rfind("\n") + 1
        lines += _DISTRICT_LINE.findall(piece, 0, cut)
        rest = piece[cut:]
    lines += _DISTRICT_LINE.findall(rest + decode(inflate.flush(), final=True))
    return {code.replace(".", ""): name for code, name in csv.reader(lines)}


@cache
def _villages() -> dict[str, str]:
    return {code: name for code, name in iter_rows() if len(code) == 10}


def preload() -> None:
    """Read the province, regency and kecamatan names now rather than on the first check."""
    _districts()


def name(code: str) -> str | None:
    """The name of a province, regency, kecamatan or village code (dots allowed)."""
    code = code.replace(".", "")
    table = _villages() if len(code) == 10 else _districts()
    return table.get(code)


def is_known_kecamatan(code6: str) -> bool:
    return len(code6) == 6 and code6 in _districts()


def rt_rw(raw: str) -> str:
    """An RT or RW number as the desk keeps it: three digits ("1" and "001" are one RT, as
    the civil registry prints them); "-" or nothing is unknown."""
    value = raw.strip()
    if value in ("", "-"):
        return ""
    return value.zfill(3) if value.isdigit() and len(value) <= 3 else value[:3]


def dusun_name(raw: str) -> str:
    """A dusun as the desk keeps it, as OpenSID does: upper-case, `_` a space, without a
    "DUSUN " prefix; "-" is none."""
    dusun = " ".join(raw.replace("_", " ").split()).upper()
    if dusun.startswith("DUSUN "):
        dusun = dusun[6:].strip()
    return "" if dusun == "-" else dusun


def describe(code: str) -> str:
    """'Kecamatan, Regency, Province' for a 6-digit code, as far as it is known."""
    parts = [name(code[:n]) for n in (6, 4, 2) if len(code) >= n]
    return ", ".join(p for p in parts if p)


def villages_of(code6: str) -> list[tuple[str, str]]:
    return sorted((c, n) for c, n in _villages().items() if c.startswith(code6))
