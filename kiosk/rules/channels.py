"""Where a family pays and whom it asks: BPJS Kesehatan's public channels, printed on the
slip. Dated facts (kiosk.rules.sources: pay_channels, contacts): numbers and menus change."""

from __future__ import annotations

CARE_CENTER = "165"  # BPJS Kesehatan Care Center, by phone, 24 hours
PANDAWA = "0811-8165-165"  # PANDAWA, BPJS Kesehatan's administration over WhatsApp

# How a VA is paid, in the order a village family is most likely to use: each a catalogue
# message ("pay.<way>") in the slip's language.
PAY_WAYS = ("atm", "shop", "agent")
