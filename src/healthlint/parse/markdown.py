"""Markdown (CommonMark + GFM tables, footnotes, front matter) to a Document.

markdown-it-py gives the block structure and its line map; the prose of each
block is the original source lines, container prefixes and inline markup
blanked in place, so positions are exact by construction.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import table as table_rule
from mdit_py_plugins.footnote import footnote_plugin

from healthlint.document import Directive, LineIndex, MetaValue, Segment, SegmentKind, Span
from healthlint.parse import ParseResult
from healthlint.parse._frontmatter import split_front_matter
from healthlint.parse._mask import Mask, blank_outside, make_segment
from healthlint.parse._md_inline import InlineResult, mask_inline
from healthlint.parse._search import FRONT_MATTER_FIELDS, scalar_segment, unread

_ATX = regex.compile(r"(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = regex.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_PREFIX = regex.compile(r"^(?:[ \t]*>[ \t]?|[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))*[ \t]*")
_PIPE = regex.compile(r"(?<!\\)\|")
_CODE_IN_ROW = regex.compile(r"(`+).+?\1")


def _prefix_end(line: str) -> int:
    """Where a line's container prefix (quote markers, list markers, indent) ends."""
    m = _PREFIX.match(line)
    return m.end() if m else 0


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.block.ruler.at("table", _table_outline, {"alt": ["paragraph", "reference"]})
    md.use(footnote_plugin)
    return md


