"""What search results show: page titles and descriptions kept in metadata, read as prose.

A search snippet ("FDA-approved CBD oil that cures anxiety") is ad copy, so the
texts a search engine or a link preview shows are read by the claim rules like
the article's own words: ``<meta name="description">``, ``og:title``,
``og:description``, ``twitter:title``, ``twitter:description`` in HTML, and
``title`` and ``description`` in front matter. Titles become ``title``
segments (read by the ``heading`` and ``title`` scopes), descriptions
``paragraph`` segments; both carry the ``metadata`` context.

Each text is read once. A metadata text whose words are already read elsewhere
(equal to, or contained in, the ``<title>``, a heading, a paragraph or an
earlier metadata text, ignoring case and punctuation) is not read again: a
CMS copies the headline into ``og:title`` and ``twitter:title``, and one
claim then gives one finding, at the visible text. Positions are exact: an
attribute's entities and a YAML scalar's quotes, escapes and block header are
blanked, never decoded.
"""

from __future__ import annotations

import regex

from healthlint.document import Segment, SegmentKind, Span
from healthlint.parse._mask import blank_outside, make_segment

#: ``<meta>`` names (lower case) whose content a search result or link preview shows
META_FIELDS = {
    "description": SegmentKind.PARAGRAPH,
    "og:title": SegmentKind.TITLE,
    "og:description": SegmentKind.PARAGRAPH,
    "twitter:title": SegmentKind.TITLE,
    "twitter:description": SegmentKind.PARAGRAPH,
}
#: front matter keys (lower case) read as prose
FRONT_MATTER_FIELDS = {"title": SegmentKind.TITLE, "description": SegmentKind.PARAGRAPH}
CONTEXT = ("metadata",)

_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_YAML_ESCAPE = regex.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", regex.DOTALL)
_NOT_WORD = regex.compile(r"[\W_]+")
_TWO_QUOTES = regex.compile("''")
#: a YAML node's anchor and tag before its value: "&a ", "!!str "
_PROPERTIES = regex.compile(r"(?:[&!][^\s]*\s+)+")


def attribute_segment(source: str, span: Span, kind: SegmentKind) -> Segment | None:
    """An attribute value as prose: its character references blanked."""
    text = blank_outside(source, span, [(span.start, span.end)])
    text = _ENTITY.sub(lambda m: " " * len(m.group()), text)
    return make_segment(kind, span, text, context=CONTEXT, level=1 if kind is SegmentKind.TITLE else 0)


def scalar_segment(source: str, span: Span, style: str, kind: SegmentKind) -> Segment | None:
    """A YAML scalar as prose: quotes, escapes and a block scalar's header line blanked."""
    chars = list(source[span.start : span.end])

    def blank(lo: int, hi: int) -> None:
        for i in range(lo, hi):
            if chars[i] not in "\r\n":
                chars[i] = " "

    inner = source[span.start : span.end]
    lead = _PROPERTIES.match(inner)
    first = lead.end() if lead else 0  # an anchor or a tag before the value ("&a", "!!str") is not prose
    blank(0, first)
    if style in ('"', "'") and len(chars) - first >= 2:
        blank(first, first + 1)
        blank(len(chars) - 1, len(chars))
        if style == '"':
            for m in _YAML_ESCAPE.finditer(inner, first + 1, len(inner) - 1):
                # '\"' and '\\' stand for the character after the backslash; '\n', '\x41' for another one
                blank(m.start(), m.start() + 1 if m.group()[1:] in ('"', "\\", "/") else m.end())
        else:
            for m in _TWO_QUOTES.finditer(inner, first + 1, len(inner) - 1):
                blank(m.start(), m.start() + 1)
    elif style in ("|", ">"):
        header = next((i for i, ch in enumerate(chars) if ch in "\r\n"), len(chars))
        blank(first, header)
    return make_segment(kind, span, "".join(chars), context=CONTEXT, level=1 if kind is SegmentKind.TITLE else 0)


def _words(text: str) -> str:
    return " " + _NOT_WORD.sub(" ", text).casefold().strip() + " "


def unread(candidates: list[Segment], segments: list[Segment]) -> list[Segment]:
    """The candidates whose words are not already read in ``segments`` or in an earlier candidate."""
    if not candidates:
        return []  # nothing to compare: the page's words need not be cut
    read = [_words(seg.text) for seg in segments if seg.kind is not SegmentKind.ALT]
    out: list[Segment] = []
    for seg in candidates:
        words = _words(seg.text)
        if not words.strip() or any(words in other for other in read):
            continue
        out.append(seg)
        read.append(words)
    return out
