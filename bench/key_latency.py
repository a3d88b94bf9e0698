"""Key latency as the operator feels it: full walks typed into a real 80x24 terminal.

The kiosk runs in a pseudo-terminal on a kabupaten-sized demo database with 25,000
facilities. The bench logs in and walks N families from KK lookup to a printed slip, one
key at a time at typing pace, and reports:

- key -> echo: time from a key written to the terminal until the kiosk draws anything,
  per field (the KK digits, the facility search, the phone number, name and PIN);
- screen settled: time from a step key (F10, Enter) until the next screen is drawn;
- the first slip: F7 on Done until the "PDF saved" line is drawn;
- garbage-collector pauses during the walks (the kiosk runs under a small wrapper that
  logs `gc.callbacks`), start-up to the first frame and to a usable login, peak RSS.

It runs once on every core and once pinned to one core (`taskset -c 0`). `--browser` runs a
CPU-bound process beside the kiosk (on the same core when pinned), as a browser with BPJS's
website open on the desk's PC; `--day` walks 50 families in one process and says whether
memory stays flat after the 10th.

    uv run python bench/key_latency.py [--walks 10] [--families 30000] [--facilities 25000]
                                       [--browser] [--day]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import random
import re
import select
import shutil
import sqlite3
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

KEYS = {
    "f2": b"\x1bOQ", "f6": b"\x1b[17~", "f7": b"\x1b[18~", "f10": b"\x1b[21~",
    "enter": b"\r", "tab": b"\t", "ctrl+q": b"\x11", "down": b"\x1b[B", "ctrl+u": b"\x15",
}  # fmt: skip
TYPING_PACE = 0.15  # seconds between keys: a quick operator
# A new screen is looked at before the first key, as a person does (a quarter of a second
# is quick): without it the first key lands while the screen is still being completed.
LOOK = 0.3
CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>NOM78c]")


class Terminal:
    """The kiosk in a pseudo-terminal, read as a stream of drawn text."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.start = time.monotonic()
        self.text = b""  # everything drawn, escape sequences removed
        self.windows: list[tuple[float, float]] = []  # (key written, answer drawn)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        self.text += CSI.sub(b"", chunk)
        return True

    def visible(self) -> str:
        """The last text drawn, without the box-drawing characters (for error messages)."""
        tail = self.text[-4000:].decode("utf-8", "replace")
        return re.sub(r"[\u2500-\u259f]+", " ", tail)[-600:]

    def drain(self, quiet: float = 0.05) -> None:
        while self._read(quiet):
            pass

    def wait_for(self, marker: str, timeout: float = 60) -> float:
        """Seconds until `marker` is drawn (searched in what is drawn from now on)."""
        start = time.monotonic()
        mark = len(self.text)
        needle = marker.encode()
        while needle not in self.text[mark:]:
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{marker!r} not drawn; last: {self.visible()!r}")
            self._read(0.01)
        return time.monotonic() - start

    def key(self, data: bytes) -> float:
        """Seconds from writing a key until the kiosk draws anything in answer."""
        self.drain(0.03)
        start = time.monotonic()
        os.write(self.fd, data)
        if not self._read(5):
            return float("inf")
        self.windows.append((start, time.monotonic()))
        return time.monotonic() - start

    def step(self, data: bytes, marker: str) -> float:
        """Seconds from a step key until the next screen's marker is drawn."""
        self.drain(0.03)
        mark = len(self.text)
        start = time.monotonic()
        os.write(self.fd, data)
        needle = marker.encode()
        while needle not in self.text[mark:]:
            if time.monotonic() - start > 30:
                raise TimeoutError(f"{marker!r} not drawn; last: {self.visible()!r}")
            self._read(0.01)
        took = time.monotonic() - start
        time.sleep(LOOK)
        return took

    def rss_mib(self) -> float:
        """The kiosk's resident memory now (the bench reports it at each stage of a walk)."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> int:
        os.write(self.fd, KEYS["ctrl+q"])
        try:
            while self._read(0.3):
                pass
        except OSError:
            pass
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss  # KiB


def build_database(families: int, facilities: int) -> Path:
    """The kabupaten demo database with `facilities` facilities over real kecamatan."""
    from bench.demo_database import OUT, demo_database

    path = OUT / f"latency-{families}-{facilities}.db"
    if path.exists():
        return path
    shutil.copyfile(demo_database(families), path)
    from kiosk.importing.rows import facility_search_text
    from kiosk.rules import regions
    from kiosk.rules.reference import FKTP_KINDS

    rng = random.Random(3)
    kecamatan = [c for c, _ in regions.iter_rows() if len(c) == 6]
    rows = []
    for n in range(facilities):
        region = rng.choice(kecamatan)
        place = regions.name(region) or region
        kind = rng.choice(FKTP_KINDS)
        name = f"{kind} {place} {n}"
        code = f"9{n:07d}"
        address = f"Jl. Raya {place} No. {rng.randint(1, 300)}"
        rows.append(
            (code, name, kind, address, region, "", facility_search_text(name, kind, address, code))
        )
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO facility (code, name, kind, address, region_code, phone, search_text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute(
        "INSERT INTO setting (key, value) VALUES ('facilities_version', 'bench') "
        "ON CONFLICT(key) DO UPDATE SET value = 'bench'"
    )
    db.commit()
    db.close()
    return path


def registrable(path: Path, count: int) -> list[str]:
    """KK numbers of families the training simulator registers, with a member to register."""
    from sqlmodel import select

    from kiosk.base import clock
    from kiosk.base.database import open_database, session
    from kiosk.cases import consent
    from kiosk.cases.gateway import TrainingGateway
    from kiosk.registry.lookup import lookup_kk
    from kiosk.rules import relations
    from models import Case, Family

    training = TrainingGateway()
    found: list[str] = []
    engine = open_database(f"sqlite:///{path}")
    with session(engine) as s:
        taken = set(s.exec(select(Case.kk_number)))
        for family in s.exec(select(Family).where(Family.replaced_by.is_(None)).limit(5000)):  # type: ignore[union-attr]
            kk = family.kk_number
            if kk in taken or training.kk_unknown_to_registry(kk):
                continue
            members = lookup_kk(s, kk).members
            # Walks straight to a slip: nobody listed, so no claim to check and no route.
            if any(m.listed for m in members):
                continue
            if any(training.secretly_registered(m.nik) for m in members):
                continue
            # The head consents at the confirmation: one under 18 needs a guardian named, a
            # step this walk does not type.
            head = relations.head_of(members)
            if head is None or clock.age(head.birth_date) < consent.ADULT:
                continue
            found.append(kk)
            if len(found) == count:
                break
    engine.dispose()
    return found


class Browser:
    """A CPU-bound process beside the kiosk, as BPJS's website in a browser on the desk's PC:
    pinned to the same core when the kiosk is."""

    def __init__(self, pin_to_one: bool) -> None:
        import subprocess

        argv = [sys.executable, "-c", "while True: pass"]
        if pin_to_one:
            argv = ["taskset", "-c", "0", *argv]
        self.process = subprocess.Popen(argv)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def walk_all(db: Path, kks: list[str], pin_to_one: bool, browser: bool = False) -> dict:
    from kiosk.base.i18n import t

    work = Path(tempfile.mkdtemp(prefix="kiosk-latency-"))
    copy = work / "kiosk.db"
    shutil.copyfile(db, copy)  # each run registers the same families afresh
    gc_log = work / "gc.json"
    env = {
        **os.environ, "TERM": "xterm-256color", "KIOSK_DATA_DIR": str(work / "data"),
        "KIOSK_LANG": "id", "KIOSK_GC_LOG": str(gc_log), "PYTHONPATH": str(ROOT),
    }  # fmt: skip
    argv = [sys.executable, str(HERE / "gc_logged_kiosk.py"), "--db", f"sqlite:///{copy}"]
    if pin_to_one:
        argv = ["taskset", "-c", "0", *argv]
    hog = Browser(pin_to_one) if browser else None
    echo: dict[str, list[float]] = {}
    settled: list[float] = []
    slips: list[float] = []
    term = Terminal(argv, env)
    first_frame = term.wait_for("PIN")
    usable = first_frame + term.wait_for("LATIHAN")

    def typed(field: str, text: str) -> None:
        for ch in text:
            took = term.key(ch.encode())
            echo.setdefault(field, []).append(took)
            time.sleep(max(0.0, TYPING_PACE - took))

    memory: dict[str, list[float]] = {}

    def stage(name: str) -> None:
        memory.setdefault(name, []).append(term.rss_mib())

    stage("login screen")
    typed("name", "demo")
    term.key(KEYS["enter"])
    typed("pin", "246810")
    settled.append(term.step(KEYS["enter"], t("home.title") + "  |"))
    stage("home")
    walk_start = time.monotonic()
    for kk in kks:
        settled.append(term.step(KEYS["f2"], t("kk.title") + "  |"))
        typed("kk", kk)
        settled.append(term.step(KEYS["enter"], t("members.title") + "  |"))
        stage("members")
        settled.append(term.step(KEYS["f10"], t("fktp.title") + "  |"))
        typed("class", "3")
        term.key(KEYS["tab"])
        typed("search", "puskesmas")
        term.key(KEYS["enter"])
        term.key(KEYS["f6"])
        stage("fktp")
        settled.append(term.step(KEYS["f10"], t("contact.title") + "  |"))
        typed("phone", "081234567890")
        # What BPJS's form asks of the head: the occupation (over any suggestion), the
        # income band (the first offered) and the postcode.
        term.key(KEYS["tab"])
        term.key(KEYS["tab"])
        term.key(KEYS["ctrl+u"])
        typed("occupation", "Petani")
        term.key(KEYS["tab"])
        term.key(KEYS["enter"])
        term.key(KEYS["down"])
        term.key(KEYS["enter"])
        # The postcode: offered for the desk's own village only (a regency's demo families
        # live all over it).
        term.key(KEYS["tab"])
        term.key(KEYS["ctrl+u"])
        typed("postcode", "44153")
        settled.append(term.step(KEYS["f10"], t("confirm.title") + "  |"))
        time.sleep(1.0)  # the family reads the summary
        stage("confirmation")
        term.key(KEYS["f6"])
        settled.append(term.step(KEYS["f10"], t("done.title") + "  |"))
        slips.append(term.step(KEYS["f7"], "disimpan"))
        time.sleep(0.3)
        stage("slip printed")
    walk_end = time.monotonic()
    peak_kib = term.close()
    if hog is not None:
        hog.stop()
    pauses = json.loads(gc_log.read_text()) if gc_log.exists() else []
    in_walks = [(gen, ms) for at, ms, gen in pauses if walk_start <= at <= walk_end]
    # A pause the operator feels: one that overlaps a key waiting for its answer.
    felt = [
        ms for at, ms, _ in pauses
        if any(at < end and at + ms / 1000 > start for start, end in term.windows)
    ]  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return {
        "echo": echo, "settled": settled, "slips": slips, "gc": in_walks, "felt": felt,
        "first_frame": first_frame, "usable": usable, "peak_mib": peak_kib / 1024,
        "memory": memory,
    }  # fmt: skip


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def report(title: str, r: dict) -> None:
    every = [v for values in r["echo"].values() for v in values]
    print(f"\n{title}")
    print(f"  start: first frame {r['first_frame']:.2f} s, usable {r['usable']:.2f} s")
    print(f"  key -> echo, all {len(every)} keys: p50 {statistics.median(every) * 1000:.1f} ms"
          f"  p99 {pct(every, 0.99) * 1000:.1f} ms  max {max(every) * 1000:.1f} ms")  # fmt: skip
    for field, values in r["echo"].items():
        print(f"    {field:<7} {len(values):>4} keys  p50 {statistics.median(values) * 1000:6.1f}"
              f"  p99 {pct(values, 0.99) * 1000:6.1f}  max {max(values) * 1000:6.1f} ms")  # fmt: skip
    s = r["settled"]
    print(f"  screen settled: p50 {statistics.median(s) * 1000:.0f} ms  max {max(s) * 1000:.0f} ms")
    slips = r["slips"]
    print(f"  slip after F7: first {slips[0] * 1000:.0f} ms, then p50 "
          f"{statistics.median(slips[1:] or slips) * 1000:.0f} ms")  # fmt: skip
    pauses = [ms for _, ms in r["gc"]]
    over = [ms for ms in pauses if ms > 10]
    worst = f"{max(pauses):.1f} ms" if pauses else "-"
    print(f"  GC during walks: {len(pauses)} collections, longest {worst}, over 10 ms: {len(over)}")
    felt = r["felt"]
    print(f"  GC while a key waited for its answer: {len(felt)}, longest "
          f"{max(felt) if felt else 0:.1f} ms, over 10 ms: {sum(ms > 10 for ms in felt)}")  # fmt: skip
    print(f"  peak RSS {r['peak_mib']:.1f} MiB; resident at each stage (first / last walk):")
    for name, values in r["memory"].items():
        print(f"    {name:<13} {values[0]:6.1f} / {values[-1]:6.1f} MiB")
    printed = r["memory"].get("slip printed", [])
    if len(printed) >= 20:  # a day: flat once warm
        print(f"  a day of {len(printed)} families: after the 10th {printed[9]:.1f} MiB, after "
              f"the last {printed[-1]:.1f} MiB ({printed[-1] - printed[9]:+.1f}), highest "
              f"{max(printed):.1f} MiB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--walks", type=int, default=10)
    parser.add_argument("--families", type=int, default=30_000)
    parser.add_argument("--facilities", type=int, default=25_000)
    parser.add_argument(
        "--browser",
        action="store_true",
        help="a CPU-bound process beside the kiosk (on its core when pinned)",
    )
    parser.add_argument(
        "--day",
        action="store_true",
        help="a day at the desk: 50 families in one process (--walks 50)",
    )
    args = parser.parse_args()
    walks = 50 if args.day else args.walks
    from tests.helpers.bytecode import compile_all

    compile_all()
    db = build_database(args.families, args.facilities)
    kks = registrable(db, walks)
    beside = ", a CPU-bound process beside it" if args.browser else ""
    report(f"every core{beside}", walk_all(db, kks, pin_to_one=False, browser=args.browser))
    if shutil.which("taskset"):
        report(f"pinned to one core (taskset -c 0){beside}",
               walk_all(db, kks, pin_to_one=True, browser=args.browser))  # fmt: skip
    else:
        print("taskset not found: the one-core run is skipped")


if __name__ == "__main__":
    main()
