"""What a PIN's hash costs: a login at the desk, and a search of all PINs with a copy of the
database (one core, the hash's own single lane: argon2id's parallelism is 1).

    uv run python bench/pin_hash.py [--n 20]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    from argon2.exceptions import VerificationError

    from kiosk.desk import operators

    hasher = operators._hasher()
    stored = hasher.hash("246810")
    times = []
    for guess in range(args.n):
        start = time.perf_counter()
        with contextlib.suppress(VerificationError):
            hasher.verify(stored, f"{guess:06d}")
        times.append(time.perf_counter() - start)
    per = statistics.median(times)
    space = 10**operators.MIN_PIN
    print(f"argon2id t={operators.TIME_COST} m={operators.MEMORY_KIB} KiB p=1")
    print(
        f"one PIN check (a login's hash): median {per * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    print(
        f"all {space:,} six-digit PINs on one core: {per * space / 3600:.0f} h "
        f"(half of them, the expected find: {per * space / 2 / 3600:.0f} h)"
    )


if __name__ == "__main__":
    main()
