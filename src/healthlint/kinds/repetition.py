"""``repetition``: the same token twice in a row ("the the")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds._context import iter_matches, sentence_of
from healthlint.kinds.base import Exceptions, Finding, compile_pattern, regex_field
from healthlint.model import Rule
from healthlint.scopes import Block, blocks

if TYPE_CHECKING:
    from healthlint.kinds import vale_dialect
    from healthlint.kinds.vale_dialect import ValeDialect


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
    exceptions: Exceptions | vale_dialect.Exceptions
    #: whether a repeat and its first occurrence are in one sentence: (block, first start, second start, end)
    one_sentence: Callable[[Block, int, int, int], bool]
    #: Vale's count: repeats add up towards ``max`` even with other words between them, until one is reported
    vale: bool = False


def _one_sentence(block: Block, start: int, second: int, end: int) -> bool:
    return sentence_of(block, start) == sentence_of(block, second)


class Repetition:
    name: ClassVar[str] = "repetition"
    Options: ClassVar[type[Any]] = RepetitionOptions

    def compile(self, options: RepetitionOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        if dialect is not None:  # Vale's ``NewRepetition``: the tokens in one capturing group
            from healthlint.kinds import vale_dialect

            pattern = vale_dialect.vcompile(("(?i)" if options.ignorecase else "") + "(" + "|".join(options.tokens) + ")")
            return Compiled(pattern, vale_dialect.Exceptions.build(options.exceptions, dialect, options.vocab), vale_dialect.one_sentence, vale=True)
        body = "|".join(t for t in options.tokens if t) or "(?!)"
        return Compiled(
            compile_pattern(f"({body})", ignorecase=options.ignorecase),
            Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase),
            _one_sentence,
        )

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        options: RepetitionOptions = rule.options
        for block in blocks(doc, rule.scope):
            prev: regex.Match[str] | None = None
            count = 0
            for m in iter_matches(c.pattern, block):
                word = m.group().strip()
                if word and (word.isalpha() or not options.alpha) and prev is not None and _same(prev.group().strip(), word, options.ignorecase):
                    count += 1
                    if count > options.max:
                        a, b = prev.start(), m.end()
                        if c.one_sentence(block, a, m.start(), b) and not c.exceptions.hit(block.text[a:b], block.text, a, b):
                            yield Finding(block.base + a, block.base + b, (word,))
                            count = 0
                        elif not c.vale:
                            count = 0
                elif not c.vale:
                    count = 0
                prev = m


def _same(a: str, b: str, ignorecase: bool) -> bool:
    return a.casefold() == b.casefold() if ignorecase else a == b
