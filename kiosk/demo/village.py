"""The synthetic demo village: the kiosk's embedded default and its training ground.

Desa Cikembulan, Kecamatan Kadungora, Kabupaten Garut (real codes, invented people).
Deterministic: the same number of families gives the same families, persons, cover and
facilities every time. Past 1,000 families the families spread over the whole kabupaten,
so a benchmark database has kabupaten scale. Rows go in with executemany, in chunks.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Table, insert, select
from sqlmodel import Session, col

from kiosk.base import clock, database
from kiosk.demo.names import (
    BIRTH_PLACES,
    BPJS_BRANCH,
    FACILITY_PLAN,
    FAMILY_NAMES,
    FEMALE,
    KABUPATEN,
    KAMPUNG,
    KECAMATAN,
    MALE,
    NEIGHBOURS,
    POSTCODE,
    VILLAGE,
)
from kiosk.demo.sample_cases import add_cases
from kiosk.desk import operators, settings
from kiosk.importing.rows import facility_search_text
from kiosk.registry.facilities import facilities_changed
from kiosk.rules import ids, regions, standing
from kiosk.rules.reference import NOT_A_FAMILY_FKTP
from models import Coverage, Facility, Family, Person

SEED = 3205

DEMO_PIN = operators.FIRST_PIN

_CHUNK = 5000


@dataclass
class DemoSummary:
    families: int = 0
    persons: int = 0
    covered: int = 0
    facilities: int = 0
    cases: int = 0


class DemoRefused(Exception):
    pass


class _Serials:
    """NIK and KK serials are counted per region and date, so every number is unique."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)

    def number(self, stem: str) -> str:
        """The next number for a stem of region and DDMMYY."""
        self.counts[stem] += 1
        return f"{stem}{self.counts[stem]:04d}"


def _birth(rng: random.Random, today: date, age_min: int, age_max: int) -> date:
    days = rng.randint(age_min * 365 + 1, age_max * 365 + 300)
    return today - timedelta(days=days)


def _facility_rows(rng: random.Random, kecamatan: list[str]) -> list[dict]:
    rows = []
    serial = 0
    for region in kecamatan:
        place = regions.name(region) or region
        for kind, letter, count, names in FACILITY_PLAN:
            home = region == KECAMATAN
            if not home and kind not in (
                "Puskesmas",
                "Klinik Pratama",
                "Dokter Praktik Perorangan",
            ):
                continue
            for i in range(count if home else 1):
                serial += 1
                if kind == "Puskesmas":
                    name = f"Puskesmas {place}"
                else:
                    name = names[i] if home else f"{names[i]} {place}"
                code = f"{BPJS_BRANCH}{letter}{serial:03d}"
                address = f"Jl. Raya {place} No. {rng.randint(1, 250)}, Kec. {place}"
                rows.append({
                    "code": code, "name": name, "kind": kind, "address": address,
                    "region_code": region, "phone": f"0262-{rng.randint(400000, 499999)}",
                    "search_text": facility_search_text(name, kind, address, code),
                })  # fmt: skip
    return rows


def _villages(families: int) -> list[str]:
    """One village (a large one in Java has 2,000 families), then the kecamatan's villages,
    then the regency's."""
    if families <= 2000:
        return [VILLAGE]
    if families <= 20_000:
        return [code for code, _ in regions.villages_of(KECAMATAN)]
    return [code for code, _ in regions.villages_of(KABUPATEN)]


def family_rows(
    rng: random.Random, count: int, today: date, facility_codes: list[str], first_id: int
) -> Iterator[tuple[dict, list[dict], list[dict]]]:
    """(family, persons, coverage) for each family; some come with a replaced older KK."""
    niks, kks = _Serials(), _Serials()
    villages = _villages(count)
    card_serial = rng.randint(10**8, 3 * 10**8)
    for n in range(count):
        village = villages[n % len(villages)]
        region = village[:6]
        issued = today - timedelta(days=rng.randint(200, 15 * 365))
        kk = kks.number(region + issued.strftime("%d%m%y"))
        kampung = rng.choice(KAMPUNG)  # the family's dusun: one RW of four RTs each
        rt, _ = rng.randint(1, 8), rng.randint(1, 6)  # drawn as before: the village stays
        family = {
            "id": first_id + n, "kk_number": kk, "address": f"KP. {kampung.upper()}",
            "dusun": kampung.upper(), "rt": f"{(rt - 1) % 4 + 1:03d}",
            "rw": f"{KAMPUNG.index(kampung) + 1:03d}",
            "region_code": village, "replaced_by": None, "source": "demo",
        }  # fmt: skip
        surname = rng.choice(FAMILY_NAMES)
        head_female = rng.random() < 0.12
        head_born = _birth(rng, today, 24, 72)
        people = [("P" if head_female else "L", 1, head_born)]
        if not head_female and rng.random() < 0.85:
            people.append(("P", 3, head_born + timedelta(days=rng.randint(-900, 2500))))
        youngest_parent = max(p[2] for p in people)
        for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))):
            earliest = youngest_parent + timedelta(days=18 * 365)
            if earliest >= today:
                break
            born = earliest + timedelta(days=rng.randint(0, max(1, (today - earliest).days)))
            people.append((rng.choice("LP"), 4, min(born, today - timedelta(days=10))))
        if rng.random() < 0.08:
            people.append(
                (rng.choice("LP"), 7, head_born - timedelta(days=rng.randint(20, 30) * 365))
            )
        persons, coverage = [], []
        for sex, relation, born in people:
            first = rng.choice(MALE if sex == "L" else FEMALE)
            name = f"{first} {surname}" if relation in (1, 4) or rng.random() < 0.5 else first
            origin = region if rng.random() < 0.85 else rng.choice(NEIGHBOURS)
            nik = niks.number(origin + ids.nik_date_digits(born, sex))
            persons.append({
                "nik": nik, "family_id": family["id"], "name": name.upper(), "sex": sex,
                "birth_place": rng.choice(BIRTH_PLACES), "birth_date": born, "relation": relation,
            })  # fmt: skip
            if rng.random() < 0.15:
                card_serial += 1
                segment = rng.choices(
                    ("PBI-APBN", standing.REGENCY_SEGMENT, "PPU", "PBPU"), (70, 15, 10, 5)
                )[0]
                coverage.append({
                    "nik": nik, "card_number": f"0000{card_serial:09d}",
                    "segment": segment, "fktp_code": rng.choice(facility_codes),
                    **_claim(card_serial, segment, today),
                })  # fmt: skip
        yield family, persons, coverage


