"""``citation``: a claim (a statistic, an attribution) needs a citation marker nearby.

``citation_scope`` says where a marker must be for a claim to count as
sourced:

- ``paragraph`` (the default): anywhere in the claim's sentence or its
  paragraph. A paragraph is a block: a Markdown or text paragraph
  (consecutive non-blank lines), a list item, a blockquote (all of it, so
  an attribution line inside it counts), a table (Markdown) or a table row
  (HTML), a heading; in HTML the enclosing block element. A list or table
  is also cited by a caption or a lead-in sentence that carries a marker
  (the last sentence of the paragraph right before it, ending with a colon
  or naming the table, list or figure), and by a ``Source:`` line (or a
  caption) right after it.
- ``sentence``: in the claim's sentence only (a marker right after its full
  stop belongs to it).

A marker in the previous or next paragraph never counts. The older key
``paragraph: true`` / ``false`` still works and means ``citation_scope:
paragraph`` / ``sentence``. Links to the publisher's own pages (relative
links, ``own_domains``, ``tel:``, booking and sales pages) are not
citations. A claim that names a source without a link or year
(``named_source``) is a weaker finding, not silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator
from urllib.parse import SplitResult, urlsplit

import regex

from healthlint.document import Citation, CitationKind, Document, Span
from healthlint.errors import HealthlintError
from healthlint.kinds import _claims
from healthlint.kinds._citation_scope import BLANK_LINE, TRAILING, Memo, introduced_before, near, paragraph_cited
from healthlint.kinds._context import block_matches, sentence_of
from healthlint.kinds.base import MATCH_TIMEOUT, Exceptions, Finding, compile_pattern, phrase, regex_field, timed, word_pattern
from healthlint.model import Rule
from healthlint.scopes import Block


@dataclass(frozen=True)
class CitationOptions(_claims.ClaimOptions):
    tokens: tuple[str, ...] = regex_field(())
    raw: tuple[str, ...] = regex_field(())
    ignorecase: bool = False
    nonword: bool = False
    exceptions: tuple[str, ...] = field(default=())
    #: where a citation must be: ``paragraph`` (default: the claim's sentence or its
    #: paragraph, anywhere in it) or ``sentence`` (the claim's sentence only)
    citation_scope: str = ""
    #: the older spelling of ``citation_scope``: true is ``paragraph``, false is ``sentence``
    paragraph: bool | None = None
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
    #: a match that starts like this refers back ("these trials", "the data"): it is dropped when the
    #: previous sentence of its paragraph, or its own sentence before it, holds an appeal the rule
    #: matches or an ``antecedent`` (a named source), where the finding belongs
    anaphora: str = regex_field("")
    antecedent: str = regex_field("")
    vocab: bool = True


CITATION_SCOPES = ("sentence", "paragraph")


def citation_scope(options: CitationOptions) -> str:
    """The effective scope: ``citation_scope``, else the older ``paragraph`` key, else ``paragraph``."""
    if options.citation_scope:
        return options.citation_scope
    return "sentence" if options.paragraph is False else "paragraph"


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None
    exceptions: Exceptions
    named: regex.Pattern[str] | None
    context: regex.Pattern[str] | None
    paragraph: bool = True
    anaphora: regex.Pattern[str] | None = None
    antecedents: tuple[regex.Pattern[str], ...] = ()


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
        scope = citation_scope(options)
        if scope not in CITATION_SCOPES:
            raise HealthlintError(f"'citation_scope' must be one of: {', '.join(CITATION_SCOPES)} (got '{scope}')")
        if options.citation_scope and options.paragraph is not None and options.paragraph != (scope == "paragraph"):
            raise HealthlintError(f"'paragraph: {str(options.paragraph).lower()}' contradicts 'citation_scope: {scope}'; keep only 'citation_scope'")
        tokens = [phrase(t) for t in options.tokens if t]
        source = "".join(options.raw) + (word_pattern(tokens, nonword=options.nonword) if tokens else "")
        if options.raw and tokens:
            source = "(?:" + "".join(options.raw) + ")|" + word_pattern(tokens, nonword=options.nonword)
        pattern = compile_pattern(source, ignorecase=options.ignorecase) if source else None
        named = compile_pattern(options.named_source) if options.named_source else None
        context = compile_pattern("|".join(f"(?:{phrase(x)})" for x in options.context_exceptions), ignorecase=options.ignorecase) if options.context_exceptions else None
        anaphora = compile_pattern(options.anaphora, ignorecase=options.ignorecase) if options.anaphora else None
        antecedents = tuple(p for p in (pattern, compile_pattern(options.antecedent, ignorecase=options.ignorecase) if options.antecedent else None) if p is not None)
        exceptions = Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase)
        return Compiled(pattern, exceptions, named, context, scope == "paragraph", anaphora, antecedents)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        o: CitationOptions = rule.options
        if c.pattern is None:
            return
        own = own_domains_of(doc, o.own_domains)
        sources = [x for x in doc.citations if is_source(x, own, o.trusted_domains)]
        starts = [x.span.start for x in sources]
        index = {id(seg): i for i, seg in enumerate(doc.segments)} if c.paragraph else None
        memo = Memo()
        for block, found in block_matches(c.pattern, doc, rule.scope):
            for m in found:
                if m.end() == m.start() or c.exceptions.hit(m.group()):
                    continue
                if not _claims.keep(o, block, m.start(), m.end()):
                    continue
                if o.denied_lists and _claims.denied_list_item(doc, block):
                    continue
                if o.skip_related and _in_related(doc, block.base + m.start()):
                    continue
                a, b = sentence_of(block, m.start())
                if c.context is not None and c.context.search(block.text, a, b, timeout=MATCH_TIMEOUT):
                    continue
                if c.anaphora is not None and c.anaphora.match(block.text, m.start()) and introduced_before(block, m.start(), c.antecedents):
                    continue
                if self._cited(doc, block, m.start(), sources, starts, index, memo):
                    continue
                level = _claims.level_for(o, block, m.start(), rule.level.value)
                message = None
                if c.named is not None and timed(c.named.search, block.text, a, b):
                    level = o.named_source_level
                    message = o.named_source_message.replace("%s", m.group(), 1) if o.named_source_message else None
                yield Finding(block.base + m.start(), block.base + m.end(), (m.group(),), level=level, message=message)

    @staticmethod
    def _cited(
        doc: Document, block: Block, start: int, sources: list[Citation], starts: list[int], index: dict[int, int] | None, memo: Memo
    ) -> bool:
        a, b = sentence_of(block, start)
        sentence = Span(block.base + a, block.base + b)
        # a marker right after the sentence's full stop belongs to it ("remission.[3]")
        for cite in near(sources, starts, sentence.start, sentence.end + 12):
            if cite.span.start < sentence.end:
                return True
            gap = doc.source[sentence.end : cite.span.start]
            if not gap.strip(TRAILING) and not BLANK_LINE.search(gap):
                return True
        if index is None or block.segment is None or id(block.segment) not in index:
            return False
        return paragraph_cited(doc, index[id(block.segment)], sources, starts, memo)


#: the first line of a call-to-action block (a plain-text export's "CTA Callout Illustration")
_CTA_MARKER = regex.compile(r"\W*(?:cta\b|call[-\s]to[-\s]action|callout)", regex.IGNORECASE)


def _in_related(doc: Document, offset: int) -> bool:
    """In a boilerplate zone that is not a call-to-action block."""
    for span in doc.boilerplate:
        if span.start <= offset < span.end:
            return not _CTA_MARKER.match(doc.source, span.start)
    return False
