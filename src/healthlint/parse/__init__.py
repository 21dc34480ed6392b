"""Format parsers: each turns source text into the parts of a Document."""

from __future__ import annotations

from dataclasses import dataclass, field

from healthlint.document import Citation, Directive, MetaValue, Segment, Span

FORMATS = ("markdown", "html", "text")

#: the default extension -> format mapping (configurable)
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
}


@dataclass
class ParseResult:
    """What a format parser returns; :func:`healthlint.parse.build.build_document` finishes it."""

    segments: list[Segment]
    metadata: list[tuple[str, MetaValue]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    comments: list[Directive] = field(default_factory=list)
    #: spans of reference lists and footnote definitions
    reference_spans: list[Span] = field(default_factory=list)
    #: spans of navigation, footers and other blocks that are not the article's claims
    boilerplate_spans: list[Span] = field(default_factory=list)
