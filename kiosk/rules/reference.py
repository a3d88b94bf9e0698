"""JKN reference lists: participant segments, facility types and codes, partner banks."""

from __future__ import annotations

import re

SEGMENTS = ("PBI-APBN", "PBI-APBD", "PPU", "PBPU", "BP")
# Broad groups, when only that much is known (OpenSID's id_asuransi: PBI or non-PBI; a card
# number alone: in JKN). Enough not to bill the member; the exact segment may follow later.
SEGMENT_GROUPS = ("PBI", "NON-PBI", "JKN")
ANY_SEGMENT = SEGMENTS + SEGMENT_GROUPS
FKTP_KINDS = (
    "Puskesmas", "Klinik Pratama", "Dokter Praktik Perorangan", "Dokter Gigi",
    "Klinik TNI", "Klinik Polri", "RS Kelas D Pratama",
)  # fmt: skip
# BPJS facility code: 4 digits, a digit or capital letter, 3 digits.
FACILITY_CODE = re.compile(r"^\d{4}[0-9A-Z]\d{3}$")
BANKS = ("BRI", "BNI", "BTN", "BCA", "Mandiri")

# Facility kinds as a list of 18 columns can show them (the full name is on the slip).
FKTP_KIND_SHORT = {
    "Dokter Praktik Perorangan": "Dokter Praktik",
    "RS Kelas D Pratama": "RS Pratama",
}
