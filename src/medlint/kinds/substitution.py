"""``substitution``: a match of an observed term suggests its replacement (Vale's semantics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

import regex

from medlint.document import Document
from medlint.kinds import _claims
from medlint.kinds._context import iter_matches
from medlint.kinds.base import Exceptions, Finding, compile_pattern, phrase, regex_field, word_pattern
from medlint.rulespec import Rule
from medlint.scopes import blocks

_PLAIN = regex.compile(r"^[\p{L}\p{N} \-’']+$")
_CAPTURE = regex.compile(r"(?<!\\)\((?!\?)")


@dataclass(frozen=True)
class SubstitutionOptions(_claims.ClaimOptions):
    swap: dict[str, str] = regex_field({})
    ignorecase: bool = False
    nonword: bool = False
    exceptions: tuple[str, ...] = field(default=())
    vocab: bool = True
    capitalize: bool = False
    pos: str = ""


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str]
    keys: tuple[str, ...]
    suggestions: tuple[str, ...]
    exceptions: Exceptions
    key_patterns: tuple[regex.Pattern[str], ...]


def _non_capturing(key: str) -> str:
    return _CAPTURE.sub("(?:", key)


class Substitution:
    name: ClassVar[str] = "substitution"
    Options: ClassVar[type[Any]] = SubstitutionOptions

    def compile(self, options: SubstitutionOptions, *, rule_name: str) -> Compiled:
        keys = sorted(options.swap, key=len, reverse=True)
        groups = [f"({phrase(_non_capturing(k))})" for k in keys]
        pattern = compile_pattern(word_pattern(groups, nonword=options.nonword) or "(?!)", ignorecase=options.ignorecase)
        return Compiled(
            pattern,
            tuple(keys),
            tuple(options.swap[k] for k in keys),
            Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase),
            tuple(compile_pattern(phrase(k), ignorecase=options.ignorecase) for k in keys),
        )

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        options: SubstitutionOptions = rule.options
        for block in blocks(doc, rule.scope):
            for m in iter_matches(c.pattern, block):
                index = next((i for i, g in enumerate(m.groups()) if g is not None), None)
                if index is None:
                    continue
                observed = m.group(index + 1)
                start, end = m.start(index + 1), m.end(index + 1)
                suggestion = c.suggestions[index]
                if "$" in suggestion:
                    suggestion = c.key_patterns[index].sub(suggestion.replace("$", "\\"), observed, count=1)
                if options.capitalize and observed[:1].isupper():
                    suggestion = suggestion[:1].upper() + suggestion[1:]
                if self._already_correct(observed, suggestion, ignorecase=options.ignorecase):
                    continue
                if c.exceptions.hit(observed) or not _claims.keep(options, block, start, end):
                    continue
                replacement = suggestion.split("|")[0] if _PLAIN.match(suggestion.split("|")[0]) else None
                yield Finding(block.base + start, block.base + end, (suggestion, observed), replacement=replacement)

    @staticmethod
    def _already_correct(observed: str, suggestion: str, *, ignorecase: bool) -> bool:
        for option in suggestion.split("|"):
            if _PLAIN.match(option):
                if observed == option:
                    return True
            else:
                try:
                    if regex.fullmatch(option, observed):
                        return True
                except regex.error:
                    if observed == option:
                        return True
        return False
