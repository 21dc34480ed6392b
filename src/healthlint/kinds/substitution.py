"""``substitution``: a match of an observed term suggests its replacement (Vale's semantics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds import _claims
from healthlint.kinds._context import block_matches
from healthlint.anchors import pattern_anchors
from healthlint.kinds.base import Exceptions, Finding, PatternError, check_expansion, compile_pattern, phrase, regex_field, timed, word_pattern
from healthlint.model import Rule

if TYPE_CHECKING:
    from healthlint.kinds import vale_dialect
    from healthlint.kinds.vale_dialect import ValeDialect

_PLAIN = regex.compile(r"^[\p{L}\p{N} \-’']+$")
_CAPTURE = regex.compile(r"(?<!\\)\((?!\?)")
_ESCAPED = "\\("


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
    exceptions: Exceptions | vale_dialect.Exceptions
    #: each key on its own, compiled when a suggestion needs its groups (``$1``)
    key_sources: tuple[str, ...]
    ignorecase: bool
    capitalize: bool = False
    #: Vale's: a suggestion is capitalized before its ``$1`` is filled, a match is already right when
    #: the suggestion (a pattern) matches all of it, and a pattern suggestion is shown in its literal form
    vale: bool = False
    #: words one of which a text must hold for the rule to match there (None: always run); read
    #: from the pattern once, when the rule is compiled, and kept in a cached linter as plain data
    anchors: frozenset[str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anchors", pattern_anchors(self.pattern.pattern) if self.pattern is not None else frozenset())


def _non_capturing(key: str) -> str:
    return _CAPTURE.sub("(?:", key)


class Substitution:
    name: ClassVar[str] = "substitution"
    Options: ClassVar[type[Any]] = SubstitutionOptions

    def compile(self, options: SubstitutionOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        keys = sorted(options.swap, key=len, reverse=True)
        suggestions = tuple(options.swap[k] for k in keys)
        if dialect is not None:  # Vale's ``NewSubstitution``: keys longest first, each its own group, in the word template
            from healthlint.kinds import vale_dialect

            groups = [f"({k if k.count('(') == k.count('(?') + k.count(_ESCAPED) else _non_capturing(k)})" for k in keys]
            template = vale_dialect.make_regexp(dialect.word_template, options.ignorecase, not options.nonword, "", True)
            pattern = vale_dialect.vcompile(vale_dialect.sprintf_template(template, "|".join(groups)))
            exceptions = vale_dialect.Exceptions.build(options.exceptions, dialect, options.vocab, phrases=False)
            return Compiled(pattern, tuple(keys), suggestions, exceptions, tuple(keys), options.ignorecase, options.capitalize, vale=True)
        groups = [f"({phrase(_non_capturing(k))})" for k in keys]
        pattern = compile_pattern(word_pattern(groups, nonword=options.nonword) or "(?!)", ignorecase=options.ignorecase)
        exceptions = Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase)
        return Compiled(pattern, tuple(keys), suggestions, exceptions, tuple(phrase(k) for k in keys), options.ignorecase, options.capitalize)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        options: SubstitutionOptions = rule.options
        action = rule.action if isinstance(rule.action, dict) else None
        replace = action is not None and action.get("name") == "replace"
        listed = replace and not action.get("params")  # type: ignore[union-attr]
        if c.vale or action is not None:  # a Vale style's rule
            from healthlint.kinds import vale_dialect
        for block, found in block_matches(c.pattern, doc, rule.scope):
            for m in found:
                for group in range(1, len(c.keys) + 1):  # one group matches (a key's own groups do not capture)
                    if m.start(group) < 0:
                        continue
                    observed, start, end = m.group(group), m.start(group), m.end(group)
                    expected = _expected(c, group - 1, observed)
                    if observed in vale_dialect.options_of(expected) if replace else _already_correct(c, observed, expected):
                        continue
                    if c.exceptions.hit(observed) or not _claims.keep(options, block, start, end):
                        continue
                    first = expected.split("|")[0]
                    replacement = first if _PLAIN.match(first) else None
                    message, suggestions = None, (expected,)
                    if listed:  # Vale's action ``replace`` without values: the swap's alternatives, listed
                        opts = vale_dialect.options_of(expected)
                        if c.capitalize and observed == vale_dialect.cap_first(observed):
                            opts = [vale_dialect.cap_first(o) for o in opts]
                        expected = vale_dialect.to_sentence(opts, "or")
                        suggestions = tuple(opts) or (expected,)
                        message = vale_dialect.convert_message(rule.message, (expected, observed))
                    elif c.vale and not replace and not vale_dialect.is_phrase(expected):
                        expected = recase(expected, observed)
                        suggestions = (expected,)
                    yield Finding(block.base + start, block.base + end, (expected, observed), replacement=replacement, message=message, suggestions=suggestions)


_DOLLAR = regex.compile(r"\$\d+")


def _expected(c: Compiled, index: int, observed: str) -> str:
    """The suggestion for ``observed`` (its ``$1`` filled, capitalized when the rule says so)."""
    expected = c.suggestions[index]
    if c.vale:
        from healthlint.kinds import vale_dialect

        if c.capitalize and observed == vale_dialect.cap_first(observed):
            expected = vale_dialect.cap_first(expected)
        if not _DOLLAR.search(expected):
            return expected
        key = ("(?i)" if c.ignorecase else "") + c.keys[index]
        return vale_dialect.go_replace(vale_dialect.vcompile(key), observed, expected)
    if "$" in expected:
        key = compile_pattern(c.key_sources[index], ignorecase=c.ignorecase)
        expected = timed(key.sub, expected.replace("$", "\\"), observed, 1)
    if c.capitalize and observed[:1].isupper():
        expected = expected[:1].upper() + expected[1:]
    return expected


def _already_correct(c: Compiled, observed: str, suggestion: str) -> bool:
    if c.vale:  # Vale's ``matchToken``
        from healthlint.kinds import vale_dialect

        if vale_dialect.is_phrase(suggestion):
            return suggestion == observed
        try:
            return vale_dialect.vcompile(f"^(?:{suggestion})$").search(observed) is not None
        except Exception:
            return suggestion == observed
    for option in suggestion.split("|"):
        if _PLAIN.match(option):
            if observed == option:
                return True
        else:
            try:
                check_expansion(option)
                if timed(regex.compile(option).fullmatch, observed):
                    return True
            except (regex.error, PatternError):
                if observed == option:
                    return True
    return False


def recase(term: str, observed: str) -> str:
    """A regex suggestion shown as its literal form when that form fits the observed text."""
    literal: list[tuple[str, bool]] = []
    i = 0
    while i < len(term):
        ch = term[i]
        if ch == "\\" and i + 1 < len(term):
            nxt = term[i + 1]
            if nxt.isalnum():
                return term
            literal.append((nxt, False))
            i += 2
        elif ch in "[](){}|*+.^$":
            return term
        elif ch == "?":
            if not literal or literal[-1][1]:
                return term
            literal[-1] = (literal[-1][0], True)
            i += 1
        else:
            literal.append((ch, False))
            i += 1
    form = "".join(c for c, _ in literal)
    return form if form.lower() == observed.lower() else term
