from __future__ import annotations

import pytest

from healthlint.document import LineIndex, Position


@pytest.mark.parametrize(
    ("source", "starts"),
    [
        pytest.param("a\nb\n", (0, 2, 4), id="lf"),
        pytest.param("a\r\nb\r\n", (0, 3, 6), id="crlf"),
        pytest.param("a\rb\r", (0, 2, 4), id="cr"),
        pytest.param("a\r\nb\rc\nd", (0, 3, 5, 7), id="mixed"),
        pytest.param("no final newline", (0,), id="single"),
        pytest.param("", (0,), id="empty"),
    ],
)
def test_line_starts(source: str, starts: tuple[int, ...]) -> None:
    assert LineIndex.from_source(source).line_starts == starts


def test_position_round_trip() -> None:
    source = "caf\u00e9\r\n\tx \U0001f600 y\rlast"
    index = LineIndex.from_source(source)
    for offset in range(len(source) + 1):
        pos = index.position(offset)
        assert index.offset(pos.line, pos.column) == offset
    # columns count code points: the emoji is one column
    assert index.position(source.index("y")) == Position(2, 6)
    assert index.position(source.index("last")) == Position(3, 1)


def test_position_clamps_out_of_range() -> None:
    index = LineIndex.from_source("ab\ncd")
    assert index.position(-5) == Position(1, 1)
    assert index.position(99) == Position(2, 3)
