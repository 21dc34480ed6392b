"""Vale's dialect: how the rules of a Vale style are compiled and read.

A kind's ``compile`` takes a :class:`ValeDialect` for a Vale style's rule (None for
healthlint's own) and puts what differs into its compiled form (Vale's word
template and vocabulary exceptions, its sentence test, its message rules); its one
``check`` then reads the same ``Document`` in both dialects.

Vale compiles rule patterns with a .NET-style engine (``regexp2``) whose inline
flags are scoped to their enclosing group; the ``regex`` module behaves the
same way, so patterns are compiled as written (no rewriting). Offsets are code
points, as in Vale.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from healthlint.kinds.base import MATCH_TIMEOUT, PatternError, check_expansion

WORD_TEMPLATE = r"(?m)\b(?:%s)\b"
NONWORD_TEMPLATE = r"(?m)(?:%s)"


@dataclass(frozen=True)
class ValeDialect:
    """A Vale configuration's settings its styles' rules are compiled with."""

    #: accepted vocabulary terms (``accept.txt``), in file order
    accepted: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    #: ``WordTemplate`` from the configuration (empty: Vale's default)
    word_template: str = ""
    #: folders searched for dictionaries, ignore files and scripts
    styles_path: tuple[str, ...] = ()
    #: look for a system en_US dictionary for Vale.Spelling
    system_dictionaries: bool = True
    #: where unsupported features are reported (a callable taking a message)
    notice: Any = None


@lru_cache(maxsize=4096)
def vcompile(pattern: str) -> regex.Pattern[str]:
    """Compile a pattern the way Vale does (inline flags scoped as in .NET)."""
    check_expansion(pattern)
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise PatternError(str(getattr(exc, "msg", exc)), getattr(exc, "pos", None)) from None
    except (OverflowError, RecursionError, ValueError) as exc:
        raise PatternError(str(exc), None) from None


def sprintf_template(template: str, body: str) -> str:
    """``fmt.Sprintf(template, body)`` (so a stray ``%`` is mangled exactly as in Vale)."""
    from healthlint.gofmt import sprintf

    return sprintf(template, [body])


def make_regexp(template: str, nocase: bool, word: bool, callback: str, append: bool) -> str:
    """Vale's ``makeRegexp``: a word or non-word template, raw text before or after it."""
    rx = (template or WORD_TEMPLATE) if word else NONWORD_TEMPLATE
    rx = rx + callback if append else callback + rx
    return "(?i)" + rx if nocase else rx


def exceptions_pattern(previous: tuple[str, ...], accepted: tuple[str, ...], vocab: bool) -> regex.Pattern[str] | None:
    """Vale's ``updateExceptions``: rule exceptions (+ vocabulary), longest first, case-sensitive unless ``(?i)``."""
    terms = list(previous) + (list(accepted) if vocab else [])
    terms.sort(key=len, reverse=True)
    terms = [t if t.startswith("(?i)") else "(?-i)" + t for t in terms]
    if not terms:
        return None
    return vcompile(WORD_TEMPLATE.replace("%s", "|".join(terms), 1))


def phrase_pattern(previous: tuple[str, ...], accepted: tuple[str, ...], vocab: bool) -> regex.Pattern[str] | None:
    """Vale's ``buildPhraseRe``: multi-word exception terms, case-insensitive."""
    terms = list(previous) + (list(accepted) if vocab else [])
    phrases = [t for t in terms if " " in t or "\t" in t or r"\s" in t]
    if not phrases:
        return None
    try:
        return vcompile(r"(?i)\b(?:" + "|".join(phrases) + r")\b")
    except PatternError:
        return None


@dataclass(frozen=True, slots=True)
class Exceptions:
    """Vale's exceptions of a rule: a match an exception matches, or inside a multi-word exception, is dropped."""

    pattern: regex.Pattern[str] | None
    phrases: regex.Pattern[str] | None = None

    @classmethod
    def build(cls, terms: tuple[str, ...], dialect: ValeDialect, vocab: bool, *, phrases: bool = True) -> Exceptions:
        return cls(
            exceptions_pattern(terms, dialect.accepted, vocab),
            phrase_pattern(terms, dialect.accepted, vocab) if phrases else None,
        )

    def hit(self, match: str, text: str = "", start: int = 0, end: int = 0) -> bool:
        """``match`` is the matched text; ``text`` the block and ``start``, ``end`` the match's span in it."""
        return is_match(self.pattern, match) or within_phrase(self.phrases, text, start, end)


