"""Citation scope: whether a marker in a claim's paragraph, or around its list or table, cites it.

The standard is the module doc of :mod:`healthlint.kinds.citation`: a paragraph is a
block (a Markdown or text paragraph, a list item, a blockquote, a Markdown table or an
HTML row, a heading); a list or table is also cited by its caption or lead-in sentence
and by a ``Source:`` line or caption right after it; a marker in the previous or next
paragraph never counts.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterator

import regex

from healthlint.document import Citation, Document, Segment, SegmentKind, Span
from healthlint.kinds.base import MATCH_TIMEOUT
from healthlint.scopes import Block, sentences_of

#: what may stand between a claim and a marker that still belongs to it
TRAILING = " \t\r\n.,;:!?)]\"'”’*_"
#: a blank line: the end of a Markdown or text paragraph
BLANK_LINE = regex.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)")


class Memo:
    """What one document's check already knows, per segment index: each block and list is read once
    (a table of thousands of cells would otherwise be scanned again for every figure in it)."""

    __slots__ = ("cited", "runs")

    def __init__(self) -> None:
        #: segment index -> whether its paragraph carries a marker
        self.cited: dict[int, bool] = {}
        #: segment index -> whether its list or table is cited by a lead-in, caption or Source line
        self.runs: dict[int, bool] = {}


def paragraph_cited(doc: Document, i: int, sources: list[Citation], starts: list[int], memo: Memo | None = None) -> bool:
    """Whether a citation in scope covers the paragraph of segment ``i`` (the standard: this module's doc)."""
    memo = memo if memo is not None else Memo()
    if i not in memo.cited:
        first, last = _paragraph(doc, i)
        para = Span(doc.segments[first].span.start, doc.segments[last].span.end)
        found = any(cite.span.start < para.end or closes(doc, para, cite) for cite in near(sources, starts, para.start, para.end + 40))
        if not found and doc.segments[i].kind not in (SegmentKind.LIST_ITEM, SegmentKind.TABLE_CELL):
            found = _source_line_after(doc, last, sources, starts)
        memo.cited.update(dict.fromkeys(range(first, last + 1), found))
    if memo.cited[i]:
        return True
    kind = doc.segments[i].kind
    if kind not in (SegmentKind.LIST_ITEM, SegmentKind.TABLE_CELL):
        return False
    if i not in memo.runs:
        lo, hi = _run(doc, i, kind)
        found = _lead_in_cited(doc, lo, sources, starts) or _source_line_after(doc, hi, sources, starts)
        memo.runs.update(dict.fromkeys(range(lo, hi + 1), found))
    return memo.runs[i]


def _paragraph(doc: Document, i: int) -> tuple[int, int]:
    """The first and last segment of segment ``i``'s paragraph (a blockquote, a table or its row)."""
    segs = doc.segments
    seg = segs[i]
    if seg.in_context("blockquote"):  # all of a blockquote, whatever its inner blocks

        def same(x: Segment) -> bool:
            return x.in_context("blockquote")

    elif seg.kind is SegmentKind.TABLE_CELL:

        def same(x: Segment) -> bool:
            return x.kind is SegmentKind.TABLE_CELL

    else:
        return i, i
    lo = i
    while lo > 0 and same(segs[lo - 1]) and _joined(doc, segs[lo - 1], segs[lo]):
        lo -= 1
    hi = i
    while hi + 1 < len(segs) and same(segs[hi + 1]) and _joined(doc, segs[hi], segs[hi + 1]):
        hi += 1
    return lo, hi


#: in HTML, a new row, table or blockquote starts a new paragraph
_NEW_ROW = regex.compile(r"<\s*/?\s*(?:tr|table|blockquote)\b", regex.IGNORECASE)
#: a line with nothing but quote markers: a blank line in a Markdown table's surroundings
_BLANK_LINE = regex.compile(r"(?:\r?\n|\r)[ \t>]*(?:\r?\n|\r)")


def _joined(doc: Document, a: Segment, b: Segment) -> bool:
    """Two neighbouring cells of one table (Markdown) or row (HTML), or paragraphs of one blockquote."""
    gap = doc.source[a.span.end : b.span.start]
    if "<" in gap:
        return not _NEW_ROW.search(gap)
    if a.in_context("blockquote"):  # "> a\n>\n> b" is one blockquote, "> a\n\n> b" two
        return not BLANK_LINE.search(gap)
    return not _BLANK_LINE.search(gap)  # a Markdown table is one block


#: in HTML, a new list or table
_NEW_LIST = regex.compile(r"<\s*/?\s*(?:table|ul|ol|dl)\b", regex.IGNORECASE)


def _run(doc: Document, i: int, kind: SegmentKind) -> tuple[int, int]:
    """The first and last segment of the list or table that segment ``i`` is in."""
    segs = doc.segments

    def apart(x: Segment, y: Segment) -> bool:
        gap = doc.source[x.span.end : y.span.start]
        return bool(_NEW_LIST.search(gap) or (kind is SegmentKind.TABLE_CELL and _BLANK_LINE.search(gap)))

    lo = i
    while lo > 0 and segs[lo - 1].kind is kind and not apart(segs[lo - 1], segs[lo]):
        lo -= 1
    hi = i
    while hi + 1 < len(segs) and segs[hi + 1].kind is kind and not apart(segs[hi], segs[hi + 1]):
        hi += 1
    return lo, hi


#: a lead-in that introduces what follows: it ends with a colon (markers after it allowed: "include:2,5"),
#: or names the table, list or figure
_LEAD_IN = regex.compile(r":[\s*_)\]\d,–¹²³⁰⁴-⁹\[(-]*$|\b(?:table|figure|chart|list|following|below|as follows)\b", regex.IGNORECASE)


def _lead_in_cited(doc: Document, first: int, sources: list[Citation], starts: list[int]) -> bool:
    """The list or table starting at segment ``first`` has a caption or lead-in sentence with a citation."""
    if first == 0:
        return False
    prev = doc.segments[first - 1]
    caption = "caption" in prev.context or "figcaption" in prev.context
    if not caption and prev.kind is not SegmentKind.PARAGRAPH:
        return False
    spans = sentences_of(prev)
    if not spans:
        return False
    last = spans[-1]
    if not caption and not _LEAD_IN.search(prev.text, last.start, last.end):
        return False
    lo = prev.span.start + (0 if caption else last.start)
    return any(
        cite.span.start < prev.span.end or closes(doc, prev.span, cite)
        for cite in near(sources, starts, lo, prev.span.end + 40)
        if cite.span.end > lo
    )


#: a line that gives the source of what precedes it: "Source: CDC, https://..."
_SOURCE_LINE = regex.compile(r"\W*(?:sources?|references?|data|via|citation)\s*:", regex.IGNORECASE)


def _source_line_after(doc: Document, last: int, sources: list[Citation], starts: list[int]) -> bool:
    """A "Source: ..." line with a citation right after the paragraph, list or table ending at segment ``last``."""
    j = last + 1
    if j >= len(doc.segments):
        return False
    nxt = doc.segments[j]
    caption = "figcaption" in nxt.context or "caption" in nxt.context  # a table's caption below it
    if not (caption or _SOURCE_LINE.match(nxt.text)) or len(nxt.text.split()) > 40:
        return False
    return any(
        nxt.span.start <= c.span.start and (c.span.start < nxt.span.end or "\n\n" not in doc.source[nxt.span.end : c.span.start])
        for c in near(sources, starts, nxt.span.start, nxt.span.end + 300)
    )


def closes(doc: Document, para: Span, cite: Citation) -> bool:
    """True when only closing punctuation lies between ``cite`` and the end of ``para``."""
    if cite.span.end >= para.end:
        gap = doc.source[para.end : cite.span.start] if cite.span.start > para.end else ""
        return not BLANK_LINE.search(gap) and not gap.strip(TRAILING)
    return not _prose_after(doc, cite.span.end, para.end)


def _prose_after(doc: Document, start: int, end: int) -> bool:
    """Whether prose (not markup, not closing punctuation) follows in the paragraph."""
    text = doc.prose[start:end]
    return bool(text.strip(TRAILING))


def near(sources: list[Citation], starts: list[int], lo: int, hi: int) -> Iterator[Citation]:
    """The markers overlapping ``[lo, hi)`` (``starts``: the sorted start offsets of ``sources``)."""
    i = bisect_left(starts, lo - 2000)
    while i < len(sources) and sources[i].span.start < hi:
        if sources[i].span.end > lo:
            yield sources[i]
        i += 1


#: how far back an antecedent is looked for (the previous sentence, bounded)
ANTECEDENT_REACH = 600


def introduced_before(block: Block, start: int, antecedents: tuple[regex.Pattern[str], ...]) -> bool:
    """Whether the previous sentence of ``block``'s paragraph, or its own sentence before ``start``,
    introduces what a back-reference at ``start`` ("these trials", "the data") points at.

    ``antecedents`` are searched in that stretch of text only (they may not run past ``start``).
    """
    seg = block.segment
    if seg is None:
        text, at = block.text, start
    else:
        text, at = seg.text, block.base - seg.span.start + start
    spans = sentences_of(seg) if seg is not None else ()
    lo = 0
    for i, span in enumerate(spans):
        if span.start <= at < span.end or span.start >= at:
            lo = spans[i - 1].start if i > 0 else span.start
            break
    lo = max(lo, at - ANTECEDENT_REACH)
    return any(p.search(text, lo, at, timeout=MATCH_TIMEOUT) for p in antecedents)
