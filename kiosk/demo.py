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
from kiosk.cases import (
    answers,
    choices,
    household,
    lifecycle,
    membership,
    payment,
    store,
    submission,
)
from kiosk.cases.gateway import ManualGateway, TrainingGateway
from kiosk.desk import operators, settings
from kiosk.importing.rows import facility_search_text
from kiosk.registry.facilities import facilities_changed
from kiosk.rules import ids, regions, timing
from kiosk.rules.casecode import ALPHABET
from models import Case, CaseStatus, Coverage, Facility, Family, Person

VILLAGE = "3205102003"  # Cikembulan
KECAMATAN = VILLAGE[:6]  # Kadungora
KABUPATEN = VILLAGE[:4]  # Garut
NEIGHBOURS = ("320509", "320511")  # Leles, Leuwigoong
SEED = 3205
DEMO_PIN = "246810"
_CHUNK = 5000

MALE = [
    "Asep",
    "Dedi",
    "Ujang",
    "Agus",
    "Budi",
    "Cecep",
    "Dadang",
    "Endang",
    "Iwan",
    "Jajang",
    "Kurnia",
    "Lukman",
    "Mamat",
    "Nana",
    "Ade",
    "Rudi",
    "Sopian",
    "Tatang",
    "Ujang",
    "Wawan",
    "Yayat",
    "Yusuf",
    "Rahmat",
    "Hendra",
    "Dodi",
    "Enjang",
    "Ridwan",
    "Aep",
    "Fajar",
    "Rizki",
    "Ilham",
    "Gilang",
    "Dimas",
    "Raka",
    "Bayu",
    "Arif",
    "Aldi",
    "Farhan",
]
FEMALE = [
    "Siti",
    "Euis",
    "Neneng",
    "Iis",
    "Yati",
    "Ai",
    "Dewi",
    "Nining",
    "Tini",
    "Lilis",
    "Rina",
    "Wati",
    "Imas",
    "Cucu",
    "Enok",
    "Ela",
    "Nurhayati",
    "Sri",
    "Yuyun",
    "Eti",
    "Rani",
    "Nia",
    "Sinta",
    "Putri",
    "Anisa",
    "Salsa",
    "Nabila",
    "Aulia",
    "Rahma",
    "Intan",
    "Fitri",
    "Dini",
    "Wulan",
    "Kania",
    "Zahra",
    "Nayla",
]
FAMILY_NAMES = [
    "Hidayat",
    "Saputra",
    "Permana",
    "Suryana",
    "Setiawan",
    "Gunawan",
    "Kurniawan",
    "Rahayu",
    "Sudrajat",
    "Firmansyah",
    "Nugraha",
    "Ramdani",
    "Hermawan",
    "Mulyana",
    "Sopandi",
    "Wijaya",
    "Maulana",
    "Kusnadi",
    "Hamdani",
    "Sutisna",
]
KAMPUNG = [
    "Cikembulan",
    "Babakan",
    "Sukamanah",
    "Cibodas",
    "Pasirjati",
    "Legok",
    "Sindangsari",
    "Cisalak",
    "Kaum",
    "Sukamaju",
    "Cijolang",
    "Pangkalan",
]
BIRTH_PLACES = ("GARUT", "GARUT", "GARUT", "BANDUNG", "TASIKMALAYA", "SUMEDANG", "JAKARTA")

