"""Operators of the help desk and the installation's settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


class Operator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True, index=True)
    pin_hash: str = Field(max_length=200)
    role: str = Field(default="operator", max_length=12)  # "operator" or "supervisor"
    failed_attempts: int = Field(default=0)  # wrong PINs since the last lock or right PIN
    locks: int = Field(default=0)  # locks in a row since the last right PIN: each lasts longer
    locked_until: datetime | None = Field(default=None, sa_type=DateTime)
    active: bool = Field(default=True)


class SigningKey(SQLModel, table=True):
    """The public half of a kiosk's slip-signing key. The private half stays in that kiosk's
    data directory: a copy of the database verifies slips but cannot make one."""

    kid: str = Field(primary_key=True, max_length=8)  # short id, printed in every token
    public_key: str = Field(max_length=64)  # raw Ed25519 public key, hex
    kiosk: str = Field(default="", max_length=40)
    created_at: datetime = Field(sa_type=DateTime)
    retired_at: datetime | None = Field(default=None, sa_type=DateTime)  # no longer signs
    # Revoked (a stolen copy): what it signed from this day on is not trusted.
    revoked_from: date | None = None


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(default="", max_length=500)
