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
    from healthlint.kinds.vale_dialect import FileState, Hit, ValeContext


@dataclass(frozen=True)
class OccurrenceOptions:
    token: str = regex_field("")
    max: int = 0
    min: int = 0
    ignorecase: bool = False


class Occurrence:
    name: ClassVar[str] = "occurrence"
    Options: ClassVar[type[Any]] = OccurrenceOptions

    def vale_compile(self, options: Any, *, ctx: ValeContext, definition: dict[str, Any]) -> Any:
        return (vale_compile(options, ctx, definition), options)

    def vale_run(self, compiled: Any, text: str, state: FileState) -> Iterator[Hit]:
        return vale_run(compiled, text, state)

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


def vale_compile(options: OccurrenceOptions, ctx: ValeContext, definition: dict[str, Any]) -> regex.Pattern[str]:
    """Vale's ``NewOccurrence``: ``(?:token)``, no word boundaries, no exceptions."""
    from healthlint.kinds import vale_dialect

    return vale_dialect.vcompile(("(?i)" if options.ignorecase else "") + f"(?:{options.token})")


def vale_run(c: Any, text: str, state: FileState) -> Iterator[Hit]:
    from healthlint.kinds import vale_dialect

    options: OccurrenceOptions = c[1]
    locs = [m for m in vale_dialect.finditer(c[0], text)]
    n = len(locs)
    if not ((options.max > 0 and n > options.max) or (options.min > 0 and n < options.min)):
        return
    if n == 0:
        yield vale_dialect.Hit(0, 0, "", (n,), document=True)
        return
    for m in locs:
        if not m.group().strip():
            continue
        if not vale_dialect.is_code(m.group()):
            yield vale_dialect.Hit(m.start(), m.end(), m.group(), (n,))
            return
