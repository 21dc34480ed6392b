"""``existence``: report every match of a list of tokens (Vale's semantics)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint import prefilter
from healthlint.document import Document
from healthlint.anchors import pattern_anchors
from healthlint.kinds import _claims
from healthlint.kinds._context import block_matches
from healthlint.kinds.base import Exceptions, Finding, compile_pattern, phrase, regex_field, search_timeout, word_pattern
from healthlint.model import Rule

if TYPE_CHECKING:
    from healthlint.kinds import vale_dialect
    from healthlint.kinds.vale_dialect import ValeDialect


@dataclass(frozen=True)
class ExistenceOptions(_claims.ClaimOptions):
    tokens: tuple[str, ...] = regex_field(())
    raw: tuple[str, ...] = regex_field(())
    append: bool = False
    ignorecase: bool = False
    nonword: bool = False
    exceptions: tuple[str, ...] = field(default=())
    vocab: bool = True
    #: tokens that count only on a page that speaks as a provider: the page (all its prose)
    #: matches ``own_page`` ("our clinic", "we measure our recovery rate", "I treat patients");
    #: a figure with no owner in its sentence is then the business's own
    own_page: str = regex_field("")
    own_page_tokens: tuple[str, ...] = regex_field(())


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None
    exceptions: Exceptions | vale_dialect.Exceptions
    #: words one of which a text must hold for the rule to match there (None: always run); read
    #: from the pattern once, when the rule is compiled, and kept in a cached linter as plain data
    anchors: frozenset[str] | None = field(default=None, compare=False)
    #: ``own_page_tokens`` and ``own_page`` (None: the rule has none)
    page_pattern: regex.Pattern[str] | None = None
    own_page: regex.Pattern[str] | None = None

    def __post_init__(self) -> None:
        anchors = pattern_anchors(self.pattern.pattern) if self.pattern is not None else frozenset()
        if self.page_pattern is not None and anchors is not None:
            more = pattern_anchors(self.page_pattern.pattern)
            anchors = None if more is None else anchors | more
        object.__setattr__(self, "anchors", anchors)


class Existence:
    name: ClassVar[str] = "existence"
    Options: ClassVar[type[Any]] = ExistenceOptions

    def compile(self, options: ExistenceOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        if dialect is not None:  # Vale's ``NewExistence``: tokens in the word template, ``raw`` before (or after) it
            from healthlint.kinds import vale_dialect

            words = not options.nonword and bool(options.tokens)
            template = vale_dialect.make_regexp(dialect.word_template, options.ignorecase, words, "".join(options.raw), options.append)
            body = "|".join(t for t in options.tokens if t.strip())
            exceptions = vale_dialect.Exceptions.build(options.exceptions, dialect, options.vocab and not options.nonword)
            return Compiled(vale_dialect.vcompile(vale_dialect.sprintf_template(template, body)), exceptions)
        tokens = [phrase(t) for t in options.tokens if t]
        body = word_pattern(tokens, nonword=options.nonword) if tokens else ""
        raw = "".join(options.raw)
        source = body + raw if options.append else raw + body
        pattern = compile_pattern(source, ignorecase=options.ignorecase) if source else None
        page_tokens = [phrase(t) for t in options.own_page_tokens if t]
        page_pattern = own_page = None
        if page_tokens and options.own_page:
            page_pattern = compile_pattern(word_pattern(page_tokens, nonword=options.nonword), ignorecase=options.ignorecase)
            own_page = compile_pattern(options.own_page, ignorecase=options.ignorecase)
        exceptions = Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase)
        return Compiled(pattern, exceptions, page_pattern=page_pattern, own_page=own_page)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        compiled: Compiled = rule.compiled
        options: ExistenceOptions = rule.options
        if compiled.pattern is None:
            return
        if compiled.page_pattern is None or compiled.own_page is None:
            yield from self._findings(compiled.pattern, doc, rule)
            return
        found = list(self._findings(compiled.pattern, doc, rule))
        yield from found
        if _speaks_as_provider(compiled.own_page, doc):
            # a figure the rule's own tokens already report is not reported twice
            spans = sorted((f.start, f.end) for f in found)
            starts = [a for a, _ in spans]
            reach = list(accumulate((b for _, b in spans), max))  # the furthest end among the first i spans
            for extra in self._findings(compiled.page_pattern, doc, rule):
                i = bisect_left(starts, extra.end)  # spans starting before the extra's end
                if i == 0 or reach[i - 1] <= extra.start:
                    yield extra

    def _findings(self, pattern: regex.Pattern[str], doc: Document, rule: Rule) -> Iterator[Finding]:
        compiled: Compiled = rule.compiled
        options: ExistenceOptions = rule.options
        for block, found in block_matches(pattern, doc, rule.scope):
            for m in found:
                match = m.group()
                if not match or compiled.exceptions.hit(match.strip(), block.text, m.start(), m.end()):
                    continue
                if not _claims.keep(options, block, m.start(), m.end()):
                    continue
                level = _claims.level_for(options, block, m.start(), rule.level.value)
                args, suggestions = _with_action(rule.action, match)
                yield Finding(block.base + m.start(), block.base + m.end(), args, level=level, suggestions=suggestions)


def _speaks_as_provider(own_page: regex.Pattern[str], doc: Document) -> bool:
    """The page's prose holds a match of ``own_page`` (searched with the rule's time limit)."""
    try:  # the prose is the text the engine scans: RE2 lists where the pattern can match
        return prefilter.search(own_page, doc.prose or doc.source, timeout=search_timeout()) is not None
    except TimeoutError:
        return False


def _with_action(action: Any, match: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not action:
        return (match,), ()
    from healthlint.kinds import vale_dialect  # a Vale style's rule

    return vale_dialect.with_action(action, match)