# (kind, code letter, how many in the kecamatan, names)
FACILITY_PLAN = (
    ("Puskesmas", "P", 1, ("Puskesmas Kadungora",)),
    ("Klinik Pratama", "K", 5, ("Klinik Pratama Medika", "Klinik Pratama Al-Ikhlas",
                                "Klinik Pratama Sehat Sentosa", "Klinik Pratama Harapan Bunda",
                                "Klinik Pratama Kadungora Husada")),
    ("Dokter Praktik Perorangan", "D", 6, ("dr. Rina Marlina", "dr. Asep Hermawan",
                                            "dr. Dewi Kusumawati", "dr. Hendra Gunawan",
                                            "dr. Nia Kurniasih", "dr. Yusuf Maulana")),
    ("Dokter Gigi", "G", 3, ("drg. Lilis Suryani", "drg. Fajar Nugraha", "drg. Intan Permata")),
    ("Klinik TNI", "T", 1, ("Klinik Kesehatan Koramil 1104 Kadungora",)),
    ("Klinik Polri", "R", 1, ("Klinik Pratama Polsek Kadungora",)),
    ("RS Kelas D Pratama", "S", 1, ("RS Pratama Kadungora",)),
)  # fmt: skip
BPJS_BRANCH = "0403"


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
    if families <= 1000:
        return [VILLAGE]
    return [code for code, _ in regions.villages_of(KABUPATEN)]


