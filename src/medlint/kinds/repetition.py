"""``repetition``: the same token twice in a row ("the the")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

import regex

from medlint.document import Document
from medlint.kinds._context import iter_matches, sentence_of
from medlint.kinds.base import Exceptions, Finding, compile_pattern, regex_field
from medlint.rulespec import Rule
from medlint.scopes import blocks

_ALPHA = regex.compile(r"^\p{L}+$")


@dataclass(frozen=True)
class RepetitionOptions:
    tokens: tuple[str, ...] = regex_field(())
    max: int = 0
    ignorecase: bool = False
    alpha: bool = False
    exceptions: tuple[str, ...] = field(default=())
    vocab: bool = True


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str]
    exceptions: Exceptions


class Repetition:
    name: ClassVar[str] = "repetition"
    Options: ClassVar[type[Any]] = RepetitionOptions

    def compile(self, options: RepetitionOptions, *, rule_name: str) -> Compiled:
        body = "|".join(t for t in options.tokens if t) or "(?!)"
        return Compiled(
            compile_pattern(f"({body})", ignorecase=options.ignorecase),
            Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase),
        )

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        options: RepetitionOptions = rule.options
        for block in blocks(doc, rule.scope):
            prev: regex.Match[str] | None = None
            count = 0
            for m in iter_matches(c.pattern, block):
                word = m.group().strip()
                if not word or (options.alpha and not _ALPHA.match(word)):
                    prev, count = None, 0
                    continue
                if prev is not None and _same(prev.group().strip(), word, options.ignorecase):
                    count += 1
                    if count > options.max:
                        span_text = block.text[prev.start() : m.end()]
                        same_sentence = sentence_of(block, prev.start()) == sentence_of(block, m.start())
                        if same_sentence and not c.exceptions.hit(span_text):
                            yield Finding(block.base + prev.start(), block.base + m.end(), (word,))
                        count = 0
                else:
                    count = 0
                prev = m


def _same(a: str, b: str, ignorecase: bool) -> bool:
    return a.casefold() == b.casefold() if ignorecase else a == b
