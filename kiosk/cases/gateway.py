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
from typing import Protocol

from sqlalchemy import select
from sqlmodel import Session, col

from kiosk.rules.ids import derive_va
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
            select(col(Coverage.nik), col(Coverage.segment)).where(col(Coverage.nik).in_(niks))
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


class ManualGateway:
    name = "manual"

    def submit(
        self, session: Session, kk_number: str, members: list[MemberToRegister], bank: str
    ) -> GatewayAnswer:
        return GatewayAnswer("pending")


def for_mode(mode: str) -> Gateway:
    return TrainingGateway() if mode == "training" else ManualGateway()