# The village's old PBI list: from before the 2026 reshuffle, so its rows need a check.
_OLD_PBI_LIST = date(2025, 11, 12)


def _claim(serial: int, segment: str, today: date) -> dict:
    """How the demo knows a cover: most from a recent list, some PBI members only from the
    village's 2025 list (check needed), a few found inactive since the reshuffle. Taken from
    the card's serial, so the village is the same as before these dates were kept."""
    if segment == "PBI-APBN" and serial % 4 == 0:
        return {"status": "unknown", "as_of": _OLD_PBI_LIST, "source": "demo:daftar-pbi-2025",
                "inactive_since": None}  # fmt: skip
    if segment == "PBI-APBN" and serial % 9 == 0:
        return {"status": "inactive", "as_of": today - timedelta(days=serial % 20),
                "source": "demo:cek-siks-ng", "inactive_since": standing.PBI_RESHUFFLE}  # fmt: skip
    return {"status": "active", "as_of": today - timedelta(days=serial % 30),
            "source": "demo:data-bpjs", "inactive_since": None}  # fmt: skip


def load(session: Session, families: int = 300, *, today: date | None = None) -> DemoSummary:
    """Fill an empty registry with the demo village, its facilities, operators and cases."""
    if session.execute(select(col(Family.id)).limit(1)).first() is not None:
        raise DemoRefused("the database already holds families")
    today = today or clock.today()
    rng = random.Random(SEED)
    summary = DemoSummary()
    conn = session.connection()
    facility_rows = _facility_rows(rng, [KECAMATAN, *NEIGHBOURS])
    conn.execute(insert(Facility.__table__), facility_rows)  # type: ignore[attr-defined]
    summary.facilities = len(facility_rows)
    facilities_changed(session)
    home_codes = [r["code"] for r in facility_rows if r["region_code"] == KECAMATAN]

    tables: dict[str, Table] = {
        "family": Family.__table__, "person": Person.__table__, "coverage": Coverage.__table__,  # type: ignore[attr-defined]
    }  # fmt: skip
    pending: dict[str, list[dict]] = {name: [] for name in tables}
    next_id = families + 1  # ids for the replaced (older) KK rows come after the families

    def flush(force: bool = False) -> None:
        # All tables together, families first, so every person's family already exists.
        if not force and all(len(rows) < _CHUNK for rows in pending.values()):
            return
        for name, rows in pending.items():
            if rows:
                conn.execute(insert(tables[name]), rows)
                rows.clear()

    kk_serials = _Serials()
    for family, persons, coverage in family_rows(rng, families, today, home_codes, 1):
        pending["family"].append(family)
        pending["person"].extend(persons)
        pending["coverage"].extend(coverage)
        summary.families += 1
        summary.persons += len(persons)
        summary.covered += len(coverage)
        if rng.random() < 0.03:
            # The civil registry replaced this family's older KK (a move, a split...).
            old = today - timedelta(days=rng.randint(16 * 365, 25 * 365))
            pending["family"].append({
                **family, "id": next_id, "replaced_by": family["kk_number"],
                "kk_number": kk_serials.number(family["region_code"][:6] + old.strftime("%d%m%y")),
            })  # fmt: skip
            next_id += 1
        flush()
    flush(force=True)
    # Families went in with explicit ids: PostgreSQL's sequence must learn of them.
    database.advance_sequences(conn, [tables["family"]])

    settings.put(session, "gateway", "training")
    settings.put(session, "village_code", VILLAGE)
    settings.put(session, "village_postcode", POSTCODE)
    settings.put(session, "desk_name", "Kantor Desa Cikembulan")
    settings.put(session, "default_email", "pelayanan@cikembulan.desa.id")
    session.commit()
    demo_operator = operators.add(session, "demo", DEMO_PIN, "operator")
    admin = operators.add(session, "admin", DEMO_PIN, "supervisor")
    # A family chooses among the kecamatan's first-level facilities, no dentist: each
    # dentist's place in the list goes to the first Puskesmas (a list of the same length
    # draws the same random numbers, so the demo village stays the one it was).
    kinds = {r["code"]: r["kind"] for r in facility_rows}
    first_level = [code for code in home_codes if kinds[code] not in NOT_A_FAMILY_FKTP]
    choosable = [code if code in first_level else first_level[0] for code in home_codes]
    summary.cases = add_cases(session, rng, demo_operator.id, [admin.id], choosable)
    return summary


def has_data(session: Session) -> bool:
    """True once the database holds families or operators: the demo never overwrites them."""
    from models import Operator

    return (
        session.execute(select(col(Family.id)).limit(1)).first() is not None
        or session.execute(select(col(Operator.id)).limit(1)).first() is not None
    )
