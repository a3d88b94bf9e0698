"""The words the demo village is made of: given and family names, kampung, birth places, and the
facilities of a kecamatan."""

from __future__ import annotations

VILLAGE = "3205102003"  # Cikembulan
KECAMATAN = VILLAGE[:6]  # Kadungora
POSTCODE = "44153"  # the demo village's: West Java's postcodes start with 4
KABUPATEN = VILLAGE[:4]  # Garut
NEIGHBOURS = ("320509", "320511")  # Leles, Leuwigoong

MALE = [
    "Asep",
    "Dedi",
    "Ujang",
    "Agus",
    "Budi",
    "Cecep",
    "Dadang",
    "Endang",
    "Iwan",
    "Jajang",
    "Kurnia",
    "Lukman",
    "Mamat",
    "Nana",
    "Ade",
    "Rudi",
    "Sopian",
    "Tatang",
    "Ujang",
    "Wawan",
    "Yayat",
    "Yusuf",
    "Rahmat",
    "Hendra",
    "Dodi",
    "Enjang",
    "Ridwan",
    "Aep",
    "Fajar",
    "Rizki",
    "Ilham",
    "Gilang",
    "Dimas",
    "Raka",
    "Bayu",
    "Arif",
    "Aldi",
    "Farhan",
]

FEMALE = [
    "Siti",
    "Euis",
    "Neneng",
    "Iis",
    "Yati",
    "Ai",
    "Dewi",
    "Nining",
    "Tini",
    "Lilis",
    "Rina",
    "Wati",
    "Imas",
    "Cucu",
    "Enok",
    "Ela",
    "Nurhayati",
    "Sri",
    "Yuyun",
    "Eti",
    "Rani",
    "Nia",
    "Sinta",
    "Putri",
    "Anisa",
    "Salsa",
    "Nabila",
    "Aulia",
    "Rahma",
    "Intan",
    "Fitri",
    "Dini",
    "Wulan",
    "Kania",
    "Zahra",
    "Nayla",
]

FAMILY_NAMES = [
    "Hidayat",
    "Saputra",
    "Permana",
    "Suryana",
    "Setiawan",
    "Gunawan",
    "Kurniawan",
    "Rahayu",
    "Sudrajat",
    "Firmansyah",
    "Nugraha",
    "Ramdani",
    "Hermawan",
    "Mulyana",
    "Sopandi",
    "Wijaya",
    "Maulana",
    "Kusnadi",
    "Hamdani",
    "Sutisna",
]

KAMPUNG = [
    "Cikembulan",
    "Babakan",
    "Sukamanah",
    "Cibodas",
    "Pasirjati",
    "Legok",
    "Sindangsari",
    "Cisalak",
    "Kaum",
    "Sukamaju",
    "Cijolang",
    "Pangkalan",
]

BIRTH_PLACES = ("GARUT", "GARUT", "GARUT", "BANDUNG", "TASIKMALAYA", "SUMEDANG", "JAKARTA")

# (kind, code letter, how many in the kecamatan, names)
FACILITY_PLAN = (
    ("Puskesmas", "P", 1, ("Puskesmas Kadungora",)),
    ("Klinik Pratama", "K", 5, ("Klinik Pratama Medika", "Klinik Pratama Al-Ikhlas",
                                "Klinik Pratama Sehat Sentosa", "Klinik Pratama Harapan Bunda",
                                "Klinik Pratama Kadungora Husada")),
    ("Dokter Praktik Perorangan", "D", 6, ("dr. Rina Marlina", "dr. Asep Hermawan",
                                            "dr. Dewi Kusumawati", "dr. Hendra Gunawan",
                                            "dr. Nia Kurniasih", "dr. Yusuf Maulana")),
    ("Dokter Gigi", "G", 3, ("drg. Lilis Suryani", "drg. Fajar Nugraha", "drg. Intan Permata")),
    ("Klinik TNI", "T", 1, ("Klinik Kesehatan Koramil 1104 Kadungora",)),
    ("Klinik Polri", "R", 1, ("Klinik Pratama Polsek Kadungora",)),
    ("RS Kelas D Pratama", "S", 1, ("RS Pratama Kadungora",)),
)  # fmt: skip

BPJS_BRANCH = "0403"
