"""Which columns each kind of village file has: our names, the names OpenSID and SIAK files give
them, SIAK's columns by position, and the columns a file must have."""

from __future__ import annotations

KINDS = ("families", "coverage", "facilities", "desil")

# Our column -> names it goes by in our files, OpenSID exports and SIAK files (as header keys).
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "families": {
        # The family's columns first: a row's first seven cells are what its members repeat.
        "no_kk": ("no_kk", "nomor_kk", "nokk"),
        "alamat": ("alamat",),
        "dusun": ("dusun",),
        "rt": ("rt",),
        "rw": ("rw",),
        "kode_wilayah": ("kode_wilayah", "kode_desa"),
        "no_kk_baru": ("no_kk_baru",),
        "nik": ("nik",),
        "nama": ("nama", "nama_penduduk", "nama_lengkap"),
        "jenis_kelamin": ("jenis_kelamin", "sex", "kelamin", "jk"),
        "tempat_lahir": ("tempat_lahir", "tempatlahir"),
        "tanggal_lahir": ("tanggal_lahir", "tanggallahir", "tgl_lahir"),
        "hubungan": ("hubungan", "kk_level", "shdk", "status_hubungan"),
        "status": ("status_dasar", "status"),
        # OpenSID: 1 none, 2 BPJS PBI, 3 BPJS non-PBI, 99 other insurance; the card number.
        "id_asuransi": ("id_asuransi",),
        "no_asuransi": ("no_asuransi",),
    },
    "coverage": {
        "nik": ("nik",),
        "no_kartu": ("no_kartu", "nomor_kartu", "no_kartu_jkn", "noka"),
        "segmen": ("segmen", "segment", "jenis_peserta"),
        "kode_faskes": ("kode_faskes", "faskes", "kode_fktp"),
        "status": ("status", "aktif", "status_peserta", "status_kepesertaan"),
        # The day the row was true, when a list says it per row.
        "tanggal_data": ("tanggal_data", "per_tanggal", "tanggal_status", "as_of", "tgl_data"),
    },
    # DTSEN deciles, as SIK-NG's "Pemeringkatan Desil" export and OpenSID's DTSEN data carry
    # them: per KK or per person (the person's KK takes it).
    "desil": {
        "no_kk": ("no_kk", "nomor_kk", "nokk"),
        "nik": ("nik", "nik_kepala_keluarga"),
        "desil": ("desil", "peringkat_desil", "desil_nasional", "desil_dtsen"),
        "tanggal_data": ("tanggal_data", "per_tanggal", "as_of", "tgl_data"),
    },
    "facilities": {
        "kode": ("kode", "kode_faskes"),
        "nama": ("nama", "nama_faskes"),
        "jenis": ("jenis", "jenis_faskes", "tipe"),
        "alamat": ("alamat",),
        "kode_wilayah": ("kode_wilayah",),
        "telepon": ("telepon", "telp", "no_telepon"),
    },
}

# SIAK's resident file (OpenSID's "Impor BIP"): columns are meant by position, whatever a
# desk's copy calls them; known by A1 "Nomor KK" and AH1 "Petugas Registrasi".
SIAK_POSITIONS = {
    "no_kk": 0, "nik": 1, "nama": 2, "status": 3, "tempat_lahir": 4, "tanggal_lahir": 5,
    "jenis_kelamin": 6, "hubungan": 12, "alamat": 16, "rw": 17, "rt": 18,
}  # fmt: skip

SIAK_MARKERS = {0: "nomor_kk", 33: "petugas_registrasi"}


def is_siak(header: list[str]) -> bool:
    return all(len(header) > i and header[i] == name for i, name in SIAK_MARKERS.items())


REQUIRED = {
    "families": ("no_kk", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan"),
    "coverage": ("nik", "no_kartu", "segmen"),
    "facilities": ("kode", "nama", "jenis", "kode_wilayah"),
    "desil": ("desil",),  # and no_kk or nik: kiosk.importing.run
}
