"""``occurrence``: too many (or too few) matches of a token per block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds._context import iter_matches
from healthlint.kinds.base import Finding, compile_pattern, regex_field
from healthlint.model import Rule
from healthlint.scopes import blocks

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import ValeDialect


@dataclass(frozen=True)
class OccurrenceOptions:
    token: str = regex_field("")
    max: int = 0
    min: int = 0
    ignorecase: bool = False


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str]
    #: Vale's counting: empty matches count, the alert lands on the first match that is not white
    #: space or masked code, and a block with no match at all is reported for the whole document
    vale: bool = False


class Occurrence:
    name: ClassVar[str] = "occurrence"
    Options: ClassVar[type[Any]] = OccurrenceOptions

    def compile(self, options: OccurrenceOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        if dialect is not None:  # Vale's ``NewOccurrence``: ``(?:token)``, no word boundaries, no exceptions
            from healthlint.kinds import vale_dialect

            return Compiled(vale_dialect.vcompile(("(?i)" if options.ignorecase else "") + f"(?:{options.token})"), vale=True)
        return Compiled(compile_pattern(f"(?:{options.token})" if options.token else "(?!)", ignorecase=options.ignorecase))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        options: OccurrenceOptions = rule.options
        c: Compiled = rule.compiled
        for block in blocks(doc, rule.scope):
            matches = [m for m in iter_matches(c.pattern, block) if c.vale or m.end() > m.start()]
            n = len(matches)
            if not ((options.max > 0 and n > options.max) or (options.min > 0 and n < options.min)):
                continue
            if not matches:
                yield Finding(block.base, block.base, (n,), document=c.vale)
                continue
            if c.vale:  # Vale's alert skips a match of masking characters only (``core.IsCode``)
                matches = [m for m in matches if m.group().strip() and m.group().strip("*@")]
            for m in matches[:1]:
                yield Finding(block.base + m.start(), block.base + m.end(), (n,))
