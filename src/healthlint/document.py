"""The Document model: the original source, its prose segments and positions.

Every segment carries a *prose text* of exactly the same length as its source
slice, with everything that is not prose replaced by spaces (newlines kept).
A match at offset ``i`` of a segment's text is therefore at ``span.start + i``
in the source, by construction.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Position(NamedTuple):
    """A 1-based line and a 1-based column counted in code points."""

    line: int
    column: int


class Span(NamedTuple):
    """A half-open ``[start, end)`` range of code-point offsets into the source."""

    start: int
    end: int

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class LineIndex:
    """Offsets of line starts; ``\\n``, ``\\r\\n`` and ``\\r`` all end a line."""

    line_starts: tuple[int, ...]
    length: int

    @classmethod
    def from_source(cls, source: str) -> LineIndex:
        starts = [0]
        i = 0
        n = len(source)
        find_cr = source.find
        while True:
            j = find_cr("\n", i)
            k = find_cr("\r", i, j if j >= 0 else n)
            if k >= 0:
                if k + 1 < n and source[k + 1] == "\n":
                    starts.append(k + 2)
                    i = k + 2
                else:
                    starts.append(k + 1)
                    i = k + 1
                continue
            if j < 0:
                break
            starts.append(j + 1)
            i = j + 1
        return cls(tuple(starts), n)

    def position(self, offset: int) -> Position:
        """The only place where 1-based line and column numbers are made."""
        offset = max(0, min(offset, self.length))
        i = bisect_right(self.line_starts, offset) - 1
        return Position(i + 1, offset - self.line_starts[i] + 1)

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position` (1-based line and column)."""
        line = max(1, min(line, len(self.line_starts)))
        return min(self.line_starts[line - 1] + column - 1, self.length)

    def line_span(self, line: int, source: str) -> Span:
        """The span of a 1-based line, without its line ending."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else self.length
        while end > start and source[end - 1] in "\r\n":
            end -= 1
        return Span(start, end)


class SegmentKind(enum.Enum):
    """What a prose segment is in the article's structure."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list"
    TABLE_CELL = "table"
    BLOCKQUOTE = "blockquote"
    ALT = "alt"


@dataclass(frozen=True, slots=True)
class Segment:
    """One block of prose: its kind, its source span and its masked text."""

    kind: SegmentKind
    span: Span
    text: str
    #: nesting context, e.g. ``("list", "blockquote")``, outermost first
    context: tuple[str, ...] = ()
    #: heading level (1..6) for headings, 0 otherwise
    level: int = 0
    #: Vale's scope name for a block Vale's walker made (``heading.h2.md``); empty otherwise
    scope: str = ""

    def __post_init__(self) -> None:
        if len(self.text) != self.span.end - self.span.start:
            raise ValueError(
                f"segment text length {len(self.text)} != span length "
                f"{self.span.end - self.span.start}"
            )

    def in_context(self, name: str) -> bool:
        return self.kind.value == name or name in self.context


class CitationKind(enum.Enum):
    LINK = "link"
    FOOTNOTE = "footnote"
    REFERENCE = "reference"
    SUPERSCRIPT = "superscript"
    CITE = "cite"
    BRACKETED = "bracketed"
    AUTHOR_YEAR = "author-year"
    IDENTIFIER = "identifier"
    URL = "url"


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation marker found in the source (a link, a footnote, a DOI ...)."""

    kind: CitationKind
    span: Span
    #: link destination, footnote label, identifier text ...
    target: str = ""


@dataclass(frozen=True, slots=True)
class MetaValue:
    """A metadata value with the source span where it is written (when known).

    The span covers the entry, key and value (``date: 2019-01-10``, a ``<meta>`` tag,
    ``"dateModified": "2019-01-10"``), so a finding about the value points at its line.
    """

    value: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Directive:
    """An in-document comment directive (``healthlint-disable``, ``vale off`` ...)."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed article; immutable, produced by a format parser."""

    path: str
    format: str
    source: str
    line_index: LineIndex
    segments: tuple[Segment, ...]
    #: lower-cased field name -> values (front matter, <meta>, JSON-LD)
    metadata: dict[str, tuple[MetaValue, ...]] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()
    #: comment contents that may be directives, with their spans
    comments: tuple[Directive, ...] = ()
    #: spans of blocks that are not the article's own claims
    #: (navigation, footers, reference lists), found by the parser
    boilerplate: tuple[Span, ...] = ()
    #: spans of reference lists and footnote definitions
    references: tuple[Span, ...] = ()
    #: a source-length copy holding only prose (all segments but alt text)
    prose: str = ""
    #: problems the parser met but recovered from (broken front matter ...)
    warnings: tuple[str, ...] = ()
    #: what the rules of one run share about the file (Vale's sequences, its structural counts)
    shared: dict[str, Any] = field(default_factory=dict)

    def in_zone(self, offset: int, zones: tuple[str, ...]) -> bool:
        """True when ``offset`` lies in one of the named zones (``boilerplate``, ``references``)."""
        if "boilerplate" in zones and any(offset in span for span in self.boilerplate):
            return True
        return "references" in zones and any(offset in span for span in self.references)

    def position(self, offset: int) -> Position:
        return self.line_index.position(offset)

    def meta(self, name: str) -> tuple[MetaValue, ...]:
        return self.metadata.get(name.lower(), ())

    @property
    def title_span(self) -> Span | None:
        """The span of the title (or the first heading) if there is one."""
        for kind in (SegmentKind.TITLE, SegmentKind.HEADING):
            for seg in self.segments:
                if seg.kind is kind:
                    stripped = seg.text.strip()
                    if stripped:
                        lead = len(seg.text) - len(seg.text.lstrip())
                        return Span(seg.span.start + lead, seg.span.start + lead + len(stripped))
        return None


def metadata_dict(pairs: Any) -> dict[str, tuple[MetaValue, ...]]:
    """Build a metadata mapping from ``(name, MetaValue)`` pairs."""
    out: dict[str, list[MetaValue]] = {}
    for name, value in pairs:
        out.setdefault(str(name).lower(), []).append(value)
    return {k: tuple(v) for k, v in out.items()}