def _family_rows(
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
        family = {
            "id": first_id + n, "kk_number": kk,
            "address": f"KP. {rng.choice(KAMPUNG).upper()}",
            "rt": f"{rng.randint(1, 8):03d}", "rw": f"{rng.randint(1, 6):03d}",
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
                segment = rng.choices(("PBI-APBN", "PBI-APBD", "PPU", "PBPU"), (70, 15, 10, 5))[0]
                coverage.append({
                    "nik": nik, "card_number": f"0000{card_serial:09d}",
                    "segment": segment, "fktp_code": rng.choice(facility_codes),
                })  # fmt: skip
        yield family, persons, coverage


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
    for family, persons, coverage in _family_rows(rng, families, today, home_codes, 1):
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
    settings.put(session, "desk_name", "Kantor Desa Cikembulan")
    settings.put(session, "default_email", "pelayanan@cikembulan.desa.id")
    session.commit()
    demo_operator = operators.add(session, "demo", DEMO_PIN, "operator")
    admin = operators.add(session, "admin", DEMO_PIN, "supervisor")
    summary.cases = _cases(session, rng, demo_operator.id, [admin.id], home_codes)
    return summary


def _case_code(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(8))


def _cases(
    session: Session, rng: random.Random, operator_id: int | None, operator_ids: list[int | None],
    fktp: list[str],
) -> int:  # fmt: skip
    """Cases in every state of the lifecycle, so reports and training have content."""
    from kiosk.registry.lookup import lookup_kk

    training = TrainingGateway()
    plan = ([CaseStatus.DRAFT] * 3 + [CaseStatus.SUBMITTED] * 2 + [CaseStatus.VA_ISSUED] * 3 + [CaseStatus.PAID] * 2
            + [CaseStatus.ACTIVE] * 3 + [CaseStatus.REFERRED] * 2 + [CaseStatus.CANCELLED])  # fmt: skip
    kks = list(
        session.scalars(
            select(col(Family.kk_number))
            .where(col(Family.replaced_by).is_(None))
            .order_by(col(Family.id))
            .limit(400)
        )
    )
    candidates = iter(k for k in kks if not training.kk_unknown_to_registry(k))
    made = 0
    operator_ids = [operator_id, *operator_ids]
    for n, kind in enumerate(plan):
        if kind == CaseStatus.REFERRED:
            # A KK the data does not know: the family is sent to re-check it.
            kk = f"{KECAMATAN}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 24):02d}9{rng.randint(100, 999)}"
            head = f"{rng.choice(MALE)} {rng.choice(FAMILY_NAMES)}"
            reason = lifecycle.REFERRAL_REASONS[n % 2]
            with clock.shifted(_timeline(rng, kind)[0]):
                case = store.start_case(
                    session, kk, operator_ids[n % 2], "training", code=_case_code(rng)
                )
                submission.refer(session, case, reason, "", operator_ids[n % 2], head_name=head)
            made += 1
            continue
        for kk in candidates:
            found = lookup_kk(session, kk)
            registrable = not any(training.secretly_registered(m.nik) for m in found.members)
            if registrable and not all(m.covered for m in found.members):
                break
        else:
            break
        manual = kind == CaseStatus.SUBMITTED
        op = operator_ids[n % 2]
        registered, paid, carded = _timeline(rng, kind)
        with clock.shifted(registered):
            begun = household.begin(
                session, kk, op, "manual" if manual else "training", code=_case_code(rng)
            )
            assert begun.case is not None
            case = begun.case
            _walk(session, case, rng, fktp, op, kind, manual)
        if kind in (CaseStatus.PAID, CaseStatus.ACTIVE):
            with clock.shifted(paid):
                payment.record(session, case, clock.today(), op)
        if kind == CaseStatus.ACTIVE:
            with clock.shifted(carded):
                _cards(session, case, rng, fktp, op)
        made += 1
    return made


def _timeline(rng: random.Random, kind: str) -> tuple[timedelta, timedelta, timedelta]:
    """How long ago the family registered, paid and got its card, so follow-ups fall due.

    A family that has paid registered at least two weeks before (BPJS takes no payment
    earlier) and paid inside the window, the odd one a little late; never in the future.
    """
    paid = kind in (CaseStatus.PAID, CaseStatus.ACTIVE)
    hours = timedelta(hours=rng.randint(0, 8))
    registered = timedelta(
        days=rng.randint(timing.PAY_FROM_DAYS + 1, 45) if paid else rng.randint(1, 35)
    )
    registered += hours
    late = rng.random() < 0.1
    to_pay = timedelta(days=rng.randint(31, 34) if late else rng.randint(timing.PAY_FROM_DAYS, 20))
    paid_ago = max(registered - to_pay, timedelta(hours=2))
    carded_ago = max(paid_ago - timedelta(days=rng.randint(3, 10)), timedelta(hours=1))
    return registered, paid_ago, carded_ago


def _walk(session, case, rng, fktp, operator_id, kind, manual) -> None:
    if kind == CaseStatus.DRAFT and rng.random() < 0.5:
        return
    membership.finish_members(session, case)
    choices.set_class(session, case, rng.choice((1, 2, 3, 3, 3)))
    choices.choose_fktp(session, case, rng.choice(fktp))
    if kind == CaseStatus.DRAFT:
        return
    choices.confirm_fktp(session, case, operator_id)
    choices.set_contact(
        session, case, phone=f"08{rng.choice('1235')}{rng.randint(10**8, 10**9 - 1)}",
        email="pelayanan@cikembulan.desa.id", bank=rng.choice(("", "BRI", "BNI", "Mandiri")),
        account="", bank_required=False,
    )  # fmt: skip
    if case.bank:
        choices.set_contact(
            session, case, phone=case.phone, email=case.email, bank=case.bank,
            account=str(rng.randint(10**9, 10**10 - 1)), bank_required=False,
        )  # fmt: skip
    choices.give_consent(session, case, operator_id)
    if kind == CaseStatus.CANCELLED:
        lifecycle.cancel(
            session, case, "family_withdrew", "keluarga memilih mendaftar sendiri", operator_id
        )
        return
    gateway = ManualGateway() if manual else TrainingGateway()
    submission.submit(session, case, gateway, operator_id)


def _cards(session: Session, case: Case, rng: random.Random, fktp: list[str], operator_id) -> None:
    """The cards came back; every other family's first member with another FKTP."""
    members = membership.new_members(store.members_of(session, case))
    mismatch = rng.random() < 0.5
    cards = {
        m.id: (rng.choice(fktp) if mismatch and i == 0 else m.chosen_fktp)
        for i, m in enumerate(members)
    }
    answers.record_cards(session, case, cards, operator_id)  # type: ignore[arg-type]


def has_data(session: Session) -> bool:
    """True once the database holds families or operators: the demo never overwrites them."""
    from models import Operator

    return (
        session.execute(select(col(Family.id)).limit(1)).first() is not None
        or session.execute(select(col(Operator.id)).limit(1)).first() is not None
    )
