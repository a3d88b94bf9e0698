"""First-level health facilities (FKTP) and the Kemendagri region table."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Facility(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    address: str = Field(default="", max_length=200)
    region_code: str = Field(default="", max_length=10, index=True)
    phone: str = Field(default="", max_length=20)
    # Lower-cased name, kind, address and code, so search is one LIKE over one column.
    search_text: str = Field(default="", max_length=400)


class Region(SQLModel, table=True):
    # Digits only: PP, PPKK, PPKKCC or PPKKCCXNNN.
    code: str = Field(primary_key=True, max_length=10)
    name: str = Field(max_length=100)
