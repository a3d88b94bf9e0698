"""A small families file, good as it is, for imports to start from."""

from __future__ import annotations

HEADER = (
    "no_kk,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,hubungan,alamat,rt,rw,kode_wilayah"
)


GOOD = [
    "3205100102150007,3205100512800002,Asep Hidayat,L,Garut,1980-12-05,1,KP. LEGOK,1,2,3205102003",
    "3205100102150007,3205104608850003,Euis Rahayu,P,Garut,06-08-1985,3,KP. LEGOK,1,2,3205102003",
    "3205100102150007,3205101503100001,Rizki Hidayat,L,Garut,15/03/2010,ANAK,KP. LEGOK,1,2,3205102003",
]