def with_action(action: Any, match: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The message arguments and the suggestions of a match: ``(match,)``, or ``(match, fix)`` when the rule has an action."""
    if not action:
        return (match,), ()
    fixed = fix_alert(action, match)
    return (match, fixed[0] if len(fixed) == 1 else (to_sentence(fixed, "or") if fixed else match)), tuple(fixed)


def one_sentence(block: Any, start: int, second: int, end: int) -> bool:
    """Vale's test that a repeat and its first occurrence are in one sentence (its segmenter, on the span)."""
    from healthlint.punkt import segment

    return len(segment(block.text[start:end])) == 1


def convert_message(message: str, args: tuple[Any, ...]) -> str:
    """Vale's ``convertMessage``: the first of two ``'%s'`` loses its quotes (it holds a list of quoted options)."""
    from healthlint.gofmt import format_message

    for spec in ("'%s'", '"%s"'):
        if message.count(spec) == 2:
            message = message.replace(spec, "%s", 1)
    return format_message(message, *args)


def is_match(pattern: regex.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text, timeout=MATCH_TIMEOUT) is not None


def within_phrase(pattern: regex.Pattern[str] | None, text: str, start: int, end: int) -> bool:
    if pattern is None:
        return False
    return any(m.start() <= start and end <= m.end() for m in pattern.finditer(text, timeout=MATCH_TIMEOUT))


def is_phrase(text: str) -> bool:
    """Vale's ``core.IsPhrase``: letters, digits, spaces and hyphens only."""
    return all(ch.isalpha() or ch.isdigit() or ch in " -" for ch in text)


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def to_sentence(words: list[str], joiner: str) -> str:
    """Vale's ``core.ToSentence``: ``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    quoted = [f"'{w}'" for w in words]
    if len(quoted) <= 1:
        return quoted[0] if quoted else ""
    if len(quoted) == 2:
        return f"{quoted[0]} {joiner} {quoted[1]}"
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def options_of(value: str) -> list[str]:
    """Vale's ``getOptions``: split on unescaped ``|``, drop empty parts."""
    temp = value.replace("\\|", "\x00")
    return [p.replace("\x00", "|") for p in temp.split("|") if p]


#: .NET's substitutions in a replacement (``$1``, ``${name}``, ``$$``); compiled when first used
_GO_REPL = r"\$(?:\{(\w+)\}|(\d+)|(\$))"


def go_replace(pattern: regex.Pattern[str], text: str, template: str) -> str:
    """``regexp2.Replace`` with .NET ``$1`` / ``${name}`` substitutions."""

    def expand(m: regex.Match[str]) -> str:
        def sub(r: regex.Match[str]) -> str:
            if r.group(3):
                return "$"
            key = r.group(1) or r.group(2)
            try:
                value = m.group(int(key) if key.isdigit() else key)
            except (IndexError, regex.error):
                return r.group()
            return value or ""

        return vcompile(_GO_REPL).sub(sub, template)

    return pattern.sub(expand, text, timeout=MATCH_TIMEOUT)


def fix_alert(action: Any, match: str) -> list[str]:
    """The suggestions Vale's ``FixAlert`` computes for an action (used in messages)."""
    if not action:
        return []
    name = str(action.get("name", "")) if isinstance(action, dict) else ""
    params = [str(p) for p in (action.get("params") or [])] if isinstance(action, dict) else []
    if name == "replace":
        return params
    if name == "remove":
        return [""]
    if name == "edit" and params:
        op = params[0]
        try:
            if op == "regex" and len(params) >= 3:
                return [go_replace(vcompile(params[1]), match, params[2])]
            if op == "trim_right" and len(params) >= 2:
                return [match.rstrip(params[1])]
            if op == "trim_left" and len(params) >= 2:
                return [match.lstrip(params[1])]
            if op == "trim" and len(params) >= 2:
                return [match.strip(params[1])]
            if op == "truncate" and len(params) >= 2:
                return [match.split(params[1])[0]]
            if op == "split" and len(params) >= 3:
                parts = match.split(params[1])
                idx = int(params[2])
                return [parts[idx]] if 0 <= idx < len(parts) else []
        except (PatternError, ValueError):
            return []
    if name == "convert" and params and params[0] == "simple":
        return [match]
    return []
