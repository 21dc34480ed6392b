"""``existence``: report every match of a list of tokens (Vale's semantics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

import regex

from medlint.document import Document
from medlint.kinds import _claims
from medlint.kinds._context import iter_matches
from medlint.kinds.base import Exceptions, Finding, compile_pattern, phrase, regex_field, word_pattern
from medlint.rulespec import Rule
from medlint.scopes import blocks


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
    exceptions: Exceptions


class Existence:
    name: ClassVar[str] = "existence"
    Options: ClassVar[type[Any]] = ExistenceOptions

    def compile(self, options: ExistenceOptions, *, rule_name: str) -> Compiled:
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
        for block in blocks(doc, rule.scope):
            for m in iter_matches(compiled.pattern, block):
                if m.end() == m.start() or compiled.exceptions.hit(m.group()):
                    continue
                if not _claims.keep(options, block, m.start(), m.end()):
                    continue
                level = _claims.level_for(options, block, m.start(), rule.level.value)
                yield Finding(block.base + m.start(), block.base + m.end(), (m.group(),), level=level)
