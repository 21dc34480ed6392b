"""``conditional``: ``first`` must be accompanied by ``second`` (Vale's semantics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

import regex

from medlint.document import Document
from medlint.kinds._context import iter_matches
from medlint.kinds.base import Exceptions, Finding, compile_pattern, regex_field
from medlint.rulespec import Rule
from medlint.scopes import blocks


@dataclass(frozen=True)
class ConditionalOptions:
    first: str = regex_field("")
    second: str = regex_field("")
    exceptions: tuple[str, ...] = field(default=())
    ignorecase: bool = False
    vocab: bool = True


@dataclass(frozen=True, slots=True)
class Compiled:
    first: regex.Pattern[str]
    second: regex.Pattern[str]
    exceptions: Exceptions


class Conditional:
    name: ClassVar[str] = "conditional"
    Options: ClassVar[type[Any]] = ConditionalOptions

    def compile(self, options: ConditionalOptions, *, rule_name: str) -> Compiled:
        return Compiled(
            compile_pattern(options.first or "(?!)"),
            compile_pattern(options.second or "(?!)"),
            Exceptions.build(list(options.exceptions), ignorecase=False),
        )

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        defined: set[str] = set()
        presence = c.second.groups == 0
        for block in blocks(doc, rule.scope):
            if presence:
                if c.second.search(block.text):
                    continue
            else:
                for m in iter_matches(c.second, block):
                    defined.update(g for g in m.groups() if g)
            for m in iter_matches(c.first, block):
                text = m.group()
                if not text or (not presence and text in defined) or c.exceptions.hit(text):
                    continue
                yield Finding(block.base + m.start(), block.base + m.end(), (text,))
