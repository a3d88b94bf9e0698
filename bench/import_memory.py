"""Peak memory of importing files made to hurt: each imported by `kiosk import` in its own
process into an empty database, its peak resident memory (VmHWM, Linux) printed.

    uv run python bench/import_memory.py

The files come from tests/helpers/hostile_files.py at full size: a shared-strings bomb
(~50 MB of XML in ~130 KB), a sheet claiming 16,384 columns, broken sheet XML, a damaged
.xls, and a CSV of quoted line breaks that never ends its row. A good village file of
30,000 people is measured beside them for comparison.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# VmHWM, not ru_maxrss: Linux carries the peak of the process that forked this one across
# exec into ru_maxrss, and the bench's own files are large.
CHILD = """
import sys
from kiosk.cli import main
code = main(["--db", sys.argv[1], "import", "families", sys.argv[2], "--skip-bad"])
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(code, int(peak) // 1024)
"""


def good_file(path: Path, people: int = 30_000) -> Path:
    from tests.helpers.village_files import HEADER

    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(people):
            kk = f"32051001021{n // 4:05d}"
            nik = f"3205100512{80 + n % 10:02d}{n % 10000:04d}"
            out.write(f"{kk},{nik},Warga Desa,L,Garut,1980-12-05,1,KP. LEGOK,1,2,3205102003\n")
    return path


def main() -> None:
    from tests.helpers import hostile_files as h
    from tests.helpers.village_files import HEADER

    folder = Path(tempfile.mkdtemp(prefix="import-memory-"))
    files = {
        "good CSV, 30,000 people": good_file(folder / "good.csv"),
        "shared-strings bomb .xlsx": h.shared_strings_bomb(folder / "sst.xlsx"),
        "16,384-column sheet .xlsx": h.cell_bomb(folder / "wide.xlsx", rows=20_000),
        "broken sheet XML .xlsx": h.broken_sheet_xml(folder / "broken.xlsx"),
        "damaged .xls": h.damaged_xls(
            ROOT / "tests" / "helpers" / "fixtures" / "siak-penduduk.xls", folder / "bad.xls"
        ),
        "quoted line breaks .csv": h.quoted_newlines(folder / "quotes.csv", lines=15_000_000),
    }
    # A database made once (a first start hashes PINs and builds the schema, which is not
    # the import's memory), copied for each file.
    template = folder / "template.db"
    empty = folder / "empty.csv"
    empty.write_text(HEADER + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", CHILD, f"sqlite:///{template}", str(empty)],
        capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
    )  # fmt: skip
    print(f"{'file':30} {'size':>10} {'exit':>5} {'peak MiB':>9} {'seconds':>8}")
    for name, path in [("nothing (header only)", empty), *files.items()]:
        copy = folder / (path.stem + ".db")
        shutil.copyfile(template, copy)
        db = f"sqlite:///{copy}"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, db, str(path)],
            capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        took = time.perf_counter() - started
        code, peak = done.stdout.split()[-2:] if done.stdout.strip() else ("?", "?")
        size = path.stat().st_size
        print(f"{name:30} {size / 1024:>8.0f}KB {code:>5} {peak:>9} {took:>8.1f}")


if __name__ == "__main__":
    main()
