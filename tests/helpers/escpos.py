"""Reading ESC/POS back as a printer would: the text lines it prints and the raster images
(GS v 0) it draws. Only the commands the kiosk sends are known; any other is an error."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from PIL import Image

# Command -> number of parameter bytes after it.
_ESC = {b"@": 0, b"t": 1, b"a": 1, b"E": 1}
_GS = {b"!": 1}


@dataclass
class Printed:
    lines: list[str] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    cut: bool = False


def parse(data: bytes) -> Printed:
    out = Printed()
    line = bytearray()
    i = 0
    while i < len(data):
        byte = data[i : i + 1]
        if byte == b"\x1b":
            command = data[i + 1 : i + 2]
            if command not in _ESC:
                raise ValueError(f"unknown ESC {command!r} at {i}")
            i += 2 + _ESC[command]
        elif byte == b"\x1d":
            command = data[i + 1 : i + 2]
            if command == b"v":  # GS v 0 m xL xH yL yH: a raster image
                width_bytes, height = struct.unpack("<HH", data[i + 4 : i + 8])
                start = i + 8
                raster = data[start : start + width_bytes * height]
                image = Image.frombytes("1", (width_bytes * 8, height), raster)
                # ESC/POS sets a bit for a black dot; PIL's "1" mode reads 1 as white.
                out.images.append(Image.eval(image.convert("L"), lambda v: 255 - v))
                i = start + width_bytes * height
            elif command == b"V":  # GS V m n: feed and cut
                out.cut = True
                i += 4
            elif command in _GS:
                i += 2 + _GS[command]
            else:
                raise ValueError(f"unknown GS {command!r} at {i}")
        elif byte == b"\n":
            out.lines.append(line.decode("ascii"))
            line = bytearray()
            i += 1
        else:
            line += byte
            i += 1
    return out
