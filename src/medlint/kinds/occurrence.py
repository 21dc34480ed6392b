"""``occurrence``: too many (or too few) matches of a token per block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

import regex

from medlint.document import Document
from medlint.kinds._context import iter_matches
from medlint.kinds.base import Finding, compile_pattern, regex_field
from medlint.rulespec import Rule
from medlint.scopes import blocks


@dataclass(frozen=True)
class OccurrenceOptions:
    token: str = regex_field("")
    max: int = 0
    min: int = 0
    ignorecase: bool = False


class Occurrence:
    name: ClassVar[str] = "occurrence"
    Options: ClassVar[type[Any]] = OccurrenceOptions

    def compile(self, options: OccurrenceOptions, *, rule_name: str) -> regex.Pattern[str]:
        return compile_pattern(f"(?:{options.token})" if options.token else "(?!)", ignorecase=options.ignorecase)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        options: OccurrenceOptions = rule.options
        for block in blocks(doc, rule.scope):
            matches = [m for m in iter_matches(rule.compiled, block) if m.end() > m.start()]
            n = len(matches)
            if (options.max and n > options.max) or (options.min and n < options.min):
                if matches:
                    m = matches[0]
                    yield Finding(block.base + m.start(), block.base + m.end(), (n,))
                else:
                    yield Finding(block.base, block.base, (n,))
