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
from urllib.parse import urlsplit

import regex

from medlint.document import Citation, CitationKind, Document, Span
from medlint.kinds import _claims
from medlint.kinds._context import iter_matches, sentence_of
from medlint.kinds.base import Exceptions, Finding, compile_pattern, phrase, regex_field, word_pattern
from medlint.rulespec import Rule
from medlint.scopes import Block, blocks


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
    #: a source named in the sentence without a link ("according to the CDC")
    named_source: str = regex_field("")
    named_source_level: str = "suggestion"
    named_source_message: str = ""
    vocab: bool = True


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None
    exceptions: Exceptions
    named: regex.Pattern[str] | None


_TRAILING = " \t\r\n.,;:!?)]\"'”’*_"
_STRUCTURAL = frozenset({CitationKind.FOOTNOTE, CitationKind.SUPERSCRIPT, CitationKind.CITE, CitationKind.BRACKETED, CitationKind.AUTHOR_YEAR, CitationKind.IDENTIFIER})


def is_source(c: Citation, own_domains: tuple[str, ...]) -> bool:
    """True when a citation marker points at a source, not at the publisher's own pages."""
    if c.kind in _STRUCTURAL:
        return True
    target = c.target.strip()
    if target.startswith("#"):
        return True  # an in-page reference list
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False  # relative links, mailto:, tel: are the site's own pages
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    return not any(host == d or host.endswith("." + d) for d in own_domains)


class CitationCheck:
    name: ClassVar[str] = "citation"
    Options: ClassVar[type[Any]] = CitationOptions

    def compile(self, options: CitationOptions, *, rule_name: str) -> Compiled:
        tokens = [phrase(t) for t in options.tokens if t]
        source = "".join(options.raw) + (word_pattern(tokens, nonword=options.nonword) if tokens else "")
        if options.raw and tokens:
            source = "(?:" + "".join(options.raw) + ")|" + word_pattern(tokens, nonword=options.nonword)
        pattern = compile_pattern(source, ignorecase=options.ignorecase) if source else None
        named = compile_pattern(options.named_source, ignorecase=True) if options.named_source else None
        return Compiled(pattern, Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase), named)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        o: CitationOptions = rule.options
        if c.pattern is None:
            return
        sources = [x for x in doc.citations if is_source(x, o.own_domains)]
        starts = [x.span.start for x in sources]
        for block in blocks(doc, rule.scope):
            for m in iter_matches(c.pattern, block):
                if m.end() == m.start() or c.exceptions.hit(m.group()):
                    continue
                if not _claims.keep(o, block, m.start(), m.end()):
                    continue
                if self._cited(doc, block, m.start(), sources, starts, o):
                    continue
                level = _claims.level_for(o, block, m.start(), rule.level.value)
                a, b = sentence_of(block, m.start())
                message = None
                if c.named is not None and c.named.search(block.text, a, b):
                    level = o.named_source_level
                    message = o.named_source_message or None
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
            for cite in _near(sources, starts, seg.span.start, seg.span.end):
                rest = seg.text[max(cite.span.end - seg.span.start, 0) :]
                if not rest.strip(_TRAILING):
                    return True
        return False


def _near(sources: list[Citation], starts: list[int], lo: int, hi: int) -> Iterator[Citation]:
    from bisect import bisect_left

    i = bisect_left(starts, lo - 2000)
    while i < len(sources) and sources[i].span.start < hi:
        if sources[i].span.end > lo:
            yield sources[i]
        i += 1


