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
    from healthlint.kinds import vale_dialect
    from healthlint.kinds.vale_dialect import ValeDialect


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
    exceptions: Exceptions | vale_dialect.Exceptions
    #: ``second`` captures the terms it defines (an acronym's expansion); else its presence in a block suffices
    defines: bool
    #: Vale's: the defined terms are shared by all the rules of a file, and an empty match counts too
    vale: bool = False


class Conditional:
    name: ClassVar[str] = "conditional"
    Options: ClassVar[type[Any]] = ConditionalOptions

    def compile(self, options: ConditionalOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        if dialect is not None:  # Vale's ``NewConditional`` (``ignorecase`` is read but not applied, as in Vale)
            from healthlint.kinds import vale_dialect

            exceptions = vale_dialect.Exceptions.build(options.exceptions, dialect, options.vocab)
            second = vale_dialect.vcompile(options.second)
            return Compiled(vale_dialect.vcompile(options.first), second, exceptions, _groups(options.second), vale=True)
        second_pattern = compile_pattern(options.second or "(?!)")
        exceptions = Exceptions.build(list(options.exceptions), ignorecase=False)
        return Compiled(compile_pattern(options.first or "(?!)"), second_pattern, exceptions, second_pattern.groups > 0)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        defined: set[str] = doc.shared.setdefault("sequences", set()) if c.vale else set()
        for block in blocks(doc, rule.scope):
            if not c.defines:
                if timed(c.second.search, block.text):
                    continue
            else:
                for m in iter_matches(c.second, block):
                    defined.update(g for g in m.groups() if g)
            for m in iter_matches(c.first, block):
                text = m.group()
                if (not text and not c.vale) or (c.defines and text in defined) or c.exceptions.hit(text, block.text, m.start(), m.end()):
                    continue
                yield Finding(block.base + m.start(), block.base + m.end(), (text,))


def _groups(pattern: str) -> bool:
    """Vale's test for a capturing group in ``second``: more ``(`` than ``(?`` and ``\\(`` together."""
    return pattern.count("(") > pattern.count("(?") + pattern.count("\\(")
