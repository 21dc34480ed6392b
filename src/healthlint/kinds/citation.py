"""``citation``: a claim (a statistic, an attribution) needs a citation marker nearby.

A marker counts when it sits in the claim's sentence, or (with
``paragraph: true``) at the close of the claim's paragraph. Links to the
publisher's own pages (relative links, ``own_domains``) are not citations.
A claim that names a source without a link or year (``named_source``) is a
weaker finding, not silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator
from urllib.parse import SplitResult, urlsplit

import regex

from healthlint.document import Citation, CitationKind, Document, Segment, SegmentKind, Span
from healthlint.kinds import _claims
from healthlint.kinds._context import iter_matches, sentence_of
from healthlint.kinds.base import MATCH_TIMEOUT, Exceptions, Finding, compile_pattern, phrase, regex_field, timed, word_pattern
from healthlint.rulespec import Rule
from healthlint.scopes import Block, blocks


@dataclass(frozen=True)
class CitationOptions(_claims.ClaimOptions):
    tokens: tuple[str, ...] = regex_field(())
    raw: tuple[str, ...] = regex_field(())
    ignorecase: bool = False
    nonword: bool = False
    exceptions: tuple[str, ...] = field(default=())
    #: a citation that closes the claim's paragraph also covers it
    paragraph: bool = False
    #: domains of the publisher's own site: links there are not citations
    own_domains: tuple[str, ...] = ()
    #: when set, a link counts only if it points at one of these domains
    #: (footnotes, DOIs, author-year references always count)
    trusted_domains: tuple[str, ...] = ()
    #: a source named in the sentence without a link ("according to the CDC")
    named_source: str = regex_field("")
    named_source_level: str = "suggestion"
    named_source_message: str = ""
    #: a match whose sentence matches one of these is dropped ("20% off your first visit")
    context_exceptions: tuple[str, ...] = regex_field(())
    #: drop matches in boilerplate (other pages' titles, navigation) but read call-to-action
    #: blocks, which are the publisher's own advertising (use with ``skip`` not naming boilerplate)
    skip_related: bool = False
    vocab: bool = True


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None
    exceptions: Exceptions
    named: regex.Pattern[str] | None
    context: regex.Pattern[str] | None


_TRAILING = " \t\r\n.,;:!?)]\"'”’*_"
_STRUCTURAL = frozenset({CitationKind.FOOTNOTE, CitationKind.SUPERSCRIPT, CitationKind.CITE, CitationKind.BRACKETED, CitationKind.AUTHOR_YEAR, CitationKind.IDENTIFIER})


#: paths of a publisher's own commercial pages: a link there is not a source
_SALES_PATH = regex.compile(
    r"/(?:pricing|prices?|plans?|book(?:ing)?|book-now|appointments?|schedule|assessment|quiz|eligibility|"
    r"consult(?:ation)?s?|contact(?:-us)?|get-started|get-help|start|sign-?up|register|enroll(?:ment)?|apply|join|join-now|"
    r"members(?:hip)?s?|shop|store|cart|checkout|offers?|promo|deals?|coupons?|landing|lp|"
    r"products?|buy|order|insurance|admissions?|intake|locations?|free-trial|demo|careers|subscribe)(?:[/?#.-]|$)",
    regex.IGNORECASE,
)
#: pages that list sources, on any domain
_REFERENCE_PATH = regex.compile(r"/(?:references?|sources?|citations?|bibliography|studies|research)(?:[/?#.-]|$)", regex.IGNORECASE)
#: metadata fields that name the article's own address
_OWN_URL_FIELDS = ("og:url", "canonical", "url", "permalink", "canonical_url", "canonicalurl")


def _split(target: str) -> SplitResult | None:
    """``urlsplit``, or None for an address it rejects (``a://[``: "Invalid IPv6 URL")."""
    try:
        return urlsplit(target)
    except ValueError:
        return None


def _host(target: str) -> str:
    parts = _split(target.strip())
    if parts is None:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host


def own_domains_of(doc: Document, configured: tuple[str, ...]) -> tuple[str, ...]:
    """The configured own domains plus the article's own, from its canonical address."""
    found = [d.lower().removeprefix("www.") for d in configured if d]
    for name in _OWN_URL_FIELDS:
        for value in doc.meta(name):
            host = _host(value.value)
            if host:
                found.append(host)
    return tuple(dict.fromkeys(found))


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_source(c: Citation, own_domains: tuple[str, ...], trusted_domains: tuple[str, ...] = ()) -> bool:
    """True when a citation marker points at a source, not at the publisher's own pages."""
    if c.kind in _STRUCTURAL:
        return True
    target = c.target.strip()
    if target.startswith("#"):
        return True  # an in-page reference list
    parts = _split(target)
    if parts is None:
        return False  # a malformed address points nowhere
    if parts.scheme not in ("http", "https") or not parts.netloc:
        # relative links, mailto:, tel: are the site's own pages, unless they list sources
        return parts.scheme in ("", "http", "https") and bool(_REFERENCE_PATH.search(parts.path or ""))
    host = _host(target)
    if _on(host, own_domains):
        return bool(_REFERENCE_PATH.search(parts.path or ""))
    if trusted_domains and not _on(host, trusted_domains):
        return False
    return not _SALES_PATH.search(parts.path or "")


class CitationCheck:
    name: ClassVar[str] = "citation"
    Options: ClassVar[type[Any]] = CitationOptions

    def compile(self, options: CitationOptions, *, rule_name: str) -> Compiled:
        tokens = [phrase(t) for t in options.tokens if t]
        source = "".join(options.raw) + (word_pattern(tokens, nonword=options.nonword) if tokens else "")
        if options.raw and tokens:
            source = "(?:" + "".join(options.raw) + ")|" + word_pattern(tokens, nonword=options.nonword)
        pattern = compile_pattern(source, ignorecase=options.ignorecase) if source else None
        named = compile_pattern(options.named_source) if options.named_source else None
        context = compile_pattern("|".join(f"(?:{phrase(x)})" for x in options.context_exceptions), ignorecase=options.ignorecase) if options.context_exceptions else None
        return Compiled(pattern, Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase), named, context)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        o: CitationOptions = rule.options
        if c.pattern is None:
            return
        own = own_domains_of(doc, o.own_domains)
        sources = [x for x in doc.citations if is_source(x, own, o.trusted_domains)]
        starts = [x.span.start for x in sources]
        for block in blocks(doc, rule.scope):
            for m in iter_matches(c.pattern, block):
                if m.end() == m.start() or c.exceptions.hit(m.group()):
                    continue
                if not _claims.keep(o, block, m.start(), m.end()):
                    continue
                if o.skip_related and _in_related(doc, block.base + m.start()):
                    continue
                a, b = sentence_of(block, m.start())
                if c.context is not None and c.context.search(block.text, a, b, timeout=MATCH_TIMEOUT):
                    continue
                if self._cited(doc, block, m.start(), sources, starts, o):
                    continue
                level = _claims.level_for(o, block, m.start(), rule.level.value)
                message = None
                if c.named is not None and timed(c.named.search, block.text, a, b):
                    level = o.named_source_level
                    message = o.named_source_message.replace("%s", m.group(), 1) if o.named_source_message else None
                yield Finding(block.base + m.start(), block.base + m.end(), (m.group(),), level=level, message=message)

    @staticmethod
    def _cited(doc: Document, block: Block, start: int, sources: list[Citation], starts: list[int], o: CitationOptions) -> bool:
        a, b = sentence_of(block, start)
        sentence = Span(block.base + a, block.base + b)
        # a marker right after the sentence's full stop belongs to it ("remission.[3]")
        for cite in _near(sources, starts, sentence.start, sentence.end + 12):
            if cite.span.start < sentence.end or not doc.source[sentence.end : cite.span.start].strip(_TRAILING):
                return True
        if o.paragraph and block.segment is not None:
            seg = block.segment
            for cite in _near(sources, starts, seg.span.start, seg.span.end + 40):
                if _closes(doc, seg.span, cite):
                    return True
            return _source_line_after(doc, seg, sources, starts)
        return False


