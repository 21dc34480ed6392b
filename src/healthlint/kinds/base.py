"""The check-kind plug-in interface and the helpers every kind shares."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from dataclasses import dataclass, field
from time import process_time
from typing import Any, Callable, Iterator, TypeVar

import regex

from healthlint import prefilter
from healthlint.model import CheckKind as CheckKind, Finding as Finding  # re-exported: kinds import them from here too

_T = TypeVar("_T")

#: how long one pattern may search one block before the rule is stopped (seconds of CPU
#: time, as ``regex`` counts its ``timeout``: a loaded machine does not stop sound rules)
MATCH_TIMEOUT = 2.0
#: how long one rule's searches may take in all on one document (CPU seconds): a pattern
#: that takes just under MATCH_TIMEOUT on each of a thousand sentences is stopped too
RULE_BUDGET = 10.0

#: the search time left to the rule running now (set by the engine around each rule)
_budget: ContextVar[list[float] | None] = ContextVar("healthlint_rule_budget", default=None)


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[list[float]]:
    """Give the searches run inside the block ``seconds`` (RULE_BUDGET) in all; yields the time left."""
    left = [RULE_BUDGET if seconds is None else seconds]
    token = _budget.set(left)
    try:
        yield left
    finally:
        _budget.reset(token)


def search_timeout() -> float:
    """The time limit for the next search: MATCH_TIMEOUT, or what is left of the rule's budget."""
    left = _budget.get()
    if left is None:
        return MATCH_TIMEOUT
    if left[0] <= 0:
        raise TimeoutError("the rule's search time on this document is spent")
    return min(MATCH_TIMEOUT, left[0])


def budget() -> list[float] | None:
    """The running rule's search time left (one list per rule, changed in place), or None outside a rule."""
    return _budget.get()


def charge(seconds: float) -> None:
    """Count ``seconds`` of searching against the running rule's budget."""
    left = _budget.get()
    if left is not None:
        left[0] -= seconds


def timed(method: Callable[..., _T], *args: Any) -> _T:
    """Run a rule pattern's ``search``, ``match``, ``findall`` or ``sub`` within the rule's time limits.

    ``timed(c.named.search, text, a, b)`` is ``c.named.search(text, a, b)`` with a
    ``timeout`` and its time counted against the rule (never for ``finditer``, which is lazy).
    """
    start = process_time()
    try:
        return method(*args, timeout=search_timeout())
    finally:
        charge(process_time() - start)


