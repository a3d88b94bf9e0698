"""Pages the kiosk prints (slip, referral note, statement of choice, call list, report):
one PDF page writer with the case's QR drawn as vectors.

Core fonts only (nothing embedded, so a page is a few KB); text is folded to Latin-1.
The QR is drawn as vector rectangles, one per run of dark modules, with a fixed mask
pattern: crisp on a 203 dpi thermal head and quick to make. fpdf2 and qrcode are imported
here only, so nothing else pays for them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from kiosk.base.text import printable

# format -> (page width mm, page height mm or None for a roll, margin mm, font size pt, QR module mm)
FORMATS: dict[str, tuple[float, float | None, float, float, float]] = {
    "a4": (210, 297, 15, 10, 1.2),
    "a5": (148, 210, 10, 9, 1.0),
    "80mm": (80, None, 4, 8, 0.75),  # an 80 mm head prints 72 mm
    "58mm": (58, None, 5, 7, 0.75),  # a 58 mm roll's head prints 48 mm: 5 mm each side
}
QUIET_ZONE = 4  # modules of white around the QR, as the standard asks


def latin1(text: str) -> str:
    """Core fonts speak Latin-1: fold accents, replace the rest. Control characters are
    Latin-1 too, and would reach the page (and a printer) as they are: shown as "?"."""
    folded = unicodedata.normalize("NFKD", printable(text))
    return (
        "".join(ch for ch in folded if not unicodedata.combining(ch))
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def wrap(text: str, room: float, measure: Callable[[str], float]) -> list[str]:
    """Lines no wider than `room` by `measure` (millimetres of a font on a page, characters
    on a thermal roll), broken at spaces. A word wider than the room (a long name in a
    narrow column) goes on in pieces: nothing is cut off."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and measure(candidate) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
            while measure(line) > room and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and measure(line[:cut]) > room:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def qr_matrix(payload: str) -> list[list[bool]]:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=0, mask_pattern=0)
    qr.add_data(payload, optimize=0)
    qr.make(fit=True)
    return qr.get_matrix()


