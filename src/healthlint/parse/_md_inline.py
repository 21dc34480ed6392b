"""Markdown inline markup: masked in place, links and markers recorded.

Works on the source slice of one block (container prefixes already blanked),
so every offset stays an offset into the original source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import regex

from healthlint.document import Citation, CitationKind, Directive, Span
from healthlint.parse._citations import URL_PATTERN
from healthlint.parse._mask import Mask

_CODE_SPAN = regex.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", regex.DOTALL)
_COMMENT = regex.compile(r"<!--.*?-->", regex.DOTALL)
_AUTOLINK = regex.compile(r"<((?:https?|mailto|ftp):[^\s<>]*)>", regex.IGNORECASE)
_TAG = regex.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_ALT_ATTR = regex.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", regex.IGNORECASE)
_DEST = r"(?:<[^<>\n]*>|(?:[^()\s]|\((?:[^()\s])*\))*)"
_TITLE = r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?"""
_BRACKETED = r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
_INLINE_LINK = regex.compile(rf"(!?){_BRACKETED}\(\s*({_DEST}){_TITLE}\s*\)")
_FOOTNOTE_REF = regex.compile(r"\[\^([^\]\s]+)\]")
_REF_LINK = regex.compile(rf"(!?){_BRACKETED}(?:\[([^\[\]]*)\])?")
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE = regex.compile(r"\\(?=[!-/:-@\[-`{-~])")
_EMPHASIS = regex.compile(r"\*+|~~|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])")


@dataclass
class InlineResult:
    """What the inline pass found besides the masked text."""

    citations: list[Citation] = field(default_factory=list)
    comments: list[Directive] = field(default_factory=list)
    #: (alt text span) for images
    alts: list[Span] = field(default_factory=list)


def mask_inline(
    mask: Mask,
    *,
    has_footnote: Callable[[str], bool],
    reference: Callable[[str], str | None],
    out: InlineResult,
) -> None:
    """Blank inline markup in ``mask``; record citations, comments and alt texts."""
    base = mask.base

    def view() -> str:
        return mask.text()

    # 1. code spans and comments hide everything inside them
    for m in _CODE_SPAN.finditer(view()):
        mask.blank(base + m.start(), base + m.end())
    for m in _COMMENT.finditer(view()):
        span = Span(base + m.start(), base + m.end())
        out.comments.append(Directive(span, m.group()[4:-3]))
        mask.blank(span.start, span.end)
    # 2. autolinks and raw inline HTML
    for m in _AUTOLINK.finditer(view()):
        span = Span(base + m.start(), base + m.end())
        out.citations.append(Citation(CitationKind.LINK, span, m.group(1)))
        mask.blank(span.start, span.end)
    text = view()
    open_tags: dict[str, int] = {}
    for m in _TAG.finditer(text):
        name = m.group(1).lower()
        tag = m.group()
        if name == "img":
            alt = _ALT_ATTR.search(tag)
            if alt:
                g = 1 if alt.group(1) is not None else 2
                out.alts.append(Span(base + m.start() + alt.start(g), base + m.start() + alt.end(g)))
        elif name in ("sup", "cite", "a"):
            if not tag.startswith("</"):
                open_tags[name] = m.start()
            elif name in open_tags:
                start = open_tags.pop(name)
                inner = text[start:m.end()]
                kind = {"sup": CitationKind.SUPERSCRIPT, "cite": CitationKind.CITE, "a": CitationKind.LINK}[name]
                target = ""
                if name == "a":
                    href = regex.search(r"""href\s*=\s*["']?([^"'\s>]*)""", inner, regex.IGNORECASE)
                    target = href.group(1) if href else ""
                if name != "sup" or regex.search(r"\d|<a\b", inner):
                    out.citations.append(Citation(kind, Span(base + start, base + m.end()), target))
        mask.blank(base + m.start(), base + m.end())
    # 3. images, links and footnotes
    text = view()
    for m in _INLINE_LINK.finditer(text):
        start, end = base + m.start(), base + m.end()
        if m.group(1):  # an image: its alt text is its own segment
            out.alts.append(Span(base + m.start(2), base + m.end(2)))
            mask.blank(start, end)
            continue
        out.citations.append(Citation(CitationKind.LINK, Span(start, end), m.group(3).strip("<>")))
        mask.blank(start, start + 1)
        mask.blank(base + m.end(2), end)
    text = view()
    for m in _FOOTNOTE_REF.finditer(text):
        if has_footnote(m.group(1)):
            span = Span(base + m.start(), base + m.end())
            out.citations.append(Citation(CitationKind.FOOTNOTE, span, m.group(1)))
            mask.blank(span.start, span.end)
    text = view()
    for m in _REF_LINK.finditer(text):
        label = str(m.group(3) or m.group(2))
        ref = reference(label)
        if ref is None:
            continue
        start, end = base + m.start(), base + m.end()
        if m.group(1):
            out.alts.append(Span(base + m.start(2), base + m.end(2)))
            mask.blank(start, end)
            continue
        out.citations.append(Citation(CitationKind.REFERENCE, Span(start, end), ref))
        mask.blank(start, start + 1)
        mask.blank(base + m.end(2), end)
    # 4. bare URLs are citations, not prose
    for m in URL_PATTERN.finditer(view()):
        span = Span(base + m.start(), base + m.end())
        out.citations.append(Citation(CitationKind.URL, span, m.group()))
        mask.blank(span.start, span.end)
    # 5. entities, escapes and emphasis markers
    for pattern in (_ENTITY, _ESCAPE, _EMPHASIS):
        for m in pattern.finditer(view()):
            mask.blank(base + m.start(), base + m.end())