def _table_outline(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's table rule, keeping only the table's opening and closing tokens.

    The walker reads rows and cells from the source (:meth:`_Walker._table`) and needs only
    where the table is. The tokens of its cells, with the inline parse of each, were most of a
    large table's memory and time (a 1.5 MB table of 121,000 cells: 425,000 tokens, 184 MB of
    the run's 289 MB). A table with a footnote reference (``[^``) is parsed whole again: the
    footnote plugin keeps a definition only when a reference to it is parsed.
    """
    if silent:
        return bool(table_rule(state, start_line, end_line, silent))
    first = len(state.tokens)
    push = state.push

    def outline_push(ttype: str, tag: str, nesting: int) -> Any:
        token = push(ttype, tag, nesting)
        if ttype != "table_open" and ttype != "table_close":
            state.tokens.pop()  # the rule fills it in, then drops it
        return token

    state.push = outline_push
    try:
        found = bool(table_rule(state, start_line, end_line, silent))
    finally:
        del state.push
    if not found:
        return False
    lines = state.tokens[first].map or [start_line, state.line]
    if "[^" not in state.src[state.bMarks[lines[0]] : state.eMarks[max(lines[0], lines[1] - 1)]]:
        return True
    del state.tokens[first:]
    state.line = start_line
    return bool(table_rule(state, start_line, end_line, silent))


def parse_markdown(source: str) -> ParseResult:
    """Parse a Markdown article into segments, metadata, citations and comments."""
    index = LineIndex.from_source(source)
    front = split_front_matter(source)
    body = source
    metadata: list[tuple[str, MetaValue]] = []
    if front is not None:
        metadata.extend(front.values)
        # keep line numbers: blank the front matter before handing it to markdown-it
        body = source[: front.span.start] + regex.sub(r"[^\r\n]", " ", source[front.span.start : front.span.end]) + source[front.span.end :]
    env: dict[str, Any] = {}
    tokens = _parser().parse(body, env)
    walker = _Walker(source, index, env)
    walker.walk(tokens)
    segments = walker.segments
    if front is not None and front.scalars:
        # the title and description a search result shows, read once (healthlint.parse._search)
        candidates = [
            scalar_segment(source, scalar.span, scalar.style, FRONT_MATTER_FIELDS[key])
            for key, scalar in front.scalars.items()
            if key in FRONT_MATTER_FIELDS
        ]
        segments = segments + unread([c for c in candidates if c is not None], segments)
    return ParseResult(
        segments=segments,
        metadata=metadata,
        citations=walker.inline.citations,
        comments=walker.inline.comments + walker.html_comments,
        reference_spans=walker.reference_spans,
    )


class _Walker:
    def __init__(self, source: str, index: LineIndex, env: dict[str, Any]) -> None:
        self.source = source
        self.index = index
        self.references: dict[str, Any] = env.get("references", {})
        footnotes = env.get("footnotes", {})
        self.footnote_labels = {str(k)[1:] for k in footnotes.get("refs", {})}
        self.segments: list[Segment] = []
        self.inline = InlineResult()
        self.html_comments: list[Directive] = []
        self.reference_spans: list[Span] = []

    # -- helpers -----------------------------------------------------------
    def _lines(self, start_line: int, end_line: int) -> list[Span]:
        n = len(self.index.line_starts)
        return [self.index.line_span(i + 1, self.source) for i in range(start_line, min(end_line, n))]

    def _reference(self, label: str) -> str | None:
        ref = self.references.get(normalizeReference(label))
        return None if ref is None else str(ref.get("href", ""))

    def _block_text(self, lines: list[Span], content: str) -> tuple[Span, list[tuple[int, int]]] | None:
        """Source ranges of a block's content lines (prefixes excluded)."""
        keep: list[tuple[int, int]] = []
        content_lines = content.split("\n")
        for line_span, text in zip(lines, content_lines):
            src = self.source[line_span.start : line_span.end]
            body = text.rstrip()
            stripped = src.rstrip()
            if body and stripped.endswith(body):
                start = line_span.start + len(stripped) - len(body)
            else:
                start = line_span.start + _prefix_end(src)
            keep.append((start, line_span.start + len(stripped)))
        if not keep:
            return None
        return Span(keep[0][0], keep[-1][1]), keep

    def _masked_block(self, lines: list[Span], content: str) -> Mask | None:
        """The block's source with everything outside its content lines blanked."""
        block = self._block_text(lines, content)
        if block is None:
            return None
        span, keep = block
        mask = Mask(self.source, span)
        mask.chars = list(blank_outside(self.source, span, keep))
        return mask

    def _emit(self, kind: SegmentKind, mask: Mask, context: tuple[str, ...], level: int = 0) -> None:
        """Blank the inline markup of ``mask`` and keep what prose is left as a segment."""
        mask_inline(mask, has_footnote=self.footnote_labels.__contains__, reference=self._reference, out=self.inline)
        seg = make_segment(kind, Span(mask.base, mask.base + len(mask.chars)), mask.text(), context=context, level=level)
        if seg is not None:
            self.segments.append(seg)

    def _add(self, kind: SegmentKind, lines: list[Span], content: str, context: tuple[str, ...], level: int = 0) -> None:
        mask = self._masked_block(lines, content)
        if mask is not None:
            self._emit(kind, mask, context, level)

    # -- the walk ----------------------------------------------------------
    def walk(self, tokens: list[Any]) -> None:
        stack: list[str] = []
        alts_done = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            ttype = tok.type
            if ttype.endswith("_open") and ttype not in ("heading_open", "paragraph_open"):
                name = ttype[: -len("_open")]
                stack.append(name)
                if name == "table" and tok.map:
                    self._table(tok.map, tuple(stack[:-1]))
                    depth = 1
                    while depth and i + 1 < len(tokens):
                        i += 1
                        if tokens[i].type == "table_open":
                            depth += 1
                        elif tokens[i].type == "table_close":
                            depth -= 1
                    stack.pop()
            elif ttype.endswith("_close") and ttype not in ("heading_close", "paragraph_close"):
                if stack:
                    stack.pop()
            elif ttype == "heading_open" and tok.map:
                inline = tokens[i + 1]
                self._heading(tok, inline, tuple(stack))
                i += 2
            elif ttype == "paragraph_open" and tok.map:
                inline = tokens[i + 1]
                kind = self._kind_for(stack)
                self._add(kind, self._lines(*tok.map), inline.content, tuple(stack))
                if "footnote" in stack:
                    self.reference_spans.append(self.segments[-1].span if self.segments else Span(0, 0))
                i += 2
            elif ttype == "html_block" and tok.map:
                self._html_block(tok.map)
            if len(self.inline.alts) > alts_done:
                for alt in self.inline.alts[alts_done:]:
                    seg = make_segment(SegmentKind.ALT, alt, self.source[alt.start : alt.end], context=tuple(stack))
                    if seg is not None:
                        self.segments.append(seg)
                alts_done = len(self.inline.alts)
            i += 1

    @staticmethod
    def _kind_for(stack: list[str]) -> SegmentKind:
        for name in reversed(stack):
            if name == "list_item" or name == "footnote":
                return SegmentKind.LIST_ITEM if name == "list_item" else SegmentKind.PARAGRAPH
            if name == "blockquote":
                return SegmentKind.BLOCKQUOTE
        return SegmentKind.PARAGRAPH

    def _heading(self, tok: Any, inline: Any, context: tuple[str, ...]) -> None:
        level = int(tok.tag[1])
        lines = self._lines(*tok.map)
        if tok.markup.startswith("#"):  # ATX: strip the opening and closing hashes
            line = lines[0]
            src = self.source[line.start : line.end]
            hashes = src.find("#")
            m = _ATX.match(src, hashes) if hashes >= 0 else None
            start = line.start + (m.end() if m else len(src))
            end = line.end
            close = _ATX_CLOSE.search(self.source, start, end)
            if close:
                end = close.start()
            mask = Mask(self.source, Span(start, max(start, end)))
        else:  # setext: the text lines, not the underline
            setext = self._masked_block(lines[:-1], inline.content)
            if setext is None:
                return
            mask = setext
        self._emit(SegmentKind.HEADING, mask, context, level)

    def _table(self, line_map: list[int], context: tuple[str, ...]) -> None:
        lines = self._lines(*line_map)
        for row_no, line in enumerate(lines):
            if row_no == 1:  # the delimiter row
                continue
            src = self.source[line.start : line.end]
            prefix = _prefix_end(src) if context else 0  # a quote's markers, a list item's marker or indent
            masked_code = _CODE_IN_ROW.sub(lambda m: " " * len(m.group()), src)
            bounds = [prefix - 1] + [m.start() for m in _PIPE.finditer(masked_code, prefix)] + [len(src)]
            for a, b in zip(bounds, bounds[1:]):
                span = Span(line.start + a + 1, line.start + b)
                if span.end <= span.start:
                    continue
                self._emit(SegmentKind.TABLE_CELL, Mask(self.source, span), context + (("header",) if row_no == 0 else ()))

    def _html_block(self, line_map: list[int]) -> None:
        from healthlint.parse.html import parse_html_fragment

        lines = self._lines(*line_map)
        if not lines:
            return
        span = Span(lines[0].start, lines[-1].end)
        part = parse_html_fragment(self.source, span)
        self.segments.extend(part.segments)
        self.inline.citations.extend(part.citations)
        self.html_comments.extend(part.comments)
        self.reference_spans.extend(part.reference_spans)

