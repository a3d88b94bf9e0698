"""Operators of the help desk and the installation's settings."""

from __future__ import annotations

from datetime import datetime

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


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(default="", max_length=500)
