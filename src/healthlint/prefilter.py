"""An exact pre-check: can a pattern match anywhere in a segment?

Rules run per sentence, so a pattern is searched once per sentence, and
patterns that start with a look-behind (``(?<![\\w.,/])\\d…``, a 0–80
character ``(?<=…[^.!?]{0,80})``) are tried at every position of the text.
The *relaxed* pattern is the same pattern with its look-arounds and anchors
(``(?<=…)``, ``(?!…)``, ``^``, ``$``, ``\\A`` …) replaced by an empty group,
and atomic groups and possessive quantifiers made ordinary. Whatever the
pattern matches in a sentence, the relaxed one matches too (it only drops
constraints), and it looks at nothing outside what it consumes but for
``\\b`` and ``\\B``, which read one character on each side: when the
characters just outside the sentence are not word characters (sentences are
separated by white space), those read the same in the sentence and in its
segment. So when the relaxed pattern finds nothing in a segment, no sentence
of it can match, and the segment is skipped with one search instead of one
per sentence (and without the look-behind tried at every position).

Patterns this module cannot reason about (back-references, conditionals,
recursion, verbose mode, named lists, ``VERSION1`` sets) are never relaxed.
The check starts once a pattern has spent enough time searching to pay for
compiling its relaxed form (fast patterns on one article never pay), and
stops for a pattern whose relaxed form keeps matching (no gain). Either way the findings
are the same: the pre-check only ever skips work that would find nothing.
"""

from __future__ import annotations

from functools import lru_cache
from time import perf_counter

import regex

from healthlint._relax import _Bail, alternatives, relax

#: CPU time a pattern spends searching before its relaxed form is compiled (seconds): compiling
#: it and its alternatives costs about what compiling the pattern did (5-40 ms), so a one-article
#: run, which spends less than this in most patterns, never pays; a corpus run soon does
WARM_UP = 0.1
#: CPU time it spends before find_all races its two ways (a one-article run never pays for the race)
RACE_AFTER = 0.25
#: the relaxed search gives up (and the full search runs) after this long (seconds)
TIMEOUT = 0.05
_BAIL_FLAGS = regex.VERBOSE | regex.VERSION1 | regex.REVERSE | regex.FULLCASE | regex.WORD
_WORD = regex.compile(r"\w")


class _Relaxed:
    """A pattern's relaxed form, whole and as alternatives, and which of the two searches faster."""

    __slots__ = ("whole", "parts", "timing", "mode")

    def __init__(self, whole: regex.Pattern[str], parts: tuple[regex.Pattern[str], ...] | None) -> None:
        self.whole = whole
        self.parts = parts
        self.timing = [0.0, 0.0, 0]  # seconds whole, seconds parts, checks timed
        self.mode = "whole" if parts is None else "race"


class _State:
    __slots__ = ("spent", "relaxed", "checks", "hits", "off", "plan", "race")

    def __init__(self) -> None:
        self.spent = 0.0
        self.relaxed: _Relaxed | None = None
        self.checks = 0
        self.hits = 0
        self.off = False
        #: the alternatives whose start positions drive find_all; False: use finditer
        self.plan: tuple[regex.Pattern[str], ...] | bool | None = None  # None: not decided yet
        self.race = [0.0, 0.0, 0]  # seconds finditer, seconds find_all, calls timed


_STATES: dict[tuple[str, int], _State] = {}


def _state(pattern: regex.Pattern[str]) -> _State:
    key = (pattern.pattern, pattern.flags)
    state = _STATES.get(key)
    if state is None:
        state = _STATES[key] = _State()
    return state


def spent(pattern: regex.Pattern[str], seconds: float) -> None:
    """Record the time a full search of ``pattern`` took (the pre-check starts once it adds up)."""
    _state(pattern).spent += seconds


def _relaxed_of(pattern: regex.Pattern[str]) -> _Relaxed | None:
    if pattern.flags & _BAIL_FLAGS:
        return None
    text = relax(pattern.pattern)
    if text is None:
        return None
    try:
        whole = regex.compile(text, pattern.flags)
        alts = alternatives(text)
        parts = tuple(regex.compile(a, pattern.flags) for a in alts) if 1 < len(alts) <= 64 else None
    except (regex.error, ValueError, OverflowError, RecursionError, _Bail):
        return None
    if parts is None and text == pattern.pattern:
        return None  # nothing dropped, nothing split: no faster than the pattern itself
    return _Relaxed(whole, parts)


@lru_cache(maxsize=8192)
def _search(relaxed: regex.Pattern[str], text: str) -> bool:
    try:
        return relaxed.search(text, timeout=TIMEOUT) is not None
    except TimeoutError:
        return True  # unsure: let the full search decide


