"""``existence``: report every match of a list of tokens (Vale's semantics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.anchors import pattern_anchors
from healthlint.kinds import _claims
from healthlint.kinds._context import block_matches
from healthlint.kinds.base import Exceptions, Finding, compile_pattern, phrase, regex_field, word_pattern
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


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None
    exceptions: Exceptions | vale_dialect.Exceptions
    #: words one of which a text must hold for the rule to match there (None: always run); read
    #: from the pattern once, when the rule is compiled, and kept in a cached linter as plain data
    anchors: frozenset[str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anchors", pattern_anchors(self.pattern.pattern) if self.pattern is not None else frozenset())


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
        return Compiled(pattern, Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        compiled: Compiled = rule.compiled
        options: ExistenceOptions = rule.options
        if compiled.pattern is None:
            return
        for block, found in block_matches(compiled.pattern, doc, rule.scope):
            for m in found:
                match = m.group()
                if not match or compiled.exceptions.hit(match.strip(), block.text, m.start(), m.end()):
                    continue
                if not _claims.keep(options, block, m.start(), m.end()):
                    continue
                level = _claims.level_for(options, block, m.start(), rule.level.value)
                args, suggestions = _with_action(rule.action, match)
                yield Finding(block.base + m.start(), block.base + m.end(), args, level=level, suggestions=suggestions)


def _with_action(action: Any, match: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not action:
        return (match,), ()
    from healthlint.kinds import vale_dialect  # a Vale style's rule

    return vale_dialect.with_action(action, match)
