"""Charts drawn in text, readable in 16 colours and in the ASCII look: a bar's length carries
the number, never its colour alone."""

from __future__ import annotations

_BLOCKS = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"  # eighths of a cell, bottom up


def bar(value: int, top: int, width: int, ascii_only: bool = False) -> str:
    """A horizontal bar `width` cells long at `top`; any value above 0 shows at least one cell."""
    if value <= 0 or top <= 0:
        return ""
    cells = max(1, round(width * value / top))
    return ("#" if ascii_only else "\u2588") * cells


def bar_to_goal(percent: float, goal: float, width: int, ascii_only: bool = False) -> str:
    """A bar of a share out of 100%, with the goal marked where the bar has not reached it
    (a village's coverage against the 95% it is recognised at)."""
    drawn = bar(round(percent * 10), 1000, width, ascii_only)
    at = min(width - 1, round(width * goal / 100) - 1)
    if len(drawn) > at:
        return drawn
    return drawn.ljust(at) + ("|" if ascii_only else "\u2502")


def columns(values: list[int], height: int, ascii_only: bool = False) -> list[str]:
    """A column chart, one character per value, `height` lines tall, top line first.

    Unicode draws each column to an eighth of a line; ASCII draws whole lines of `#`, and a
    value above 0 always shows at least a mark, so a day with one registration is not blank.
    """
    top = max(values, default=0)
    if top <= 0:
        return [" " * len(values)] * height
    steps = height * (1 if ascii_only else 8)
    levels = [max(1, round(steps * v / top)) if v > 0 else 0 for v in values]
    lines = []
    for line in range(height - 1, -1, -1):  # the top line first
        chars = []
        for level in levels:
            filled = level - line * (1 if ascii_only else 8)
            if ascii_only:
                chars.append("#" if filled >= 1 else " ")
            else:
                chars.append(_BLOCKS[max(0, min(8, filled))])
        lines.append("".join(chars))
    return lines