@lru_cache(maxsize=8192)
def _search_parts(parts: tuple[regex.Pattern[str], ...], text: str) -> bool:
    """Each alternative alone: ``regex`` scans fast for a pattern that starts with a literal, not for a union."""
    try:
        return any(p.search(text, timeout=TIMEOUT) is not None for p in parts)
    except TimeoutError:
        return True


def _hit(r: _Relaxed, text: str) -> bool:
    if r.mode == "whole":
        return _search(r.whole, text)
    if r.mode == "parts":
        assert r.parts is not None
        return _search_parts(r.parts, text)
    # race both for a while, then keep the faster (either answer is the same)
    t0 = perf_counter()
    a = _search(r.whole, text)
    t1 = perf_counter()
    assert r.parts is not None
    b = _search_parts(r.parts, text)
    t2 = perf_counter()
    r.timing[0] += t1 - t0
    r.timing[1] += t2 - t1
    r.timing[2] += 1
    if r.timing[2] >= 64:
        r.mode = "parts" if r.timing[1] < r.timing[0] else "whole"
    return a or b


def could_match(pattern: regex.Pattern[str], block_text: str, container: str, offset: int) -> bool:
    """False only when ``pattern`` cannot match in ``block_text`` (the slice of ``container`` at ``offset``)."""
    state = _state(pattern)
    if state.off:
        return True
    if state.relaxed is None:
        if state.spent < WARM_UP:
            return True
        state.relaxed = _relaxed_of(pattern)
        if state.relaxed is None:
            state.off = True
            return True
    end = offset + len(block_text)
    if offset < 0 or not container.startswith(block_text, offset):
        return True  # not a slice of that text after all: no claim
    if (offset > 0 and _WORD.match(container, offset - 1)) or (end < len(container) and _WORD.match(container, end)):
        return True  # \b at the slice's edge could read differently in the segment
    hit = _hit(state.relaxed, container)
    state.checks += 1
    state.hits += hit
    if state.checks >= 400 and state.hits * 4 > state.checks * 3:
        state.off = True  # it matches nearly everywhere: the pre-check only costs
    return hit


def find_all(pattern: regex.Pattern[str], text: str, timeout: float) -> list[regex.Match[str]]:
    """Exactly ``list(pattern.finditer(text))``, found faster for a union of slow alternatives.

    A match of the pattern starts where one of its alternatives, relaxed,
    matches (overlapped search: every start); ``regex`` scans for each
    alternative alone far faster than for the union (UncitedStatistic: 15
    alternatives, 0.25 -> 3 MB/s). The pattern itself is then matched at those
    starts only, left to right, as ``finditer`` would. The two ways race on the
    first calls (and must agree, or the fast one is dropped for good); the
    faster is kept.
    """
    state = _state(pattern)
    plan = state.plan
    if plan is None and state.relaxed is not None and state.spent >= RACE_AFTER:
        r = state.relaxed
        plan = state.plan = False if "\\G" in pattern.pattern else (r.parts or (r.whole,))
    if not isinstance(plan, tuple):
        return list(pattern.finditer(text, timeout=timeout))
    race = state.race
    if race[2] >= 32:
        if race[1] >= race[0]:
            state.plan = False
            return list(pattern.finditer(text, timeout=timeout))
        found = _emulate(pattern, plan, text, min(timeout, TIMEOUT))
        return found if found is not None else list(pattern.finditer(text, timeout=timeout))
    t0 = perf_counter()
    plain = list(pattern.finditer(text, timeout=timeout))
    t1 = perf_counter()
    fast = _emulate(pattern, plan, text, min(timeout, TIMEOUT))
    t2 = perf_counter()
    race[0] += t1 - t0
    race[1] += t2 - t1
    race[2] += 1
    if fast is not None and [(m.span(), m.groups()) for m in fast] != [(m.span(), m.groups()) for m in plain]:
        state.plan = False  # never expected; a safety net: the plain search is the reference
    return plain


def _emulate(pattern: regex.Pattern[str], plan: tuple[regex.Pattern[str], ...], text: str, timeout: float) -> list[regex.Match[str]] | None:
    """None when this way cannot say (an empty match, or slower than ``timeout``): search plainly."""
    starts: set[int] = set()
    out = []
    pos = 0
    try:
        for part in plan:
            starts.update(m.start() for m in part.finditer(text, overlapped=True, timeout=timeout))
        for start in sorted(starts):
            if start < pos:
                continue
            m = pattern.match(text, start, timeout=timeout)
            if m is None:
                continue
            if m.end() == start:
                return None  # an empty match: finditer's rules for what follows one are not emulated
            out.append(m)
            pos = m.end()
    except TimeoutError:
        return None
    return out
