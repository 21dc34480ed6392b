"""LSP positions: lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (as in healthlint's LineIndex),
characters are counted in the negotiated encoding (UTF-16 code units unless the client
offers UTF-8 or UTF-32)."""

from __future__ import annotations

from dataclasses import dataclass

from healthlint.document import LineIndex

UTF16, UTF8, UTF32 = "utf-16", "utf-8", "utf-32"


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's units."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass(frozen=True, slots=True)
class Text:
    """A document's text with its line index."""

    source: str
    index: LineIndex

    @classmethod
    def of(cls, source: str) -> Text:
        return cls(source, LineIndex.from_source(source))

    def line_text(self, line: int) -> str:
        """The text of a 0-based line, without its line ending."""
        span = self.index.line_span(line + 1, self.source)
        return self.source[span.start : span.end]

    @property
    def lines(self) -> int:
        return len(self.index.line_starts)

    def to_client(self, offset: int, encoding: str) -> tuple[int, int]:
        """A 0-based code-point offset as a 0-based (line, character) in client units."""
        pos = self.index.position(offset)
        start = self.index.line_starts[pos.line - 1]
        return pos.line - 1, units(self.source[start : start + pos.column - 1], encoding)

    def from_client(self, line: int, character: int, *, encoding: str) -> int:
        """A client (line, character) as a code-point offset; past the end of a line is its end."""
        if line < 0:
            return 0
        if line >= self.lines:
            return len(self.source)
        span = self.index.line_span(line + 1, self.source)
        if encoding == UTF32:
            return min(span.start + max(character, 0), span.end)
        count = 0
        for i in range(span.start, span.end):
            if count >= character:
                return i
            count += units(self.source[i], encoding)
        return span.end

    def apply(self, start: tuple[int, int], end: tuple[int, int], *, new: str, encoding: str) -> Text:
        """The text after an incremental change (``didChange`` with a range)."""
        a = self.from_client(*start, encoding=encoding)
        b = self.from_client(*end, encoding=encoding)
        if b < a:
            a, b = b, a
        return Text.of(self.source[:a] + new + self.source[b:])
