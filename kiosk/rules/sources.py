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
    Rule("pesiar", "BPJS PESIAR programme; village recognition at 95%",
         "https://jateng.antaranews.com/amp/berita/440537/", date(2026, 12, 7),
         "kiosk.rules.outreach"),
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
    # A family already in JKN (kiosk.rules.newborn, kiosk.rules.arrears, kiosk.rules.timing).
    Rule("newborn", "Perpres 82/2018; BPJS Panduan Layanan Peserta",
         "https://aceh.tribunnews.com/news/985969/orang-tua-wajib-tahu-bayi-baru-lahir-harus-segera-didaftarkan-ke-bpjs-kesehatan-ini-caranya",
         date(2026, 12, 7), "kiosk.rules.newborn"),
    Rule("arrears_cap", "Perpres 64/2020 Pasal 42",
         "https://www.idxchannel.com/milenomic/bisakah-tunggakan-bpjs-diputihkan-simak-syarat-pelunasan-dan-pemberlakuan-dendanya/2",
         date(2026, 12, 7), "kiosk.rules.arrears"),
    Rule("rehab", "BPJS, New REHAB 2.0 (2025-02-03)",
         "https://kompas.tv/amp/ekonomi/573247/mengenal-program-new-rehab-2-0-dari-bpjs-kesehatan-cicil-tunggakan-iuran-jadi-lebih-fleksibel?page=all",
         date(2026, 12, 7), "kiosk.rules.arrears"),
    # BPJS's officers disagree on when cover returns: both are said, neither promised.
    Rule("rehab_moved", "BPJS Cabang Pematangsiantar, 2025-12-18",
         "https://idnmetro.com/bpjs-kesehatan-kenalkan-new-rehab-2-0-solusi-ringan-bagi-peserta-menunggak",
         date(2026, 12, 7), "kiosk.rules.arrears"),
    Rule("fktp_exceptions", "BPJS guidance",
         "https://kiaton.kontan.co.id/news/pindah-faskes-bpjs-kesehatan-cek-aturan-3-bulan-dan-syaratnya",
         date(2026, 12, 7), "kiosk.rules.timing"),
    Rule("class_change", "BPJS guidance",
         "https://money.kompas.com/read/2022/11/17/101945326/cara-pindah-kelas-bpjs-kesehatan-dan-syaratnya",
         date(2026, 12, 7), "kiosk.rules.timing"),
    # Announced, its Perpres unsigned in February 2026: never applied, never promised.
    Rule("pemutihan", "draft Perpres (unsigned)",
         "https://samudrafakta.com/prabowo-belum-teken-perpres-pemutihan-tunggakan-bpjs-masih-tertahan",
         VERIFIED, "", in_force=False),
)  # fmt: skip

BY_KEY = {rule.key: rule for rule in RULES}


def terms() -> dict[str, object]:
    """The numbers the rules' descriptions say, from the modules that apply them."""
    from kiosk.rules import arrears, channels, newborn, timing

    return {
        "pandawa": channels.PANDAWA, "care": channels.CARE_CENTER,
        "within": newborn.REGISTER_WITHIN_DAYS, "nik_months": newborn.NIK_AFTER_MONTHS,
        "billed": arrears.BILLED_MAX_MONTHS, "rehab_min": arrears.REHAB_MIN_MONTHS,
        "rehab_max": arrears.REHAB_MAX_MONTHS, "rehab_count": arrears.REHAB_MAX_INSTALMENTS,
        "moved_min": arrears.MOVED_MIN_MONTHS, "moved_count": arrears.MOVED_MAX_INSTALMENTS,
        "class_months": timing.CLASS_CHANGE_AFTER_MONTHS, **arrears.penalty_terms(),
    }  # fmt: skip


def age_days(rule: Rule, today: date) -> int:
    return (today - rule.verified_on).days
