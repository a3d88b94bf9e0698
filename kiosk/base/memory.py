"""The kiosk process's memory, on a PC with 2 GB for everything: how the C allocator hands
freed memory back, and which optional parts of the PDF library never load.

The kiosk's app sets both as it starts: the modules in `kiosk.app.run`, before anything is
imported (tests drive the app without `run`, so they keep Pillow to decode a slip's QR),
the allocator right after the first frame, before the loading threads start. The
command-line tools keep the defaults. `bench/key_latency.py` measures the difference
(docs/performance.md).
"""

from __future__ import annotations

import sys
import warnings

from kiosk.base import system

# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
_BIG_BLOCK = 128 * 1024  # glibc's own starting value for both thresholds

# fpdf2 loads these when they are installed and works without them: Pillow to embed raster
# images, cryptography's PKCS#12 (with endesive) to sign a PDF with a certificate. The kiosk
# draws no raster image (the QR is drawn as rectangles) and signs no PDF, so its process
# leaves them out: about 7 MiB.
PKCS12 = "cryptography.hazmat.primitives.serialization.pkcs12"
UNUSED_BY_THE_KIOSK = ("PIL", PKCS12)
# Before version 43, cryptography's own OpenSSL backend imports PKCS#12 as it loads: there
# it is not left out (it would stop the kiosk's signatures), and costs nothing more.
PKCS12_OWN_FROM = 43


def tune_allocator() -> bool:
    """One malloc arena for every thread, and fixed thresholds for handing memory back.

    - By default each thread that allocates gets its own arena (up to 8 per core), each
      keeping its own freed memory. Python threads take turns under the GIL, so one arena
      costs no waiting, and the kiosk's few threads stop holding ~8 MiB between them.
    - glibc raises its thresholds after the first big block is freed (an argon2 PIN check's
      19 MiB): later blocks of that size then come from the heap and stay resident after
      they are freed. Fixed thresholds keep them mapped, and returned when freed.

    Returns whether the settings were made (glibc only; elsewhere nothing changes)."""
    if not system.glibc():
        return False
    import ctypes

    libc = ctypes.CDLL(None)
    # Each setting is made even if another was refused: a list, not a short-circuiting all().
    made = [
        libc.mallopt(param, value) == 1
        for param, value in (
            (_M_ARENA_MAX, 1),
            (_M_MMAP_THRESHOLD, _BIG_BLOCK),
            (_M_TRIM_THRESHOLD, _BIG_BLOCK),
        )
    ]
    return all(made)


def release_free_memory() -> bool:
    """Hand the C heap's free pages back to the system (glibc's `malloc_trim`).

    glibc returns only the free top of its heap by itself: what a closed screen, a report
    or a rebuilt facility index freed below a block still in use stays resident for good.
    Run at the operator's pause, after a full collection (`IdleCollector`), it costs a few
    milliseconds. Returns whether any memory was returned (glibc only; elsewhere nothing is
    done: Windows' heap decommits free pages by itself)."""
    if not system.glibc():
        return False
    import ctypes

    return bool(ctypes.CDLL(None).malloc_trim(0))


def cryptography_major() -> int:
    """The installed cryptography's major version, read from its __about__.py without
    importing it (importing it, or importlib.metadata, would cost the start ~30 ms)."""
    import re
    from importlib.util import find_spec

    try:
        spec = find_spec("cryptography")
        if spec is None or not spec.submodule_search_locations:
            return PKCS12_OWN_FROM
        for folder in spec.submodule_search_locations:
            with open(f"{folder}/__about__.py", encoding="utf-8") as about:
                found = re.search(r'__version__ = "(\d+)\.', about.read())
            if found:
                return int(found.group(1))
    except (OSError, ValueError, ImportError):
        pass
    return PKCS12_OWN_FROM  # not installed, or a version this cannot read: left out


def leave_out_unused_modules() -> None:
    """Make the modules in UNUSED_BY_THE_KIOSK unimportable in this process, unless already
    loaded: `import` then raises ImportError, which fpdf2 expects when they are missing."""
    for name in UNUSED_BY_THE_KIOSK:
        if name == PKCS12 and cryptography_major() < PKCS12_OWN_FROM:
            continue
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]
    # fpdf2 says so with a warning; the kiosk knows, and stderr is the operator's screen.
    warnings.filterwarnings("ignore", message="Pillow could not be imported")


class IdleCollector:
    """A full garbage collection when the operator pauses, never while a key waits; then
    the freed memory handed back to the system (`release_free_memory`).

    A step key leaves the screens it replaced (their widgets hold reference cycles) to be
    freed; collecting then made that key wait 50-120 ms (266 ms on a busy core) for the next
    screen. The collection is only marked due; `tick`, called a few times a second, runs
    it once no key has come for `IDLE_SECONDS` (the operator is reading the new screen or
    talking to the family)."""

    IDLE_SECONDS = 1.0

    def __init__(self) -> None:
        self.due = False

    def tick(self, last_input: float, now: float) -> bool:
        """Collect if one is due and the keyboard has been idle; whether it collected."""
        if not self.due or now - last_input < self.IDLE_SECONDS:
            return False
        import gc

        self.due = False
        gc.collect()
        release_free_memory()
        return True
