"""Helpers shared by the format parsers: masking and segment building."""

from __future__ import annotations

import re
from typing import Iterable

from healthlint.document import Segment, SegmentKind, Span


class Mask:
    """A mutable, same-length copy of a source slice that can be blanked out."""

    __slots__ = ("base", "_chars", "_text")

    def __init__(self, source: str, span: Span) -> None:
        self.base = span.start
        self._chars = list(source[span.start : span.end])
        #: the text as last joined, until the next change (the inline pass reads it a dozen
        #: times per block and most of its patterns blank nothing)
        self._text: str | None = None

    @property
    def chars(self) -> list[str]:
        return self._chars

    @chars.setter
    def chars(self, chars: list[str]) -> None:
        self._chars = chars
        self._text = None

    def blank(self, start: int, end: int) -> None:
        """Replace source offsets ``[start, end)`` by spaces, keeping line breaks."""
        chars = self._chars
        lo = max(start - self.base, 0)
        hi = min(end - self.base, len(chars))
        if lo < hi:
            self._text = None
        for i in range(lo, hi):
            if chars[i] not in "\r\n":
                chars[i] = " "

    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._chars)
        return self._text


def blank_outside(source: str, span: Span, keep: Iterable[tuple[int, int]]) -> str:
    """The source slice with everything outside the ``keep`` ranges blanked."""
    out = []
    pos = span.start
    for start, end in sorted(keep):
        lo = max(start, pos)
        hi = min(end, span.end)
        if lo >= hi:
            continue
        if lo > pos:
            out.append(_blank_gap(source[pos:lo]))
        out.append(source[lo:hi])
        pos = hi
    if pos < span.end:
        out.append(_blank_gap(source[pos : span.end]))
    return "".join(out)


def _blank_gap(text: str) -> str:
    return blank(text) if "\n" in text or "\r" in text else " " * len(text)


def make_segment(
    kind: SegmentKind,
    span: Span,
    text: str,
    *,
    context: tuple[str, ...] = (),
    level: int = 0,
) -> Segment | None:
    """A segment trimmed to its non-blank text, or None when it holds no prose."""
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    start = span.start + lead
    end = span.end - trail
    return Segment(kind, Span(start, end), text[lead : len(text) - trail], context, level)


def prose_of(source: str, segments: Iterable[Segment]) -> str:
    """A source-length string holding only the segments' prose, all else blank."""
    blanked = blank(source)
    pieces = []
    pos = 0
    for seg in sorted(segments, key=lambda s: s.span.start):
        if seg.kind is SegmentKind.ALT or seg.span.start < pos:
            continue
        pieces.append(blanked[pos : seg.span.start])
        pieces.append(seg.text)
        pos = seg.span.end
    pieces.append(blanked[pos:])
    return "".join(pieces)


_LINE = re.compile(r"[^\r\n]+")


def _spaces(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def blank(text: str) -> str:
    """``text`` with every character but line breaks replaced by a space."""
    return _LINE.sub(_spaces, text)  # a run per line: 20x faster than a substitution per character
