"""Plain text to a Document: paragraphs split on blank lines, bullets as list items.

Plain text (such as a web page exported as text) has no markup; structure comes
from what the text gives: bullet characters (also alone on a line, before
the item's text), numbered lines, and short
title-like lines, which are taken as headings.

Directives in plain text: a line of its own that starts with ``healthlint-``
(``healthlint-disable-next-line Medical.UncitedStatistic: cited in print``;
``disable``, ``enable`` and ``disable-file`` too), or ``healthlint-disable-line
Rule: reason`` at the end of a line. Neither is linted as prose.
"""

from __future__ import annotations

import regex

from healthlint.document import Directive, LineIndex, Segment, SegmentKind, Span
from healthlint.parse import ParseResult
from healthlint.parse._mask import blank_outside, make_segment

_BULLET = regex.compile(r"[ \t]*(?:[•·▪◦‣●○■□➢►✓✔–-]|\*|\d{1,3}[.)])[ \t]+(?=\S)")
#: a directive line; `#` or `//` before it is allowed (text exported from other tools)
_OWN_LINE = regex.compile(r"[ \t]*(?:(?:#|//)[ \t]*)?(healthlint-(?:disable-next-line|disable-file|disable-line|disable|enable)(?=[\s:]|$).*?)[ \t]*$")
#: ``healthlint-disable-line Rule: reason`` ending a line of text
_TRAILING = regex.compile(r"[ \t]+(?:(?:#|//)[ \t]*)?(healthlint-disable-line(?=[\s:]|$).*?)[ \t]*$")
#: a line holding only a bullet (web pages exported as text put the bullet and its text on two lines)
_LONE_BULLET = regex.compile(r"[ \t]*(?:[•·▪◦‣●○■□➢►✓✔–-]|\*)[ \t]*$")
_HEADING_END = regex.compile(r"[.,;:!…\"”](?:\d{1,3}(?:[,–-]\d{1,3})*)?\s*$")  # also before a flattened reference ("include:2,5")


def _is_heading(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or len(text) > 110:
        return False
    if _HEADING_END.search(text):
        return False
    first = text.lstrip()[0]
    return first.isupper() or first.isdigit() or first in "“\"'‘"


def parse_text(source: str) -> ParseResult:
    """Parse a plain-text article."""
    index = LineIndex.from_source(source)
    lines = [index.line_span(i + 1, source) for i in range(len(index.line_starts))]
    comments: list[Directive] = []
    if "healthlint-" in source:
        lines = [_directive(source, line, comments) for line in lines]
    segments: list[Segment] = []
    block: list[Span] = []
    for line in lines + [Span(len(source), len(source))]:
        if source[line.start : line.end].strip():
            block.append(line)
            continue
        if block:
            segments.extend(_block_segments(source, block))
            block = []
    # the first heading of an article is its title
    if segments and segments[0].kind is SegmentKind.HEADING:
        first = segments[0]
        segments[0] = Segment(SegmentKind.TITLE, first.span, first.text, first.context, 1)
    return ParseResult(segments=segments, comments=comments)


def _directive(source: str, line: Span, out: list[Directive]) -> Span:
    """``line`` without the directive it holds (recorded in ``out``): empty for a directive line."""
    text = source[line.start : line.end]
    m = _OWN_LINE.match(text)
    if m is not None:
        out.append(Directive(Span(line.start + m.start(1), line.start + m.end(1)), m.group(1)))
        return Span(line.start, line.start)
    m = _TRAILING.search(text)
    if m is not None:
        out.append(Directive(Span(line.start + m.start(1), line.start + m.end(1)), m.group(1)))
        return Span(line.start, line.start + m.start())
    return line


def _block_segments(source: str, block: list[Span]) -> list[Segment]:
    out: list[Segment] = []
    current: list[tuple[int, int]] = []
    current_kind = SegmentKind.PARAGRAPH

    def close() -> None:
        if not current:
            return
        span = Span(current[0][0], current[-1][1])
        text = blank_outside(source, span, current)
        kind = current_kind
        if kind is SegmentKind.PARAGRAPH and len(current) == 1 and len(block) == 1 and _is_heading(text.strip()):
            kind = SegmentKind.HEADING
        seg = make_segment(kind, span, text, context=("list",) if kind is SegmentKind.LIST_ITEM else ())
        if seg is not None:
            out.append(seg)
        current.clear()

    for line in block:
        src = source[line.start : line.end]
        if _LONE_BULLET.match(src):  # a bullet on its own line: the next line is the item's text
            close()
            current_kind = SegmentKind.LIST_ITEM
            continue
        m = _BULLET.match(src)
        if m is not None:
            close()
            current_kind = SegmentKind.LIST_ITEM
            current.append((line.start + m.end(), line.end))
        else:
            if current and current_kind is SegmentKind.LIST_ITEM and not src[:1].isspace():
                close()
                current_kind = SegmentKind.PARAGRAPH
            current.append((line.start, line.end))
    close()
    return out
