"""The kiosk with every garbage collection logged (for bench/key_latency.py).

Each collection's start (the system-wide monotonic clock, so the bench can tell which fell
during a walk), duration in ms and generation are written to $KIOSK_GC_LOG at exit.
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


gc.callbacks.append(_callback)
atexit.register(_dump)

if __name__ == "__main__":
    from kiosk.cli import main

    sys.exit(main(sys.argv[1:]))
