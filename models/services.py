"""The desk's log of every person served, registration or not."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


class ServiceEntry(SQLModel, table=True):
    """One person served: what they came for and how it ended (kiosk.cases.service_log).
    Nothing personal: an information-only visit is counted without a name or a number."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime)
    day: date = Field(index=True)  # the desk's local day, what the reports count by
    operator_id: int | None = Field(default=None, foreign_key="operator.id", index=True)
    kiosk: str = Field(default="", max_length=40)
    service: str = Field(max_length=16)  # information, administration, complaint
    topic: str = Field(max_length=16)
    outcome: str = Field(max_length=10)  # done, not_done
    reason: str = Field(default="", max_length=20)  # why not done
    satisfaction: str = Field(default="", max_length=12)  # "" when not asked
    note: str = Field(default="", max_length=200)
    training: bool = Field(default=False)  # logged while the desk was in training mode