class PageWriter:
    """Lays the slip out as a list of drawing steps, then draws them on a page of the right size.

    Lines are wrapped here with the core font's width table and drawn with `cell`: fpdf's
    own `multi_cell` breaks lines letter by letter and costs several times more. Recording
    first also tells a roll's length before its page exists.
    """

    def __init__(self, fmt: str) -> None:
        from fpdf import FPDF

        width, page_h, margin, size, module = FORMATS[fmt]
        self.page_w, self.page_h = width, page_h
        self.size, self.module, self.margin = size, module, margin
        self.pdf = FPDF(unit="mm", format=(width, page_h or 297))
        self.pdf.set_margins(margin, margin, margin)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creator("JKN Kiosk")
        self.line_h = size * 0.45
        self.width = width - 2 * margin
        self.y = margin
        self.steps: list[tuple] = []
        # Under each page of a fixed size, e.g. "Halaman {page} dari {pages}" ("" for none).
        self.footer = ""

    def _font(self, bold: bool, scale: float) -> None:
        self.pdf.set_font("Helvetica", "B" if bold else "", self.size * scale)

    def _wrap(self, text: str, limit: float | None = None) -> list[str]:
        # The core font's own width table (units of 1/1000 em), summed without fpdf's
        # per-call text parsing.
        widths: Any = self.pdf.current_font.cw  # type: ignore[union-attr]
        per_unit = self.pdf.font_size_pt / 1000 / self.pdf.k

        def width(s: str) -> float:
            return sum(widths.get(ch, 600) for ch in s) * per_unit

        self._width = width
        return wrap(text, self.width if limit is None else limit, width)

    def keep(self, lines: float) -> None:
        """The next `lines` lines go on one page: a new page now if this one lacks room (what
        a family signs stays on the page they sign)."""
        self._room(self.line_h * lines)

    def _room(self, height: float) -> None:
        # A page of fixed height (A4, A5) continues on the next one; a roll just grows.
        if self.page_h and self.y + height > self.page_h - self.margin:
            self.steps.append(("page",))
            self.y = self.margin

    def text(self, value: str, *, bold: bool = False, scale: float = 1.0, align: str = "L") -> None:
        self._font(bold, scale)
        height = self.line_h * scale
        for line in self._wrap(latin1(value)):
            self._room(height)
            offset = {
                "C": (self.width - self._width(line)) / 2,
                "R": self.width - self._width(line),
            }
            self.steps.append(("text", self.y, line, bold, scale, offset.get(align, 0.0)))
            self.y += height

    def row(self, cells: list[str], widths: list[float], *, bold: bool = False) -> None:
        """A row of a table (widths in mm, from the margin): a cell longer than its column
        goes on to the next line within its column, never cut (a case code, a name)."""
        self._font(bold, 1.0)
        columns = [
            self._wrap(latin1(cell), width - 1.5) for cell, width in zip(cells, widths, strict=True)
        ]
        for n in range(max((len(lines) for lines in columns), default=1)):
            self._room(self.line_h)
            x = 0.0
            for lines, width in zip(columns, widths, strict=True):
                if n < len(lines) and lines[n]:
                    self.steps.append(("text", self.y, lines[n], bold, 1.0, x))
                x += width
            self.y += self.line_h

    def signatures(self, left: tuple[str, str], right: tuple[str, str]) -> None:
        """Two places to sign side by side: (who signs, the name under the line) each."""
        widths = [80.0, 20.0, 80.0]
        self._room(self.line_h * 6.5)  # the block whole on one page, never its names alone
        self.gap(1.5)
        self.row([left[0], "", right[0]], widths)
        self.gap(3)
        self.row([f"({left[1] or '.................'})", "", f"({right[1] or '-'})"], widths)

    def bar(self, x: float, length: float, height_lines: float = 0.8) -> None:
        """A filled bar on the current line, `x` mm from the margin (a report's chart)."""
        self._room(self.line_h)
        if length > 0:
            self.steps.append(
                ("bar", x, self.y + 0.15 * self.line_h, length, height_lines * self.line_h)
            )

    def columns(
        self, values: list[int], height_lines: float = 6.0, widest: float = 5.5, axis: float = 10.0
    ) -> float:
        """A column chart across the page, one column per value scaled to the largest, with
        its scale on the left (the largest value at the top, 0 at the base) in `axis` mm;
        returns each column's width in mm."""
        height = height_lines * self.line_h
        self._room(height)
        top = max(values, default=0) or 1
        column = min(widest, (self.width - axis) / max(len(values), 1))
        base = self.y + height
        for i, value in enumerate(values):
            h = height * value / top
            if h > 0:
                self.steps.append(("bar", axis + i * column + 0.5, base - h, column - 1.0, h))
        small = 0.85
        self.steps.append(("text", self.y, str(top), False, small, 0.0))
        self.steps.append(("text", base - self.line_h * small, "0", False, small, 0.0))
        self.steps.append(("bar", axis - 0.6, self.y, 0.2, height))  # the scale's line
        self.y = base
        return column

    def rule(self) -> None:
        self._room(2.0)
        self.steps.append(("rule", self.y + 0.8))
        self.y += 2.0

    def gap(self, lines: float = 0.5) -> None:
        self.y += self.line_h * lines

    def qr(self, matrix: list[list[bool]], caption: str) -> None:
        m = self.module
        size = (len(matrix) + 2 * QUIET_ZONE) * m
        self._room(size + self.line_h)
        x0 = self.margin + (self.width - size) / 2 + QUIET_ZONE * m
        self.steps.append(("qr", x0, self.y + QUIET_ZONE * m, matrix))
        self.y += size
        self.text(caption, scale=0.85, align="C")

    def qr_at(self, matrix: list[list[bool]], x: float, module: float) -> float:
        """A QR beside the lines that follow, `x` mm from the margin, its top at this line;
        the lines are not moved down (their text keeps to the left of `x`). Returns the
        height it takes, quiet zone included."""
        size = (len(matrix) + 2 * QUIET_ZONE) * module
        self._room(size)
        self.steps.append(("qr", self.margin + x + QUIET_ZONE * module,
                           self.y + QUIET_ZONE * module, matrix, module))  # fmt: skip
        return size

    def new_page(self) -> None:
        """What follows begins a page of its own (on a roll: nothing to do)."""
        if self.page_h and self.steps and self.y > self.margin:
            self.steps.append(("page",))
            self.y = self.margin

    def number_pages(self, desk: str, title: str) -> None:
        """Each page of the paper says under it what it is and which page of how many."""
        from kiosk.base.i18n import t

        # The page numbers are filled in when the pages are known (output).
        self.footer = t("page.footer", desk=desk, title=title, page="{page}", pages="{pages}")

    def _new_page(self, height: float, page: int, pages: int) -> None:
        self.pdf.add_page(format=(self.page_w, height))
        if self.footer and self.page_h:
            self._font(False, 0.85)
            line = latin1(self.footer.replace("{page}", str(page)).replace("{pages}", str(pages)))
            x = self.margin + (self.width - self.pdf.get_string_width(line)) / 2
            self.pdf.text(x, self.page_h - self.margin / 2, line)

    def output(self) -> bytes:
        pdf = self.pdf
        height = self.page_h or self.y + self.margin
        pages = 1 + sum(1 for step in self.steps if step[0] == "page")
        page = 1
        self._new_page(height, page, pages)
        for step in self.steps:
            kind = step[0]
            if kind == "text":
                _, y, line, bold, scale, offset = step
                self._font(bold, scale)
                # `text` writes at a baseline with none of `cell`'s layout machinery.
                pdf.text(self.margin + offset, y + self.line_h * scale * 0.78, line)
            elif kind == "rule":
                pdf.line(self.margin, step[1], self.margin + self.width, step[1])
            elif kind == "page":
                page += 1
                self._new_page(height, page, pages)
            elif kind == "bar":
                _, x, y, length, bar_h = step
                pdf.rect(self.margin + x, y, length, bar_h, style="F")
            else:
                self._draw_qr(*step[1:])
        return bytes(pdf.output())

    def _draw_qr(
        self, x0: float, y0: float, matrix: list[list[bool]], module: float | None = None
    ) -> None:
        """One filled path of rectangles, one per run of dark modules in a row.

        Written as raw PDF operators: a QR has ~150 runs and fpdf's `rect` costs ~20 us each.
        """
        pdf, m, k = self.pdf, module or self.module, self.pdf.k
        ops = []
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    x, y = (x0 + start * m) * k, (pdf.h - y0 - (r + 1) * m) * k
                    ops.append(f"{x:.2f} {y:.2f} {(c - start) * m * k:.2f} {m * k:.2f} re")
                else:
                    c += 1
        pdf._out("q 0 g " + " ".join(ops) + " f Q")


def warm_up() -> None:
    """Load fpdf2 and qrcode and make one throwaway page, so the first slip of a session
    costs only its own drawing (the kiosk calls this in a thread at confirmation)."""
    from fpdf import FPDF

    qr_matrix("0")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text="0")
    pdf.output()
