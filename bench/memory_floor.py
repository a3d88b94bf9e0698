"""How much of the kiosk's memory is the libraries', and how much the kiosk's own.

    uv run python bench/memory_floor.py [--walks 3] [--traced]

The kiosk walks `--walks` families in a real terminal (bench/key_latency.py's walk, the
30,000-family database with 25,000 facilities), then says what it holds: resident memory
(anonymous, and file-backed: the libraries' shared code), the modules loaded, and with
`--traced` (run under tracemalloc: slower and larger, so only its shares count) the Python
memory of each library and of the kiosk's own modules. A fresh interpreter then imports
every module the kiosk had loaded but its own (`kiosk`, `screens`, `models`), with the
kiosk's memory settings, and runs nothing: the libraries alone, the floor under any change
to the kiosk's own code and data. Linux only (/proc, a pseudo-terminal, signals).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from memory_parts import parse_status  # noqa: E402  (bench/ is on the path from here)

OWN = ("kiosk", "screens", "models")


def libraries_alone(modules: list[str]) -> dict[str, float]:
    """A fresh interpreter with every library module the kiosk had loaded, nothing run."""
    code = textwrap.dedent("""
        import gc, importlib, json, sys
        from kiosk.base import memory
        memory.leave_out_unused_modules()
        memory.tune_allocator()
        for name in json.loads(sys.stdin.read()):
            try:
                importlib.import_module(name)
            except Exception:
                pass  # a module only its own package's loader may import
        gc.collect()
        memory.release_free_memory()
        print(open("/proc/self/status").read())
    """)
    own = [m for m in modules if m.split(".")[0] in OWN]
    others = [m for m in modules if m.split(".")[0] not in OWN and m != "__main__"]
    # The kiosk's own modules are never imported here; those of its package roots that the
    # import machinery loads first (kiosk.base.memory for the settings) are few and small.
    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(others), capture_output=True,
        text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return {**parse_status(out), "own modules": len(own), "library modules": len(others)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--walks", type=int, default=3)
    parser.add_argument("--traced", action="store_true", help="Python memory by library")
    args = parser.parse_args()
    import key_latency

    from tests.helpers.bytecode import compile_all

    compile_all()
    dump = Path(tempfile.mkdtemp(prefix="kiosk-floor-")) / "dump.json"
    os.environ["KIOSK_MEMORY_DUMP"] = str(dump)
    if args.traced:
        os.environ["PYTHONTRACEMALLOC"] = "1"
    close = key_latency.Terminal.close

    def dumped_then_closed(term: key_latency.Terminal) -> int:
        os.kill(term.pid, signal.SIGUSR1)  # bench/gc_logged_kiosk.py writes the dump
        deadline = time.monotonic() + 120
        while not dump.exists() and time.monotonic() < deadline:
            term._read(0.2)  # keep the terminal drained while the kiosk writes
        return close(term)

    key_latency.Terminal.close = dumped_then_closed  # type: ignore[assignment, method-assign]
    db = key_latency.build_database(30_000, 25_000)
    kks = key_latency.registrable(db, args.walks)
    walked = key_latency.walk_all(db, kks, pin_to_one=False)
    os.environ.pop("PYTHONTRACEMALLOC", None)
    found = json.loads(dump.read_text())
    kiosk = parse_status(found["status"])
    print(f"the kiosk after {args.walks} walks (resident at the last slip: "
          f"{walked['memory']['slip printed'][-1]:.1f} MiB), at the end:")  # fmt: skip
    print(f"  resident {kiosk['VmRSS']:.1f} MiB: anonymous {kiosk['RssAnon']:.1f}, "
          f"file-backed {kiosk['RssFile']:.1f}; {len(found['modules'])} modules")  # fmt: skip
    if found.get("traced"):
        traced = found["traced"]
        print(f"  Python memory (tracemalloc) {sum(traced.values()):.1f} MiB:")
        for name, mib in sorted(traced.items(), key=lambda item: -item[1])[:12]:
            print(f"    {mib:6.2f} MiB  {name}")
    alone = libraries_alone(found["modules"])
    print(f"the libraries alone ({alone['library modules']} modules imported, nothing run; "
          f"the kiosk's own {alone['own modules']} left out):")  # fmt: skip
    print(f"  resident {alone['VmRSS']:.1f} MiB: anonymous {alone['RssAnon']:.1f}, "
          f"file-backed {alone['RssFile']:.1f}")  # fmt: skip
    if not args.traced:  # tracemalloc's own memory would count as the kiosk's
        gap = kiosk["VmRSS"] - alone["VmRSS"]
        print(f"the kiosk's own code, data and running screens: {gap:+.1f} MiB")


if __name__ == "__main__":
    main()
