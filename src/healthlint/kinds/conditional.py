"""``conditional``: ``first`` must be accompanied by ``second`` (Vale's semantics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds._context import iter_matches
from healthlint.kinds.base import Exceptions, Finding, compile_pattern, regex_field, timed
from healthlint.model import Rule
from healthlint.scopes import blocks

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import FileState, Hit, ValeContext


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

    def vale_compile(self, options: Any, *, ctx: ValeContext, definition: dict[str, Any]) -> Any:
        return vale_compile(options, ctx, definition)

    def vale_run(self, compiled: Any, text: str, state: FileState) -> Iterator[Hit]:
        return vale_run(compiled, text, state)

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
                if timed(c.second.search, block.text):
                    continue
            else:
                for m in iter_matches(c.second, block):
                    defined.update(g for g in m.groups() if g)
            for m in iter_matches(c.first, block):
                text = m.group()
                if not text or (not presence and text in defined) or c.exceptions.hit(text):
                    continue
                yield Finding(block.base + m.start(), block.base + m.end(), (text,))


@dataclass(frozen=True, slots=True)
class ValeCompiled:
    first: regex.Pattern[str]
    second: regex.Pattern[str]
    second_has_group: bool
    exceptions: regex.Pattern[str] | None
    phrases: regex.Pattern[str] | None


def _has_capture_group(pattern: str) -> bool:
    return pattern.count("(") > pattern.count("(?") + pattern.count("\\(")


def vale_compile(options: ConditionalOptions, ctx: ValeContext, definition: dict[str, Any]) -> ValeCompiled:
    """Vale's ``NewConditional`` (``ignorecase`` is read but not applied, as in Vale)."""
    from healthlint.kinds import vale_dialect

    return ValeCompiled(
        vale_dialect.vcompile(options.first),
        vale_dialect.vcompile(options.second),
        _has_capture_group(options.second),
        vale_dialect.exceptions_pattern(options.exceptions, ctx.accepted, options.vocab),
        vale_dialect.phrase_pattern(options.exceptions, ctx.accepted, options.vocab),
    )


def vale_run(c: ValeCompiled, text: str, state: FileState) -> Iterator[Hit]:
    from healthlint.kinds import vale_dialect

    if not c.second_has_group:
        if c.second.search(text, timeout=vale_dialect.MATCH_TIMEOUT):
            return
    else:
        for m in vale_dialect.finditer(c.second, text):
            for g in m.groups():
                if g:
                    state.add(g)
    for m in vale_dialect.finditer(c.first, text):
        s = m.group()
        if c.second_has_group and s in state.seen:
            continue
        if vale_dialect.is_match(c.exceptions, s) or vale_dialect.within_phrase(c.phrases, text, m.start(), m.end()):
            continue
        yield vale_dialect.Hit(m.start(), m.end(), s, (s,))
