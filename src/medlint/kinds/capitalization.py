"""``capitalization``: a whole block must follow a case style ($title, $sentence ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

import regex

from medlint.document import Document
from medlint.kinds.base import Exceptions, Finding, compile_pattern
from medlint.rulespec import Rule
from medlint.scopes import blocks

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


class Capitalization:
    name: ClassVar[str] = "capitalization"
    Options: ClassVar[type[Any]] = CapitalizationOptions

    def compile(self, options: CapitalizationOptions, *, rule_name: str) -> Compiled:
        custom = None if options.match.startswith("$") else compile_pattern(options.match)
        prefix = compile_pattern(options.prefix) if options.prefix else None
        return Compiled(custom, prefix, Exceptions.build(list(options.exceptions), ignorecase=False), frozenset(options.exceptions))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        o: CapitalizationOptions = rule.options
        threshold = o.threshold or 0.8
        for block in blocks(doc, rule.scope):
            text = block.text.strip()
            if not text:
                continue
            lead = len(block.text) - len(block.text.lstrip())
            body = text
            if c.prefix is not None:
                m = c.prefix.match(body)
                if m:
                    body = body[m.end() :]
            if self._ok(body, o, c, threshold):
                continue
            start = block.base + lead
            yield Finding(start, start + len(text), (text, self._expected(body, o)))

    def _ok(self, text: str, o: CapitalizationOptions, c: Compiled, threshold: float) -> bool:
        if c.custom is not None:
            return bool(c.custom.search(text)) or c.exceptions.hit(text)
        if o.match == "$lower":
            return text == text.lower() or c.exceptions.hit(text)
        if o.match == "$upper":
            return text == text.upper() or c.exceptions.hit(text)
        words = _WORD.findall(text)
        if not words:
            return True
        expected = _WORD.findall(self._expected(text, o))
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
