"""``capitalization``: a whole block must follow a case style ($title, $sentence ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds.base import Exceptions, Finding, compile_pattern, timed
from healthlint.model import Rule
from healthlint.scopes import blocks

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import ValeDialect

_WORD = regex.compile(r"[\p{N}\p{L}*]+[^\s]*")
_SMALL = frozenset(
    "a an and as at but by en for if in nor of on or per the to v vs via from into onto with over up down off out so yet".split()
)


@dataclass(frozen=True)
class CapitalizationOptions:
    match: str = "$title"
    style: str = "AP"
    exceptions: tuple[str, ...] = field(default=())
    indicators: tuple[str, ...] = field(default=(":",))
    threshold: float = 0.0
    prefix: str = ""
    vocab: bool = True


@dataclass(frozen=True, slots=True)
class Compiled:
    custom: regex.Pattern[str] | None
    prefix: regex.Pattern[str] | None
    exceptions: Exceptions
    exception_words: frozenset[str]
    #: a block is judged without its surrounding white space (Vale's judges the whole block)
    whole: ClassVar[bool] = False

    def judge(self, text: str, o: CapitalizationOptions) -> tuple[str, bool]:
        """The expected form of ``text`` and whether ``text`` already has it (healthlint's case styles)."""
        body = text
        if self.prefix is not None:
            m = timed(self.prefix.match, body)
            if m:
                body = body[m.end() :]
        return Capitalization._expected(body, o), Capitalization._ok(body, o, self, o.threshold or 0.8)


class Capitalization:
    name: ClassVar[str] = "capitalization"
    Options: ClassVar[type[Any]] = CapitalizationOptions

    def compile(self, options: CapitalizationOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled | ValeCompiled:
        if dialect is not None:
            return _vale_compiled(options, dialect)
        custom = None if options.match.startswith("$") else compile_pattern(options.match)
        prefix = compile_pattern(options.prefix) if options.prefix else None
        return Compiled(custom, prefix, Exceptions.build(list(options.exceptions), ignorecase=False), frozenset(options.exceptions))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled | ValeCompiled = rule.compiled
        for block in blocks(doc, rule.scope):
            text = block.text if c.whole else block.text.strip()
            if not text and not c.whole:
                continue
            expected, ok = c.judge(text, rule.options)
            if not ok:
                start = block.base + (0 if c.whole else len(block.text) - len(block.text.lstrip()))
                yield Finding(start, start + len(text), (text, expected), suggestions=(expected,))

    @staticmethod
    def _ok(text: str, o: CapitalizationOptions, c: Compiled, threshold: float) -> bool:
        if c.custom is not None:
            return bool(timed(c.custom.search, text)) or c.exceptions.hit(text)
        if o.match == "$lower":
            return text == text.lower() or c.exceptions.hit(text)
        if o.match == "$upper":
            return text == text.upper() or c.exceptions.hit(text)
        words = _WORD.findall(text)
        if not words:
            return True
        expected = _WORD.findall(Capitalization._expected(text, o))
        good = sum(1 for w, e in zip(words, expected) if w == e or w in c.exception_words or (w.isupper() and len(w) > 1))
        if o.match == "$sentence":
            first = words[0]
            if first[:1].islower() and first not in c.exception_words:
                return False
        return good / len(words) >= threshold

    @staticmethod
    def _expected(text: str, o: CapitalizationOptions) -> str:
        words = text.split(" ")
        out = []
        after_indicator = True
        for i, w in enumerate(words):
            if not w:
                out.append(w)
                continue
            if w in o.exceptions:
                out.append(w)
            elif o.match == "$sentence":
                out.append(w[:1].upper() + w[1:] if after_indicator else (w if w.isupper() else w.lower()))
            elif o.match == "$title":
                bare = w.lower().strip("\"'“”‘’()")
                small = bare in _SMALL and 0 < i < len(words) - 1 and not after_indicator
                out.append(w.lower() if small else w[:1].upper() + w[1:])
            elif o.match == "$lower":
                out.append(w.lower())
            elif o.match == "$upper":
                out.append(w.upper())
            else:
                out.append(w)
            after_indicator = any(w.endswith(ind) for ind in o.indicators)
        return " ".join(out)


_TOKEN = r"[\p{N}\p{L}*]+[^\s]*"
_LIST_NUMBER = regex.compile(r"^\d+\.$")
_AP_SMALL = frozenset("a an and as at but by en for if in nor of on or per so the to up v v. via vs vs. yet".split())
_CHICAGO_SMALL = _AP_SMALL | frozenset(
    "about above across after against along among around before behind below beneath beside between beyond "
    "down during except from inside into like near off onto out outside over past since through throughout "
    "till toward under underneath until upon with within without".split()
)


@dataclass(frozen=True, slots=True)
class ValeCompiled:
    match: str
    custom: regex.Pattern[str] | None
    exceptions: regex.Pattern[str] | None
    tokens: regex.Pattern[str]
    words: tuple[str, ...]
    indicators: tuple[str, ...]
    threshold: float
    prefix: regex.Pattern[str] | None
    chicago: bool
    whole: ClassVar[bool] = True

    def judge(self, text: str, o: CapitalizationOptions) -> tuple[str, bool]:
        return _vale_judge(text, self)


def _vale_compiled(options: CapitalizationOptions, ctx: ValeDialect) -> ValeCompiled:
    """Vale's ``NewCapitalization``: exceptions (+ vocabulary), threshold 0.8 by default."""
    from healthlint.kinds import vale_dialect

    exc = vale_dialect.exceptions_pattern(options.exceptions, ctx.accepted, options.vocab)
    tokens = vale_dialect.vcompile((exc.pattern + "|" if exc is not None else "") + _TOKEN)
    words = tuple(options.exceptions) + (tuple(ctx.accepted) if options.vocab else ())
    custom = None if options.match in ("$title", "$sentence", "$lower", "$upper") else vale_dialect.vcompile(options.match)
    prefix = vale_dialect.vcompile("^(?:" + options.prefix + ")") if options.prefix else None
    return ValeCompiled(options.match, custom, exc, tokens, words, tuple(options.indicators), options.threshold or 0.8, prefix, options.style == "Chicago")


def go_title(word: str) -> str:
    """Go's ``strings.Title``: upper-case every letter that follows a separator."""
    out = []
    prev_sep = True
    for ch in word:
        out.append(ch.upper() if prev_sep else ch)
        prev_sep = not (ch.isalnum() or ch == "_")
    return "".join(out)


def _title_case(text: str, c: ValeCompiled) -> str:
    parts = regex.split(r"(\s+)", text)
    idx = [i for i, p in enumerate(parts) if p and not p.isspace()]
    out = list(parts)
    for n, i in enumerate(idx):
        w = parts[i]
        bare = w.strip("\"'“”‘’()[]{}:;,.!?").lower()
        small = _CHICAGO_SMALL if c.chicago else _AP_SMALL
        if any(w == e for e in c.words):
            continue
        if 0 < n < len(idx) - 1 and bare in small and not parts[idx[n - 1]].endswith(":"):
            out[i] = w.lower()
        elif any(ch.isupper() for ch in w[1:]):
            out[i] = w[:1].upper() + w[1:]
        else:
            out[i] = "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
    return "".join(out)


def _sentence_case(text: str, c: ValeCompiled) -> str:
    out = []
    first = True
    for m in regex.finditer(r"\S+|\s+", text):
        w = m.group()
        if w.isspace():
            out.append(w)
            continue
        if any(w == e for e in c.words) or (w.isupper() and len(w) > 1):
            out.append(w)
        elif first:
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
        first = False
    return "".join(out)


def _strip_prefix(text: str, c: ValeCompiled) -> str:
    if c.prefix is not None:
        m = timed(c.prefix.search, text)
        if m:
            return text[m.end() :]
    return text


def _vale_judge(text: str, c: ValeCompiled) -> tuple[str, bool]:
    """The expected form of ``text`` and whether ``text`` already has it (Vale's case styles)."""
    from healthlint.kinds import vale_dialect

    if c.match == "$lower":
        return text.lower(), text == text.lower() or vale_dialect.is_match(c.exceptions, text)
    if c.match == "$upper":
        return text.upper(), text == text.upper() or vale_dialect.is_match(c.exceptions, text)
    if c.custom is not None:
        return c.match, timed(c.custom.search, text) is not None or vale_dialect.is_match(c.exceptions, text)
    body = _strip_prefix(text, c)
    if c.match == "$title":
        expected = _title_case(body, c)
        want = timed(c.tokens.findall, expected)
        count = words = 0
        for i, word in enumerate(timed(c.tokens.findall, body)):
            if i >= len(want) or word == want[i] or vale_dialect.is_match(c.exceptions, word) or word == word.upper():
                count += 1
            words += 1
        return expected, words == 0 or count / words >= c.threshold
    expected = _sentence_case(body, c)
    tokens = timed(c.tokens.findall, body.rstrip("?!.:"))
    count = words = 0
    for i, w in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else ""
        if vale_dialect.is_match(c.exceptions, w):
            count += 1
            words += 1
            continue
        if "-" in w:
            w = w.split("-")[0]
        elif "'" in w:
            w = w.split("'")[0]
        elif "’" in w:
            w = w.split("’")[0]
        indicated = bool(prev) and (any(prev.endswith(s) for s in c.indicators) or (i == 1 and _LIST_NUMBER.match(prev) is not None))
        if w == w.upper() or indicated or vale_dialect.is_match(c.exceptions, w):
            count += 1
        elif i == 0 and w != go_title(w.lower()):
            return expected, False
        elif i == 0 or w == w.lower():
            count += 1
        words += 1
    return expected, words == 0 or count / words >= c.threshold
