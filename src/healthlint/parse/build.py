"""Source text + format -> a finished :class:`~healthlint.document.Document`."""

from __future__ import annotations

import regex

from healthlint.document import Document, LineIndex, Segment, SegmentKind, Span, metadata_dict
from healthlint.parse import ParseResult
from healthlint.parse._citations import text_citations
from healthlint.parse._mask import prose_of

#: headings after which the blocks are not the article's own claims
_BOILERPLATE_HEADING = regex.compile(
    r"^\W*(?:latest|recent|popular|related|similar|featured|trending|recommended|most\s+(?:read|popular))\s+"
    r"(?:posts?|articles?|stories|services|treatments|reading|reads|resources|news|blogs?|content|guides?|videos?|topics|links)\b"
    r"|^\W*(?:more|other)\s+(?:posts?|articles?|stories|news|reading|reads|blogs?|videos?|from\b|in\s+\w+|on\s+(?:this|our)\b|for\s+you)"
    r"|^\W*(?:table of contents|contents|in this article|"
    r"you (?:may|might) also (?:like|enjoy)|read (?:more|next)|keep reading|up next|also on \w+(?: \w+)?|"
    r"quick links|useful links|site map|sitemap|comments?|leave a (?:reply|comment)|about the author|"
    r"cta callout illustration)\W*$",
    regex.IGNORECASE,
)
#: a paragraph that links to another page ("Related: How to sleep better", "Read more: ...")
_LINK_LINE = regex.compile(
    r"^\W*(?:related(?:\s+(?:post|article|story|reading))?|read\s+(?:more|next|also)|see\s+also|also\s+read|"
    r"you\s+(?:may|might)\s+also\s+like|recommended(?:\s+reading)?|more\s+from\s+[\w\s]{1,30}|up\s+next)\s*[:»›>|–-]",
    regex.IGNORECASE,
)
#: lines of site chrome that are boilerplate themselves, without opening a section
_CHROME_LINE = regex.compile(
    r"^\W*(?:skip to (?:the )?(?:main )?content|skip navigation|menu|main menu|navigation|breadcrumbs?|"
    r"share(?: this)?(?: (?:post|article|page))?|follow us|connect with us|subscribe|newsletter|tags|categories|"
    r"print(?: this)?(?: page| article)?|back to top)\W*$",
    regex.IGNORECASE,
)
_REFERENCE_HEADING = regex.compile(
    r"^\W*(?:references|sources|citations|bibliography|works cited|further reading|footnotes|notes|"
    r"scientific references|studies cited|resources and references)\b",
    regex.IGNORECASE,
)


def build_document(path: str, source: str, fmt: str) -> Document:
    """Parse ``source`` as ``fmt`` (``markdown``, ``html`` or ``text``)."""
    if fmt == "markdown":
        from healthlint.parse.markdown import parse_markdown

        result = parse_markdown(source)
    elif fmt == "html":
        from healthlint.parse.html import parse_html

        result = parse_html(source)
    else:
        from healthlint.parse.text import parse_text

        result = parse_text(source)
    return _finish(path, source, fmt, result)


def _finish(path: str, source: str, fmt: str, result: ParseResult) -> Document:
    segments = sorted(result.segments, key=lambda s: (s.span.start, s.span.end))
    citations = list(result.citations)
    for seg in segments:
        if seg.kind is not SegmentKind.ALT:
            citations.extend(text_citations(seg.text, seg.span.start))
    boilerplate = list(result.boilerplate_spans)
    references = list(result.reference_spans)
    _sections_by_heading(source, segments, boilerplate, references, plain=fmt == "text")
    unique = sorted(set(citations), key=lambda c: (c.span.start, c.span.end, c.kind.value))
    return Document(
        path=path,
        format=fmt,
        source=source,
        line_index=LineIndex.from_source(source),
        segments=tuple(segments),
        metadata=metadata_dict(result.metadata),
        citations=tuple(unique),
        comments=tuple(result.comments),
        boilerplate=tuple(_merge(boilerplate)),
        references=tuple(_merge(references)),
        prose=prose_of(source, segments),
    )


def _sections_by_heading(
    source: str, segments: list[Segment], boilerplate: list[Span], references: list[Span], *, plain: bool
) -> None:
    """Mark the blocks under "Related posts", "References" ... as such."""
    i = 0
    n = len(segments)
    while i < n:
        seg = segments[i]
        heading = seg.text.strip()
        if seg.kind is SegmentKind.PARAGRAPH and plain and _marker_lines(heading):
            heading = heading.splitlines()[0].strip()
        elif seg.kind in (SegmentKind.PARAGRAPH, SegmentKind.LIST_ITEM) and _LINK_LINE.match(heading):
            boilerplate.append(seg.span)
            i += 1
            continue
        elif seg.kind not in (SegmentKind.HEADING, SegmentKind.TITLE):
            i += 1
            continue
        target = None
        if _LINK_LINE.match(heading):
            boilerplate.append(seg.span)
            i += 1
            continue
        if _CHROME_LINE.match(heading):
            boilerplate.append(seg.span)
            i += 1
            continue
        if _REFERENCE_HEADING.match(heading):
            target = references
        elif _BOILERPLATE_HEADING.match(heading):
            target = boilerplate
        if target is None:
            i += 1
            continue
        j = i + 1
        parent = _section_of(seg.context) if not plain else ()
        while j < n:
            nxt = segments[j]
            if nxt.kind is SegmentKind.HEADING and not plain and (nxt.level or 7) <= (seg.level or 7):
                break
            if not plain and nxt.context[: len(parent)] != parent:
                break  # an HTML section ends with the element that holds its heading (a footer is not in it)
            if plain and nxt.kind is SegmentKind.HEADING and _starts_new_section(segments, j):
                break
            if plain and nxt.kind is SegmentKind.PARAGRAPH and len(nxt.text.split()) >= 40:
                break  # the article's prose again, not a list of links
            j += 1
        end = segments[j - 1].span.end if j > i + 1 else seg.span.end
        target.append(Span(seg.span.start, end))
        i = j


_SECTIONING = frozenset({"article", "section", "main", "aside", "nav", "header", "footer", "body"})


def _section_of(context: tuple[str, ...]) -> tuple[str, ...]:
    """The context up to the innermost sectioning element (HTML); () when there is none (Markdown)."""
    for k in range(len(context) - 1, -1, -1):
        if context[k] in _SECTIONING:
            return context[: k + 1]
    return ()


def _marker_lines(text: str) -> bool:
    """A plain-text block whose every line is a boilerplate heading ("CTA Callout Illustration" twice)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return 1 < len(lines) <= 3 and all(_BOILERPLATE_HEADING.match(line) for line in lines)


def _starts_new_section(segments: list[Segment], j: int) -> bool:
    """In plain text, a heading followed by a real paragraph (30+ words) starts a section."""
    text = segments[j].text.strip()
    if _BOILERPLATE_HEADING.match(text) or _REFERENCE_HEADING.match(text) or _CHROME_LINE.match(text):
        return True
    following = segments[j + 1] if j + 1 < len(segments) else None
    return following is not None and following.kind is SegmentKind.PARAGRAPH and len(following.text.split()) >= 30


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in sorted(spans):
        if out and span.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out