#: a line that gives the source of what precedes it: "Source: CDC, https://..."
_SOURCE_LINE = regex.compile(r"\W*(?:sources?|references?|data|via|citation)\s*:", regex.IGNORECASE)


def _source_line_after(doc: Document, seg: Segment, sources: list[Citation], starts: list[int]) -> bool:
    """A "Source: ..." line with a citation right after the paragraph, or after the list it is in."""
    from bisect import bisect_left

    index = bisect_left(doc.segments, seg.span.start, key=lambda s: s.span.start)
    while index < len(doc.segments) and doc.segments[index] is not seg:
        index += 1
    if index >= len(doc.segments):
        return False
    j = index + 1
    if seg.kind is SegmentKind.LIST_ITEM:
        while j < len(doc.segments) and doc.segments[j].kind is SegmentKind.LIST_ITEM:
            j += 1
        last = doc.segments[j - 1]
        if any(_closes(doc, last.span, c) for c in _near(sources, starts, last.span.start, last.span.end + 40)):
            return True
    if j >= len(doc.segments):
        return False
    nxt = doc.segments[j]
    if not _SOURCE_LINE.match(nxt.text) or len(nxt.text.split()) > 40:
        return False
    return any(
        nxt.span.start <= c.span.start and (c.span.start < nxt.span.end or "\n\n" not in doc.source[nxt.span.end : c.span.start])
        for c in _near(sources, starts, nxt.span.start, nxt.span.end + 300)
    )


def _closes(doc: Document, para: Span, cite: Citation) -> bool:
    """True when only closing punctuation lies between ``cite`` and the end of ``para``."""
    if cite.span.end >= para.end:
        gap = doc.source[para.end : cite.span.start] if cite.span.start > para.end else ""
        return "\n\n" not in gap and not gap.strip(_TRAILING)
    return not _prose_after(doc, cite.span.end, para.end)


def _prose_after(doc: Document, start: int, end: int) -> bool:
    """Whether prose (not markup, not closing punctuation) follows in the paragraph."""
    text = doc.prose[start:end]
    return bool(text.strip(_TRAILING))


#: the first line of a call-to-action block (a plain-text export's "CTA Callout Illustration")
_CTA_MARKER = regex.compile(r"\W*(?:cta\b|call[-\s]to[-\s]action|callout)", regex.IGNORECASE)


def _in_related(doc: Document, offset: int) -> bool:
    """In a boilerplate zone that is not a call-to-action block."""
    for span in doc.boilerplate:
        if span.start <= offset < span.end:
            return not _CTA_MARKER.match(doc.source, span.start)
    return False


def _near(sources: list[Citation], starts: list[int], lo: int, hi: int) -> Iterator[Citation]:
    from bisect import bisect_left

    i = bisect_left(starts, lo - 2000)
    while i < len(sources) and sources[i].span.start < hi:
        if sources[i].span.end > lo:
            yield sources[i]
        i += 1


