"""The kiosk process's memory settings (kiosk/base/memory.py), each checked in a fresh process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kiosk.base import memory, system
from tests.helpers.paths import ROOT


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.skipif(not system.glibc(), reason="the allocator's settings are glibc's")
def test_a_pin_check_leaves_no_memory_behind_once_the_allocator_is_tuned() -> None:
    # By default glibc keeps argon2's 19 MiB in the heap after the first check has raised its
    # thresholds: every later login would leave them resident.
    code = """
        import sys
        from kiosk.base import memory
        from kiosk.desk import operators
        if sys.argv[1] == "tuned":
            assert memory.tune_allocator()
        def anon():
            for line in open("/proc/self/status"):
                if line.startswith("RssAnon"):
                    return int(line.split()[1]) / 1024
        hasher = operators._hasher()  # the kiosk's own settings: 19 MiB a check
        hasher.hash("135790")
        before = anon()
        hasher.hash("135790")
        hasher.hash("975310")
        print(anon() - before)
    """
    left = {}
    for mode in ("default", "tuned"):
        left[mode] = float(run_python(code, mode).stdout)
    assert left["default"] > 10
    assert left["tuned"] < 2


@pytest.mark.skipif(not system.glibc(), reason="malloc_trim is glibc's")
def test_memory_freed_under_a_block_still_in_use_is_handed_back() -> None:
    # 48 MiB in blocks the heap serves (under the mmap threshold), all freed but the last:
    # glibc keeps the free space below it resident until it is trimmed.
    code = """
        import sys
        from kiosk.base import memory
        assert memory.tune_allocator()
        def anon():
            for line in open("/proc/self/status"):
                if line.startswith("RssAnon"):
                    return int(line.split()[1]) / 1024
        blocks = [bytes(range(256)) * 16 + bytes([n % 256]) for n in range(12_000)]
        last = blocks[-1]
        del blocks
        before = anon()
        if sys.argv[1] == "release":
            assert memory.release_free_memory()
        print(before - anon())
    """
    returned = {mode: float(run_python(code, mode).stdout) for mode in ("keep", "release")}
    assert returned["keep"] < 5
    assert returned["release"] > 30  # of 47 MiB freed


def test_slips_print_without_the_modules_left_out() -> None:
    out = run_python("""
        import sys
        from kiosk.base import memory
        memory.leave_out_unused_modules()
        from kiosk.desk import signing
        from kiosk.papers import page
        page.warm_up()
        signing.warm_up()
        from fpdf import FPDF
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.cell(text="Slip")
        page.PageWriter  # the slip's writer loads too
        data = bytes(pdf.output())
        assert data.startswith(b"%PDF"), data[:10]
        print(" ".join(sorted(name for name in sys.modules if sys.modules[name] is not None)))
    """)
    loaded = set(out.stdout.split())
    assert "fpdf" in loaded and "qrcode" in loaded
    assert not any(name == "PIL" or name.startswith("PIL.") for name in loaded)
    if memory.cryptography_major() >= memory.PKCS12_OWN_FROM:  # older ones load it themselves
        assert memory.PKCS12 not in loaded
    assert out.stderr == ""  # fpdf2's warning about Pillow never reaches the screen


def test_modules_already_loaded_are_left_alone() -> None:
    out = run_python("""
        import PIL.Image
        from kiosk.base import memory
        memory.leave_out_unused_modules()
        import PIL
        print(PIL.Image.__name__)
    """)
    assert out.stdout.strip() == "PIL.Image"


def test_the_cryptography_version_is_read_without_importing_it() -> None:
    from importlib.metadata import version

    assert memory.cryptography_major() == int(version("cryptography").split(".")[0])
