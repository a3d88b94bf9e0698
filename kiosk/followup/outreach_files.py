"""The map and the target list as files for a spreadsheet: CSV (the families to visit) and an
Excel workbook (the map by area, and the families). Owner-only; KK numbers masked, no NIK."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk.base.i18n import t
from kiosk.followup.outreach import Household, VillageMap, route_words
from kiosk.followup.outreach_sheet import state_words
from kiosk.rules import ids, regions

TARGET_COLUMNS = (
    "desa", "dusun", "rw", "rt", "alamat", "kepala_keluarga", "kk_masked", "desil", "anggota",
    "belum_aktif", "siapa_belum_aktif", "saran", "batas_reaktivasi", "kasus_berjalan",
    "kunjungan_terakhir", "hasil_kunjungan", "petugas",
)  # fmt: skip
MAP_COLUMNS = (
    "tingkat", "desa", "dusun", "rw", "rt", "penduduk", "aktif", "perlu_cek", "nonaktif",
    "tanpa_jkn", "terdaftar", "cakupan_persen", "aktif_persen", "keluarga",
    "keluarga_belum_tercakup",
)  # fmt: skip


def target_rows(targets: Iterable[Household]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for h in targets:
        lacking = h.lacking
        visit = h.visit
        rows.append((
            regions.name(h.region) or h.region, h.dusun, h.rw, h.rt, h.address, h.head,
            ids.mask_kk(h.kk), h.desil if h.desil is not None else "", len(h.residents),
            len(lacking), "; ".join(f"{r.name}: {state_words(r)}" for r in lacking),
            route_words(h.route), h.until.isoformat() if h.until else "",
            t(f"kind.{h.open_kind}") if h.open_case else "",
            visit.day.isoformat() if visit else "",
            t(f"visit.outcome.{visit.outcome}") if visit else "", visit.agent if visit else "",
        ))  # fmt: skip
    return rows


def map_rows(village: VillageMap) -> list[tuple[object, ...]]:
    """Every area, village first and each dusun, RW, RT under it, as the screen lists them."""
    rows: list[tuple[object, ...]] = []
    keys = sorted(village.areas)
    for key in keys:
        tally = village.areas[key]
        region, dusun, rw, rt = (*key, "", "", "")[:4]
        rows.append((
            t(f"outreach.level.{('region', 'dusun', 'rw', 'rt')[len(key) - 1]}"),
            regions.name(region) or region, dusun, rw, rt, tally.residents, tally.covered,
            tally.check, tally.inactive, tally.none, tally.registered, tally.coverage_pct,
            tally.active_pct, tally.families, tally.families_lacking,
        ))  # fmt: skip
    return rows


def write_csv(
    targets: list[Household], path: Path, *, replace: bool = False, excel: bool = False
) -> int:
    from kiosk.base.exports import csv_bytes, write_private

    rows = target_rows(targets)
    write_private(path, csv_bytes([TARGET_COLUMNS, *rows], excel=excel), replace=replace)
    return len(rows)


def write_xlsx(
    village: VillageMap, targets: list[Household], path: Path, *, replace: bool = False
) -> Path:
    from kiosk.base.exports import write_private, xlsx_bytes

    sheets: list[tuple[str, Sequence[object], Iterable[Sequence[object]]]] = [
        (t("outreach.xlsx.map"), MAP_COLUMNS, map_rows(village)),
        (t("outreach.xlsx.targets"), TARGET_COLUMNS, target_rows(targets)),
    ]
    write_private(path, xlsx_bytes(sheets), replace=replace)
    return path
