"""Start-up: time until the login screen is on an 80x24 terminal, against a bare Textual app.

Each program runs in a pseudo-terminal; the clock stops when "PIN" is drawn. For the kiosk
it also stops when the database is open and the login is usable (the training hint is
drawn). Peak memory is the process's maximum resident set size. The kiosk runs on an
existing demo database (the first-ever start also builds the database: reported separately).

    uv run python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))


def run_once(argv: list[str], markers: list[bytes], env: dict[str, str]) -> tuple[list[float], int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    seen: list[float] = []
    buffer = b""
    deadline = start + 60
    while len(seen) < len(markers) and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                buffer += os.read(fd, 1 << 16)
            except OSError:
                break
            while len(seen) < len(markers) and markers[len(seen)] in buffer:
                seen.append(time.perf_counter() - start)
    os.write(fd, b"\x11")  # ctrl+q
    try:
        while select.select([fd], [], [], 0.2)[0]:
            os.read(fd, 1 << 16)
    except OSError:
        pass
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    return seen, usage.ru_maxrss  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from tests.helpers.bytecode import compile_all

    compile_all()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "KIOSK_DATA_DIR": tmp,
            "TERM": "xterm-256color",
            "COLUMNS": "80",
            "LINES": "24",
        }
        env.pop("KIOSK_DATABASE_URL", None)
        kiosk = [python, "-m", "kiosk.cli"]
        first, rss_first = run_once(kiosk, [b"PIN", b"LATIHAN: data"], env)  # builds the database
        bare_times, bare_rss, kiosk_times, ready_times, kiosk_rss = [], [], [], [], []
        for _ in range(args.runs):
            t, rss = run_once([python, str(HERE / "bare_app.py")], [b"PIN"], env)
            bare_times.append(t[0])
            bare_rss.append(rss)
            t, rss = run_once(kiosk, [b"PIN", b"LATIHAN: data"], env)
            kiosk_times.append(t[0])
            ready_times.append(t[1])
            kiosk_rss.append(rss)
        shutil.rmtree(tmp, ignore_errors=True)
    bare, login, ready = (statistics.median(x) for x in (bare_times, kiosk_times, ready_times))
    print(
        f"bare Textual app, one Input: {bare * 1000:.0f} ms to first frame, peak {statistics.median(bare_rss) / 1024:.0f} MiB"
    )
    print(
        f"kiosk login screen:         {login * 1000:.0f} ms to first frame  (ratio {login / bare:.2f})"
    )
    print(
        f"kiosk usable (database open): {ready * 1000:.0f} ms, peak {statistics.median(kiosk_rss) / 1024:.0f} MiB"
    )
    print(
        f"first ever start (migrations + demo village): {first[-1] * 1000:.0f} ms to usable, peak {rss_first / 1024:.0f} MiB"
    )
    print(f"runs: {args.runs}, medians")


if __name__ == "__main__":
    main()
