"""Every dated rule the kiosk applies, with its instrument, a public source and the day it was
last verified, so a desk can see how old its rules are (Settings lists them).

News and guidance pages, not regulation texts: a rule older than a few months deserves a fresh
look. A rule that was announced but is not in force is kept here switched off and is never
applied or promised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

VERIFIED = date(2026, 12, 4)


@dataclass(frozen=True)
class Rule:
    key: str  # its name in the catalogue: "rule.<key>"
    instrument: str
    source: str
    verified_on: date
    applied_in: str  # the module that applies it
    in_force: bool = True


RULES: tuple[Rule, ...] = (
    Rule("rates", "Perpres 64/2020",
         "https://lifepal.co.id/media/biaya-bpjs-kesehatan", VERIFIED, "kiosk.rules.rates"),
    Rule("no_increase_2026", "Finance Minister, Oct 2025",
         "https://economy.okezone.com/read/2025/10/24/320/3178958/", VERIFIED, "kiosk.rules.rates"),
    Rule("first_payment", "BPJS guidance",
         "https://jombangnews.co.id/syarat-dan-cara-daftar-bpjs-kesehatan-mandiri-secara-online-2024-19548.html",
         VERIFIED, "kiosk.rules.timing"),
    Rule("fktp_change", "BPJS guidance",
         "https://kiaton.kontan.co.id/news/pindah-faskes-bpjs-kesehatan-cek-aturan-3-bulan-dan-syaratnya",
         VERIFIED, "kiosk.rules.timing"),
    Rule("whole_kk", "Perpres 82/2018",
         "https://amp.kontan.co.id/news/jangan-jadi-hoaks", VERIFIED, "kiosk.cases.membership"),
    Rule("pbi_reshuffle", "SK Mensos No. 3/HUK/2026",
         "https://economy.okezone.com/read/2026/02/07/320/3200136/", VERIFIED,
         "kiosk.rules.standing"),
    Rule("pbi_reactivation", "Kemensos guidance 2026-02-18",
         "https://nusantaradaily.id/kesehatan/bpjs/kemensos-bimbing-operator-data-dinsos-reaktivasi-pbi-jk.html",
         VERIFIED, "kiosk.rules.routes"),
    Rule("pbi_desil", "Kemensos guidance 2026-02-18; Dinsos Blitar",
         "https://insanimedia.id/reaktivasi-pbi-jkn-di-kabupaten-blitar-pasien-kronis-jadi-prioritas",
         VERIFIED, "kiosk.rules.routes"),
    Rule("regency_segment", "BPJS usage", "https://duta.co/program-new-rehab-2-0-", VERIFIED,
         "kiosk.rules.standing"),
    Rule("uhc", "BPJS statement 2025-09-26",
         "https://news.republika.co.id/berita/t37bbc368/uhc-prioritas-jaminan-jkn-langsung-aktif",
         VERIFIED, "kiosk.rules.routes"),
    Rule("status_channels", "BPJS public channels", "https://bpjsantangkalang.org/?p=906",
         VERIFIED, "kiosk.rules.standing"),
    Rule("pay_channels", "BPJS payment channels",
         "https://www.diksia.com/finansial/panduan-lengkap-cara-bayar-bpjs-lewat-atm-mudah-dan-praktis",
         date(2026, 12, 6), "kiosk.rules.channels"),
    Rule("contacts", "BPJS Care Center 165; PANDAWA",
         "https://tirto.id/daftar-call-center-bpjs-kesehatan-wa-hingga-telepon-g4MY",
         date(2026, 12, 6), "kiosk.rules.channels"),
    # What a participant agrees to, said on the notice, the slip and the office form: the 10th,
    # cover stopped after a month in arrears, the inpatient penalty within 45 days.
    Rule("participation", "Perpres 64/2020 Pasal 42",
         "https://www.idxchannel.com/milenomic/bisakah-tunggakan-bpjs-diputihkan-simak-syarat-pelunasan-dan-pemberlakuan-dendanya/2",
         date(2026, 12, 7), "kiosk.cases.consent"),
    # Announced, its Perpres unsigned in February 2026: never applied, never promised.
    Rule("pemutihan", "draft Perpres (unsigned)",
         "https://samudrafakta.com/prabowo-belum-teken-perpres-pemutihan-tunggakan-bpjs-masih-tertahan",
         VERIFIED, "", in_force=False),
)  # fmt: skip

BY_KEY = {rule.key: rule for rule in RULES}


def age_days(rule: Rule, today: date) -> int:
    return (today - rule.verified_on).days
