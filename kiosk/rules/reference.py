"""JKN reference lists: facility types and codes, partner banks (segments: kiosk.rules.standing)."""

from __future__ import annotations

import re

FKTP_KINDS = (
    "Puskesmas", "Klinik Pratama", "Dokter Praktik Perorangan", "Dokter Gigi",
    "Klinik TNI", "Klinik Polri", "RS Kelas D Pratama",
)  # fmt: skip
# Kinds that are no family's first-level facility: a dentist is chosen beside the doctor
# (BPJS's form asks for one apart, when the FKTP is no Puskesmas or clinic).
NOT_A_FAMILY_FKTP = ("Dokter Gigi",)
# First-level facilities with no dentist of their own: BPJS's form asks for one beside them.
NEEDS_DENTIST = ("Dokter Praktik Perorangan",)
# BPJS facility code: 4 digits, a digit or capital letter, 3 digits.
FACILITY_CODE = re.compile(r"^\d{4}[0-9A-Z]\d{3}$")
BANKS = ("BRI", "BNI", "BTN", "BCA", "Mandiri")

# Facility kinds as a list of 18 columns can show them (the full name is on the slip).
FKTP_KIND_SHORT = {
    "Dokter Praktik Perorangan": "Dokter Praktik",
    "RS Kelas D Pratama": "RS Pratama",
}
