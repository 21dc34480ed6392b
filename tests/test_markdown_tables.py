"""Markdown tables: every cell is read at its exact place, and a table's parse does not grow
with its cells in tokens (a pull request can send a table of megabytes)."""

from __future__ import annotations

from healthlint.document import SegmentKind
from healthlint.parse.markdown import _parser, parse_markdown

ARTICLE = """# Doses

| n | claim |
|---|---|
| 1 | cures 90% of cases |
| 2 | **guaranteed** relief |

> | a | b |
> |---|---|
> | proven cure | 50% |

- | x | y |
  |---|---|
  | 100% safe | z |

Text after the tables.
"""


def _cells(source: str) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for seg in parse_markdown(source).segments:
        if seg.kind is SegmentKind.TABLE_CELL:
            assert len(seg.text) == seg.span.end - seg.span.start
            # the masked text keeps every character of the source it does not blank
            assert all(t == " " or t == s for t, s in zip(seg.text, source[seg.span.start : seg.span.end]))
            out.append((seg.text.strip(), seg.context))
    return out


def test_each_cell_of_each_table_is_a_segment_at_its_place() -> None:
    cells = _cells(ARTICLE)
    assert [c for c, _ in cells] == ["n", "claim", "1", "cures 90% of cases", "2", "guaranteed   relief", "a", "b", "proven cure", "50%", "x", "y", "100% safe", "z"]
    assert ("n", ("header",)) in cells and ("proven cure", ("blockquote",)) in cells
    assert ("100% safe", ("bullet_list", "list_item")) in cells
    paragraphs = [s.text for s in parse_markdown(ARTICLE).segments if s.kind is SegmentKind.PARAGRAPH]
    assert paragraphs == ["Text after the tables."]


def test_a_footnote_referenced_only_from_a_table_cell_is_still_read() -> None:
    source = "| n | claim |\n|---|---|\n| 1 | cures 90% of cases[^1] |\n\n[^1]: Smith et al., 2021, a trial of 40 adults.\n"
    texts = [s.text.strip() for s in parse_markdown(source).segments]
    assert "Smith et al., 2021, a trial of 40 adults." in texts
    assert any(t.startswith("cures 90% of cases") for t in texts)


def test_a_table_parses_to_the_same_few_tokens_however_many_rows_it_has() -> None:
    def tokens(rows: int) -> int:
        table = "| n | claim | dose |\n|---|---|---|\n" + "".join(f"| {i} | guaranteed {i % 97}% cure | {i} mg |\n" for i in range(rows))
        return len(_parser().parse("# Doses\n\n" + table + "\nAfter.\n", {}))

    assert tokens(10) == tokens(5_000)
