"""The port through which a registration reaches BPJS Kesehatan, and its two adapters.

BPJS has no public API for new registrations:
- `manual` (production): the operator registers on the official site alongside and keys
  in what BPJS returns; submitting leaves the case `submitted` until then.
- `training` (the demo default): a simulator that answers like BPJS, failures included,
  for demos, tests and training. Its answers are deterministic, so a trainer can rely on them:
  about 1 KK number in 25 is "not found in the civil registry", and about 1 person in 40
  is "already registered" (a PBI card that never arrived), besides anyone on the coverage list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlmodel import Session, col

from kiosk.rules.ids import derive_va
from kiosk.rules.standing import PBI_RESHUFFLE
from kiosk.rules.timing import add_months
from models import Coverage


@dataclass(frozen=True)
class MemberToRegister:
    member_id: int
    nik: str


@dataclass
class GatewayAnswer:
    # "accepted": cards and VA issued; "pending": wait for the operator to key them in;
    # "kk_not_found"; "already_registered": see `already`.
    outcome: str
    va_number: str = ""
    cards: dict[int, str] = field(default_factory=dict)
    already: dict[int, str] = field(default_factory=dict)  # member id -> segment


class Gateway(Protocol):
    name: str

    def submit(
        self, session: Session, kk_number: str, members: list[MemberToRegister], bank: str
    ) -> GatewayAnswer: ...


def _digest(kind: str, number: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{kind}:{number}".encode()).digest()[:8], "big")


class TrainingGateway:
    name = "training"

    @staticmethod
    def kk_unknown_to_registry(kk_number: str) -> bool:
        return _digest("kk", kk_number) % 25 == 0

    @staticmethod
    def secretly_registered(nik: str) -> bool:
        return _digest("nik", nik) % 40 == 0

    @staticmethod
    def card_for(nik: str) -> str:
        return "0001" + f"{_digest('card', nik) % 10**9:09d}"

    def submit(
        self, session: Session, kk_number: str, members: list[MemberToRegister], bank: str
    ) -> GatewayAnswer:
        if self.kk_unknown_to_registry(kk_number):
            return GatewayAnswer("kk_not_found")
        niks = [m.nik for m in members]
        rows = session.connection().execute(
            select(col(Coverage.nik), col(Coverage.segment)).where(
                col(Coverage.nik).in_(niks), col(Coverage.status) != "none"
            )
        )
        listed = {nik: segment for nik, segment in rows}
        already = {
            m.member_id: listed.get(m.nik, "PBI-APBN")
            for m in members
            if m.nik in listed or self.secretly_registered(m.nik)
        }
        if already:
            return GatewayAnswer("already_registered", already=already)
        cards = {m.member_id: self.card_for(m.nik) for m in members}
        va = derive_va(cards[members[0].member_id], bank or "BRI")
        return GatewayAnswer("accepted", va_number=va, cards=cards)

    def check_answer(self, session: Session, nik: str, today: date) -> tuple[str, str, str, str]:
        """What a check by hand would find, simulated so a trainer can teach every answer:
        (answer, segment, card, inactive since as DD-MM-YYYY). A listed person is found
        active, inactive for two months (Dinsos may still reactivate), inactive since the
        2026 reshuffle, or not in JKN, one in four each; anyone else is not in JKN unless the
        simulator registered them secretly."""
        row = (
            session.connection()
            .execute(
                select(col(Coverage.card_number), col(Coverage.segment)).where(
                    col(Coverage.nik) == nik
                )
            )
            .first()
        )
        if row is None or not row[0]:
            if self.secretly_registered(nik):
                return "active", "PBI-APBN", self.card_for(nik), ""
            return "none", "", "", ""
        card, segment = row
        pick = _digest("check", nik) % 4
        if pick == 0:
            return "active", segment, card, ""
        if pick == 1:
            since = add_months(today, -2)
        elif pick == 2:
            since = PBI_RESHUFFLE
        else:
            return "none", "", "", ""
        return "inactive", segment, card, since.strftime("%d-%m-%Y")


class ManualGateway:
    name = "manual"

    def submit(
        self, session: Session, kk_number: str, members: list[MemberToRegister], bank: str
    ) -> GatewayAnswer:
        return GatewayAnswer("pending")


def for_mode(mode: str) -> Gateway:
    return TrainingGateway() if mode == "training" else ManualGateway()
