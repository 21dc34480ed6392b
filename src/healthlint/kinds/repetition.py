"""``repetition``: the same token twice in a row ("the the")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds._context import iter_matches, sentence_of
from healthlint.kinds.base import Exceptions, Finding, compile_pattern, regex_field
from healthlint.model import Rule
from healthlint.scopes import blocks

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import FileState, Hit, ValeContext

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

    def vale_compile(self, options: Any, *, ctx: ValeContext, definition: dict[str, Any]) -> Any:
        return vale_compile(options, ctx, definition)

    def vale_run(self, compiled: Any, text: str, state: FileState) -> Iterator[Hit]:
        return vale_run(compiled, text, state)

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


@dataclass(frozen=True, slots=True)
class ValeCompiled:
    pattern: regex.Pattern[str]
    exceptions: regex.Pattern[str] | None
    phrases: regex.Pattern[str] | None
    options: RepetitionOptions


def vale_compile(options: RepetitionOptions, ctx: ValeContext, definition: dict[str, Any]) -> ValeCompiled:
    """Vale's ``NewRepetition``: the tokens in one capturing group."""
    from healthlint.kinds import vale_dialect

    pattern = vale_dialect.vcompile(("(?i)" if options.ignorecase else "") + "(" + "|".join(options.tokens) + ")")
    return ValeCompiled(
        pattern,
        vale_dialect.exceptions_pattern(options.exceptions, ctx.accepted, options.vocab),
        vale_dialect.phrase_pattern(options.exceptions, ctx.accepted, options.vocab),
        options,
    )


def vale_run(c: ValeCompiled, text: str, state: FileState) -> Iterator[Hit]:
    from healthlint.kinds import vale_dialect
    from healthlint.punkt import segment

    o = c.options
    prev = ""
    ploc = (0, 0)
    count = 0
    for m in vale_dialect.finditer(c.pattern, text):
        curr = m.group().strip()
        if o.ignorecase:
            hit = curr != "" and curr.casefold() == prev.casefold()
        else:
            hit = curr != "" and curr == prev
        hit = hit and (not o.alpha or all(ch.isalpha() for ch in curr))
        if hit:
            count += 1
        if hit and count > o.max:
            span = text[ploc[0] : m.end()]
            if len(segment(span)) == 1:
                if not vale_dialect.is_match(c.exceptions, span) and not vale_dialect.within_phrase(c.phrases, text, ploc[0], m.end()):
                    yield vale_dialect.Hit(ploc[0], m.end(), span, (curr,))
                    count = 0
        ploc = (m.start(), m.end())
        prev = curr
