"""Reading papers back as their readers would: the text of a PDF, and the QR codes a phone camera would find on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def decode_qr(pdf: Path, tmp_path: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    # 150 dpi: about what a phone camera or a cheap scanner resolves.
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    found = []
    for png in sorted(tmp_path.glob("page*.png")):
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    return found


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)
