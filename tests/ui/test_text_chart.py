"""Charts in text: the length carries the number, in Unicode and in the ASCII look."""

from __future__ import annotations

from screens.widgets.text_chart import bar, columns


def test_a_bar_is_as_long_as_its_share_and_never_hides_a_one() -> None:
    assert bar(5, 10, 20) == "\u2588" * 10
    assert bar(1, 100, 20, ascii_only=True) == "#"  # a small count still shows
    assert bar(0, 10, 20) == "" and bar(3, 0, 20) == ""


def test_columns_stack_from_the_bottom_in_both_looks() -> None:
    lines = columns([0, 1, 4], 4, ascii_only=True)
    assert lines == ["  #", "  #", "  #", " ##"]
    fine = columns([0, 2, 4], 2)
    assert len(fine) == 2 and all(len(line) == 3 for line in fine)
    assert fine[-1][0] == " " and fine[0][2] == "\u2588" and fine[-1][1] == "\u2588"
    assert fine[0][1] == " "  # half the top: the lower line full, the upper empty
    assert columns([], 3) == ["", "", ""]
