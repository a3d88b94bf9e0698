"""The slip for a thermal printer, in ESC/POS: the commands the cheap 58/80 mm printers of
warnets take directly (most have no CUPS driver in Debian).

The writer has the page writer's drawing calls (text, gap, rule, qr), so a slip's body
(kiosk.papers.slip) draws itself on either. Text is folded to ASCII in the printer's
built-in font A (12 dots a character); the QR is sent as a raster image (GS v 0), not the
printer's own QR command, which ZJ-58-type heads get wrong. Nothing is wider than the head:
384 dots for a 58 mm roll, 576 for 80 mm.
"""

from __future__ import annotations

import struct

from kiosk.papers.page import latin1, wrap

ESC, GS = b"\x1b", b"\x1d"
# The printable width of a roll's head, in dots (203 dpi): 48 mm and 72 mm.
HEAD_DOTS = {"58mm": 384, "80mm": 576}
CHAR_DOTS = 12  # font A
QUIET_ZONE = 4  # modules of white around the QR
_ALIGN = {"L": 0, "C": 1, "R": 2}


def dots_for(fmt: str) -> int:
    """The head width for a slip format; a page format prints on the common 58 mm roll."""
    return HEAD_DOTS.get(fmt, HEAD_DOTS["58mm"])


def _ascii(text: str) -> str:
    return latin1(text).encode("ascii", "replace").decode("ascii")


class EscPosWriter:
    def __init__(self, dots: int = HEAD_DOTS["58mm"]) -> None:
        self.dots = dots
        self.columns = dots // CHAR_DOTS
        # Initialise; code page 437, whose lower half is ASCII.
        self.out = bytearray(ESC + b"@" + ESC + b"t\x00")

    def text(self, value: str, *, bold: bool = False, scale: float = 1.0, align: str = "L") -> None:
        text = _ascii(value)
        size, columns = 0x00, self.columns
        if scale >= 1.3:  # titles and the VA number: double width and height...
            size, columns = 0x11, self.columns // 2
            if any(len(part) > columns for part in text.split("\n")):
                # ...or double height only, so that a VA number is never broken in two.
                size, columns = 0x01, self.columns
        self.out += ESC + b"a" + bytes([_ALIGN.get(align, 0)])
        self.out += ESC + b"E" + bytes([1 if bold else 0])
        self.out += GS + b"!" + bytes([size])
        for line in wrap(text, columns, len):
            self.out += line.encode("ascii") + b"\n"
        self.out += GS + b"!\x00" + ESC + b"E\x00" + ESC + b"a\x00"

    def gap(self, lines: float = 0.5) -> None:
        self.out += b"\n"

    def rule(self) -> None:
        self.out += b"-" * self.columns + b"\n"

    def qr(self, matrix: list[list[bool]], caption: str) -> None:
        """The QR as a raster image, centred, each module a square of whole dots."""
        modules = len(matrix)
        side = modules + 2 * QUIET_ZONE
        scale = max(1, min(8, self.dots // side))
        size = side * scale
        row_bytes = (size + 7) // 8
        raster = bytearray()
        for y in range(size):
            row = bytearray(row_bytes)
            my = y // scale - QUIET_ZONE
            if 0 <= my < modules:
                for x in range(size):
                    mx = x // scale - QUIET_ZONE
                    if 0 <= mx < modules and matrix[my][mx]:
                        row[x >> 3] |= 0x80 >> (x & 7)
            raster += row
        self.out += ESC + b"a\x01"
        self.out += GS + b"v0\x00" + struct.pack("<HH", row_bytes, size) + raster + b"\n"
        self.out += ESC + b"a\x00"
        self.text(caption, align="C")

    def output(self) -> bytes:
        # Paper out past the cutter, then a partial cut (printers without one ignore it).
        return bytes(self.out + b"\n\n\n" + GS + b"V\x42\x00")
