"""A program run in a real pseudo-terminal of 80x24, as on a desk: what it drew, and how it
ended. Keys are typed when a marker has been drawn."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence


def run_in_terminal(
    argv: Sequence[str],
    env: dict[str, str],
    answers: Sequence[tuple[bytes, bytes]] = (),
    timeout: float = 90,
) -> tuple[int, str]:
    """Run `argv` on a new 80x24 terminal; each (marker, keys) in `answers` types `keys` once
    `marker` has been drawn. Returns the exit code and everything drawn (escape sequences
    included). A program still running at `timeout` is killed (exit code -9)."""
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    drawn = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # the program ended and the terminal closed
                    break
                if not chunk:
                    break
                drawn += chunk
            while pending and pending[0][0] in drawn:
                os.write(master, pending.pop(0)[1])
            if child.poll() is not None and not select.select([master], [], [], 0.2)[0]:
                break
        else:
            child.kill()
        code = child.wait(timeout=30)
    finally:
        os.close(master)
    return code, drawn.decode("utf-8", "replace")
