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
    from healthlint.kinds.vale_dialect import FileState, Hit, ValeContext

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
    #: each key on its own, compiled when a suggestion needs its groups (``$1``)
    key_sources: tuple[str, ...]
    ignorecase: bool
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

    def vale_compile(self, options: SubstitutionOptions, *, ctx: ValeContext, definition: dict[str, Any]) -> Any:
        return vale_compile(options, ctx, definition)

    def vale_run(self, compiled: Any, text: str, state: FileState) -> Iterator[Hit]:
        return vale_run(compiled, text, state)

    def compile(self, options: SubstitutionOptions, *, rule_name: str) -> Compiled:
        keys = sorted(options.swap, key=len, reverse=True)
        groups = [f"({phrase(_non_capturing(k))})" for k in keys]
        pattern = compile_pattern(word_pattern(groups, nonword=options.nonword) or "(?!)", ignorecase=options.ignorecase)
        return Compiled(
            pattern,
            tuple(keys),
            tuple(options.swap[k] for k in keys),
            Exceptions.build(list(options.exceptions), ignorecase=options.ignorecase),
            tuple(phrase(k) for k in keys),
            options.ignorecase,
        )

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        options: SubstitutionOptions = rule.options
        for block, found in block_matches(c.pattern, doc, rule.scope):
            for m in found:
                index = next((i for i, g in enumerate(m.groups()) if g is not None), None)
                if index is None:
                    continue
                observed = m.group(index + 1)
                start, end = m.start(index + 1), m.end(index + 1)
                suggestion = c.suggestions[index]
                if "$" in suggestion:
                    key = compile_pattern(c.key_sources[index], ignorecase=c.ignorecase)
                    suggestion = timed(key.sub, suggestion.replace("$", "\\"), observed, 1)
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
                    check_expansion(option)
                    if timed(regex.compile(option).fullmatch, observed):
                        return True
                except (regex.error, PatternError):
                    if observed == option:
                        return True
        return False


_DOLLAR = regex.compile(r"\$\d+")


@dataclass(frozen=True, slots=True)
class ValeCompiled:
    pattern: regex.Pattern[str]
    keys: tuple[str, ...]
    repl: tuple[str, ...]
    exceptions: regex.Pattern[str] | None
    ignorecase: bool
    capitalize: bool
    action: Any


def vale_compile(options: SubstitutionOptions, ctx: ValeContext, definition: dict[str, Any]) -> ValeCompiled:
    """Vale's ``NewSubstitution``: keys longest first, each its own group, in the word template."""
    from healthlint.kinds import vale_dialect

    keys = sorted(options.swap, key=len, reverse=True)
    groups = []
    for key in keys:
        body = key
        if key.count("(") != key.count("(?") + key.count("\\("):
            body = _CAPTURE.sub("(?:", key)
        groups.append(f"({body})")
    template = vale_dialect.make_regexp(ctx.word_template, options.ignorecase, not options.nonword, "", True)
    pattern = vale_dialect.vcompile(vale_dialect.sprintf_template(template, "|".join(groups)))
    return ValeCompiled(
        pattern,
        tuple(keys),
        tuple(options.swap[k] for k in keys),
        vale_dialect.exceptions_pattern(options.exceptions, ctx.accepted, options.vocab),
        options.ignorecase,
        options.capitalize,
        definition.get("action") if isinstance(definition.get("action"), dict) else None,
    )


def _expected(c: ValeCompiled, index: int, observed: str) -> str:
    from healthlint.kinds import vale_dialect

    expected = c.repl[index]
    if c.capitalize and observed == vale_dialect.cap_first(observed):
        expected = vale_dialect.cap_first(expected)
    if not _DOLLAR.search(expected):
        return expected
    key = ("(?i)" if c.ignorecase else "") + c.keys[index]
    return vale_dialect.go_replace(vale_dialect.vcompile(key), observed, expected)


def _match_token(expected: str, observed: str) -> bool:
    from healthlint.kinds import vale_dialect

    if vale_dialect.is_phrase(expected):
        return expected == observed
    try:
        return vale_dialect.vcompile(f"^(?:{expected})$").search(observed) is not None
    except Exception:
        return expected == observed




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


def vale_run(c: ValeCompiled, text: str, state: FileState) -> Iterator[Hit]:
    from healthlint.kinds import vale_dialect

    replace = bool(c.action) and c.action.get("name") == "replace"
    params = [str(p) for p in (c.action.get("params") or [])] if c.action else []
    for m in vale_dialect.finditer(c.pattern, text):
        for g in range(1, len(c.keys) + 1):
            if m.start(g) < 0:
                continue
            observed = m.group(g)
            expected = _expected(c, g - 1, observed)
            same = observed in vale_dialect.options_of(expected) if replace else _match_token(expected, observed)
            if same or vale_dialect.is_match(c.exceptions, observed):
                continue
            convert = False
            suggestions: tuple[str, ...] = ()
            if replace and not params:
                opts = vale_dialect.options_of(expected)
                if c.capitalize and observed == vale_dialect.cap_first(observed):
                    opts = [vale_dialect.cap_first(o) for o in opts]
                suggestions = tuple(opts)
                expected = vale_dialect.to_sentence(opts, "or")
                convert = True
            elif not replace and not vale_dialect.is_phrase(expected):
                expected = recase(expected, observed)
            yield vale_dialect.Hit(m.start(g), m.end(g), observed, (expected, observed), convert_message=convert, suggestions=suggestions or (expected,))
