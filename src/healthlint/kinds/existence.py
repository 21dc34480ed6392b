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
    from healthlint.kinds.vale_dialect import FileState, Hit, ValeContext


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
    #: words one of which a text must hold for the rule to match there (None: always run); read
    #: from the pattern once, when the rule is compiled, and kept in a cached linter as plain data
    anchors: frozenset[str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anchors", pattern_anchors(self.pattern.pattern) if self.pattern is not None else frozenset())


class Existence:
    name: ClassVar[str] = "existence"
    Options: ClassVar[type[Any]] = ExistenceOptions

    def vale_compile(self, options: ExistenceOptions, *, ctx: ValeContext, definition: dict[str, Any]) -> Any:
        return vale_compile(options, ctx, definition)

    def vale_run(self, compiled: Any, text: str, state: FileState) -> Iterator[Hit]:
        return vale_run(compiled, text, state)

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
        for block, found in block_matches(compiled.pattern, doc, rule.scope):
            for m in found:
                if m.end() == m.start() or compiled.exceptions.hit(m.group()):
                    continue
                if not _claims.keep(options, block, m.start(), m.end()):
                    continue
                level = _claims.level_for(options, block, m.start(), rule.level.value)
                yield Finding(block.base + m.start(), block.base + m.end(), (m.group(),), level=level)


@dataclass(frozen=True, slots=True)
class ValeCompiled:
    pattern: regex.Pattern[str]
    exceptions: regex.Pattern[str] | None
    phrases: regex.Pattern[str] | None
    action: Any


def vale_compile(options: ExistenceOptions, ctx: ValeContext, definition: dict[str, Any]) -> ValeCompiled:
    """Vale's ``NewExistence``: tokens in the word template, ``raw`` before (or after) it."""
    from healthlint.kinds import vale_dialect

    vocab = options.vocab and not options.nonword
    tokens = [t for t in options.tokens if t.strip()]
    template = vale_dialect.make_regexp(
        ctx.word_template, options.ignorecase, not options.nonword and bool(options.tokens), "".join(options.raw), options.append
    )
    pattern = vale_dialect.vcompile(vale_dialect.sprintf_template(template, "|".join(tokens)))
    return ValeCompiled(
        pattern,
        vale_dialect.exceptions_pattern(options.exceptions, ctx.accepted, vocab),
        vale_dialect.phrase_pattern(options.exceptions, ctx.accepted, vocab),
        definition.get("action"),
    )


def vale_run(c: ValeCompiled, text: str, state: FileState) -> Iterator[Hit]:
    from healthlint.kinds import vale_dialect

    for m in vale_dialect.finditer(c.pattern, text):
        match = m.group()
        if not match:
            continue
        if vale_dialect.is_match(c.exceptions, match.strip()) or vale_dialect.within_phrase(c.phrases, text, m.start(), m.end()):
            continue
        if c.action:
            fixed = vale_dialect.fix_alert(c.action, match)
            repl = fixed[0] if len(fixed) == 1 else (vale_dialect.to_sentence(fixed, "or") if fixed else match)
            yield vale_dialect.Hit(m.start(), m.end(), match, (match, repl), suggestions=tuple(fixed))
        else:
            yield vale_dialect.Hit(m.start(), m.end(), match, (match,))
