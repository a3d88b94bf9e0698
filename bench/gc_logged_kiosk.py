"""The kiosk with every garbage collection logged (for bench/key_latency.py).

Each collection's start (the system-wide monotonic clock, so the bench can tell which fell
during a walk), duration in ms and generation are written to $KIOSK_GC_LOG at exit. With
$KIOSK_MEMORY_DUMP set (bench/memory_floor.py), SIGUSR1 writes there what the process holds:
/proc/self/status, the modules loaded, and under tracemalloc the Python memory by library.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
import time

_log: list[tuple[float, float, int]] = []
_started: dict[int, float] = {}


def _callback(phase: str, info: dict[str, int]) -> None:
    now = time.monotonic()
    if phase == "start":
        _started[info["generation"]] = now
    else:
        began = _started.pop(info["generation"], now)
        _log.append((began, (now - began) * 1000, info["generation"]))


def _dump() -> None:
    with open(os.environ["KIOSK_GC_LOG"], "w") as out:
        json.dump(_log, out)


def _memory_by_owner() -> dict[str, float]:
    """MiB of Python memory by who allocated it: each library, the standard library, the
    kiosk's own modules, and the code objects of every module (allocated by the importer)."""
    import re
    import tracemalloc

    owners: dict[str, float] = {}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for stat in tracemalloc.take_snapshot().statistics("filename"):
        name = stat.traceback[0].filename
        library = re.search(r"site-packages[/\\]([^/\\]+)", name)
        if library:
            owner = library.group(1).removesuffix(".py")
        elif name.startswith(root):
            owner = "the kiosk's own modules (kiosk, screens, models)"
        elif "importlib._bootstrap" in name:
            owner = "compiled code of every module loaded (the importer's)"
        else:
            owner = "Python's standard library and the rest"
        owners[owner] = owners.get(owner, 0.0) + stat.size / 2**20
    return owners


def _memory_dump(*_: object) -> None:
    import tracemalloc

    gc.collect()
    with open("/proc/self/status") as status:
        found: dict[str, object] = {
            "status": status.read(),
            "modules": sorted(n for n, m in sys.modules.items() if m),
        }
    if tracemalloc.is_tracing():
        found["traced"] = _memory_by_owner()
    path = os.environ["KIOSK_MEMORY_DUMP"]
    with open(path + ".partial", "w") as out:
        json.dump(found, out)
    os.replace(path + ".partial", path)


gc.callbacks.append(_callback)
atexit.register(_dump)
if os.environ.get("KIOSK_MEMORY_DUMP"):
    import signal

    signal.signal(signal.SIGUSR1, _memory_dump)

if __name__ == "__main__":
    from kiosk.cli import main

    sys.exit(main(sys.argv[1:]))