def iter_search(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """The matches of a rule pattern in ``text``, lazily, each search within the rule's time limits.

    For a caller that stops at the first match that counts. Unlike ``finditer``
    (whose time limit also counts the caller's work between matches), each search
    is timed on its own; after an empty match the next search starts one
    character later.
    """
    pos = 0
    while pos <= len(text):
        m = timed(prefilter.search, pattern, text, pos)
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def all_matches(pattern: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
    """Every match of a rule pattern in ``text``, found within the rule's time limits.

    Collected before use: ``regex`` counts a ``finditer`` time limit from its start, so
    work done between matches would otherwise count against the pattern.
    """
    start = process_time()
    try:
        return list(pattern.finditer(text, timeout=search_timeout()))
    finally:
        charge(process_time() - start)


def regex_field(default: Any = "", **kw: Any) -> Any:
    """A dataclass field whose value (or each item) must be a valid pattern."""
    if isinstance(default, (list, dict, tuple)):
        return field(default_factory=lambda: type(default)(default), metadata={"regex": True, **kw})
    return field(default=default, metadata={"regex": True, **kw})


class PatternError(ValueError):
    """A pattern failed to compile; ``pos`` is the offset in the pattern."""

    def __init__(self, msg: str, pos: int | None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


#: ``regex`` writes out fixed repetitions when it compiles (``a{10000000}`` takes 2.6 GB, a rule
#: with ``a{99999999}`` would exhaust the machine): a pattern may grow by this many items at most
MAX_EXPANSION = 100_000
_COUNT = regex.compile(r"\{(\d+)(?:,\d*)?\}")


def check_expansion(pattern: str) -> None:
    """Raise :class:`PatternError` when ``pattern``'s repetition counts would blow up its compiled size."""
    if "{" not in pattern:
        return
    limit = len(pattern) + MAX_EXPANSION
    stack: list[int] = [0]  # the size of the group being read, innermost last
    last = 0  # the size of the item just read (what a quantifier repeats)
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            last = 1
        elif ch == "[":  # a class is one item: skip to its closing bracket
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            last = 1
        elif ch == "(":
            stack.append(0)
            i += 1
            last = 0
            continue
        elif ch == ")" and len(stack) > 1:
            last = stack.pop()
            i += 1
        elif ch == "{" and (m := _COUNT.match(pattern, i)):
            grown = last * max(int(m.group(1)), 1)
            stack[-1] += grown - last
            last = grown
            i = m.end()
            if stack[-1] > limit:
                raise PatternError(f"a repetition makes the pattern too large (more than {MAX_EXPANSION:,} items once written out)", i)
            continue
        else:
            i += 1
            last = 1
        stack[-1] += last
        if stack[-1] > limit:
            raise PatternError(f"a repetition makes the pattern too large (more than {MAX_EXPANSION:,} items once written out)", i)


def compile_pattern(pattern: str, *, ignorecase: bool = False) -> regex.Pattern[str]:
    """Compile with the ``regex`` module (Vale's flavour: look-behinds, inline flags).

    Compiled once per pattern and flag: a rule file's patterns are checked one by one when it
    loads and compiled again by its kind, and many rules share pieces.
    """
    return _compile_pattern(pattern, ignorecase)


@lru_cache(maxsize=2048)
def _compile_pattern(pattern: str, ignorecase: bool) -> regex.Pattern[str]:
    flags = int(regex.IGNORECASE) if ignorecase else 0  # an int: ``regex`` combines it faster than its enum
    check_expansion(pattern)
    from healthlint._regex_code import plain_flags

    try:
        with plain_flags():  # a pattern a kind compiles as it first runs parses as fast as the rules' own
            return regex.compile(_fix_inline_flags(pattern), flags)
    except regex.error as exc:
        raise PatternError(str(exc.msg if hasattr(exc, "msg") else exc), getattr(exc, "pos", None)) from None
    except (OverflowError, RecursionError, ValueError) as exc:
        raise PatternError(str(exc), None) from None


_MID_FLAGS = regex.compile(r"(?<!\\)\(\?([a-zA-Z]+)\)")


def _fix_inline_flags(pattern: str) -> str:
    """``regex`` rejects global flags after the start; scope them to the rest instead."""
    first = _MID_FLAGS.search(pattern)
    if first is None:
        return pattern
    out = []
    pos = 0
    opened = 0
    for m in _MID_FLAGS.finditer(pattern):
        if m.start() == 0:
            continue
        out.append(pattern[pos : m.start()])
        out.append(f"(?{m.group(1)}:")
        opened += 1
        pos = m.end()
    if not opened:
        return pattern
    out.append(pattern[pos:])
    return "".join(out) + ")" * opened


#: Vale's ``\b(?:...)\b``, except next to a superscript or fraction digit ("cure²"): ``\b`` holds
#: there but ``healthlint.tokens.words`` reads one word, and a rule's anchor words must agree with it
WORD_TEMPLATE = r"\b(?<!\p{{No}})(?:{})\b(?!\p{{No}})"


def word_pattern(tokens: list[str], *, nonword: bool = False) -> str:
    """Vale's word template: tokens joined into one alternation between ``\\b``."""
    body = "|".join(t for t in tokens if t)
    if not body:
        return ""
    return f"(?:{body})" if nonword else WORD_TEMPLATE.format(body)


#: an escape, a character class (kept as they are) or a run of spaces
_PHRASE_PART = regex.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]| +", regex.DOTALL)


def phrase(token: str) -> str:
    r"""Multi-word tokens match across any white space (line breaks, masked markup).

    A space inside a character class stays a space: ``[ \t]`` must not become
    ``[\s+\t]``, which also matches line breaks (and backtracks across blank lines).
    """
    return str(_PHRASE_PART.sub(lambda m: r"\s+" if m.group()[0] == " " else m.group(), token))


@dataclass(frozen=True, slots=True)
class Exceptions:
    """Vale's exception semantics: a match is dropped if an exception occurs in it."""

    pattern: regex.Pattern[str] | None

    @classmethod
    def build(cls, items: list[str], *, ignorecase: bool) -> Exceptions:
        items = sorted((i for i in items if i), key=len, reverse=True)
        if not items:
            return cls(None)
        return cls(compile_pattern(r"\b(?:" + "|".join(phrase(i) for i in items) + r")\b", ignorecase=ignorecase))

    def hit(self, text: str, *_: object) -> bool:
        """True when an exception occurs in ``text`` (a dialect's exceptions may also read the block and span after it)."""
        return self.pattern is not None and timed(self.pattern.search, text.strip()) is not None
