"""Where a rule pattern can match: RE2 lists the candidate starts, ``regex`` confirms there.

``regex`` runs the shipped patterns (look-behinds, long alternations) at
0.1-2 MB/s when asked to search; google-re2 runs a looser form of the same
pattern at 40-100 MB/s. So each pattern gets a *relaxed* form (its
look-arounds, anchors and ``\\b`` dropped, ``\\s`` ``\\d`` ``\\w`` widened to
hold every character ``regex`` puts in them): whatever the pattern matches,
the relaxed form matches too, and since it reads no context it matches
there in any text that contains the match. RE2 searches the document's
prose once per pattern for every position where the relaxed form can
start; a block (a sentence, a heading) is then searched by ``regex`` only at
those positions, left to right as ``finditer`` would, and not at all when
there are none. The findings are the same as a plain search's, which
``tests/test_prefilter.py`` checks on the seeds and both corpora.

A pattern a cached linter has not compiled yet is pre-filtered at once (its
relaxed form is far cheaper to build than the pattern itself, and a pattern
with no candidate in the document is never compiled). Any other pattern is
searched plainly until it has spent ``WARM_UP`` seconds of CPU
searching in this process, and never in a run on one short article:
compiling its relaxed form for RE2 and warming RE2's automaton cost more
than searching one article does; a corpus run, or a long article, soon
pays for it; in a text of ``AT_ONCE`` characters or more a finder is built at
once (a first plain search of 3 MB costs more than a second), and so it is in a
run of ``MANY`` documents or more. There, the finders of small patterns are first
asked of one RE2 set per text (:mod:`healthlint._sieve`): a pattern the set does
not find there has no candidate, without a scan of its own. Either way the
findings are the same.

Without google-re2 (no wheel for the platform) every pattern is searched
plainly by ``regex``, after one notice on standard error: slower, never
wrong (the relaxed forms in ``regex`` were measured slower than no pre-filter).
A pattern whose relaxed form cannot be written (back-references,
recursion, verbose mode, fuzzy matching ...) or matches the empty string is
searched plainly.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from contextlib import contextmanager
from contextvars import ContextVar
from time import process_time
from typing import Any, Iterator

import regex

from healthlint import _sieve
from healthlint._relax import relax, translate

_BAIL_FLAGS = regex.VERBOSE | regex.VERSION1 | regex.REVERSE | regex.FULLCASE | regex.WORD | regex.ASCII | regex.LOCALE | regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX

#: the engine that finds candidates: google-re2 when installed, else None (``regex`` does it)
_RE2: Any = None
_LOADED = False


def _re2() -> Any:
    global _RE2, _LOADED
    if not _LOADED:
        _LOADED = True
        try:
            import re2
        except ImportError:
            print(
                "healthlint: notice: google-re2 is not installed for this platform; rule patterns are "
                "searched with regex alone (slower, same findings)",
                file=sys.stderr,
            )
        else:
            _RE2 = re2
    return _RE2


def available() -> bool:
    """True when google-re2 is there (the first call prints a notice when it is not)."""
    return _re2() is not None


class _Finder:
    """A relaxed pattern compiled by RE2: ``search(data, pos)`` finds the next candidate in UTF-8 bytes."""

    __slots__ = ("search", "_raw", "_unanchored", "short", "source", "small", "sieved")

    def __init__(self, source: str, *, short: bool = False) -> None:
        #: built from the pattern's short form (:mod:`healthlint._prefix`): for one article only
        self.short = short
        self.source = source
        #: small enough for the RE2 set of small patterns (:mod:`healthlint._sieve`)
        self.small = not short and len(source) < _sieve.SET_CHARS
        #: asked of that set first: a small finder joins it when a run of many documents first
        #: asks it for candidates (one built but never asked, as :func:`ready` builds them for a
        #: rule whose words a corpus lacks, would only make the set's automaton larger: 28
        #: patterns 0.05 ms a text, 38 patterns 5.5 ms)
        self.sieved = False
        re2 = _re2()
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False  # RE2 would print to standard error (an automaton out of memory falls back quietly)
        # the long claim unions need more than the default 8 MB to stay DFAs (5-7x faster); more than
        # this only lets the automata grow with the articles read (300 articles, gaps cut: 48 MB
        # 149 MB peak, 32 MB 143 MB, same CPU; 16 MB: CPU x2.5)
        options.max_mem = 32 << 20
        compiled = re2.compile(source.encode("utf-8"), options)
        self.search = compiled.search
        # the compiled automaton's own search, without the wrapper's Match object (a fifth of the
        # cost per call: dense text has a candidate every few bytes); the wrapper if it changes
        self._raw = getattr(getattr(compiled, "_regexp", None), "Match", None)
        self._unanchored = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
        if self._unanchored is None:
            self._raw = None

    def next_start(self, data: bytes, pos: int) -> int:
        """The byte offset of the next candidate at or after ``pos`` in ``data``, or -1."""
        if self._raw is not None:
            return int(self._raw(self._unanchored, data, pos, len(data))[0][0])
        m = self.search(data, pos)
        return -1 if m is None else int(m.start())


#: CPU seconds a pattern searches plainly in a process before its candidate finder is built
#: (building it costs 1-40 ms, about what searching one article costs the slowest patterns)
WARM_UP = 0.01
#: a document this long (characters) pays for the finders of its slow patterns on its own
#: (one 8 kB article: the same CPU with finders or without; 35 kB: 0.56 s without, 0.29 s with)
LONG = 8_000
#: a text this long (characters) builds every finder before its first search: one plain search
#: of it costs more than the finder (3 MB of dense claims: 1.3 s of first searches)
AT_ONCE = 100_000
#: a run of this many documents (:func:`expect`) builds each finder on first use, with no warm-up
MANY = 16
#: documents scanned by this process so far
_DOCUMENTS = 0

#: documents this process is about to lint (:func:`expect`); with one, finders use short forms
_EXPECTED = 1
#: an RE2 form this long (characters) gets a short form (:func:`prepare`); RE2 builds a shorter
#: one in about 1 ms (rules' CPU on one 8 kB article: short forms from 1,500 characters 0.096 s,
#: from 4,000 0.111 s, for every pattern 0.099 s)
SHORT_FROM = 1_500
#: characters of each branch a short form keeps (one 8 kB article: RE2 0.15 s -> 0.045 s,
#: 66 -> 8,600 candidates for ``regex`` to confirm; 8 characters: 6,100 candidates, 0.05 s)
SHORT_BUDGET = 5
#: a text this long (characters) is pre-filtered with full forms even alone: a short form's extra
#: candidates grow with the text (CPU of one run, full/short: 3.5 kB 0.20/0.16 s, 8 kB 0.26/0.20 s,
#: 17 kB 0.25/0.23 s, 28 kB 0.27/0.28 s)
SHORT_TEXT = 20_000

#: (pattern text, flags) -> its finder, or None when the pattern is searched plainly
_FINDERS: dict[tuple[str, int], _Finder | None] = {}
#: (pattern text, flags) -> CPU seconds spent searching it plainly (until WARM_UP)
_SPENT: dict[tuple[str, int], float] = {}


def finder(pattern: Any) -> _Finder | None:
    """The candidate finder of a compiled rule pattern; None: search plainly (not warmed up, or none)."""
    key = (pattern.pattern, pattern.flags)
    try:
        found = _FINDERS[key]
    except KeyError:
        pass
    else:
        if found is None or not found.short or _one_article():
            return found
        del _FINDERS[key]  # a short form outlived its article: the full one finds fewer candidates
        return build(pattern)
    if not _uncompiled(pattern) and not _long() and not _many() and (_SPENT.get(key, 0.0) < WARM_UP or not _worth_it()):
        return None
    return build(pattern)


def expect(documents: int) -> None:
    """Say how many documents this process is about to lint (the CLI knows; one by default)."""
    global _EXPECTED
    _EXPECTED = documents


def _one_article() -> bool:
    """True while a process lints its only article: RE2's compile and first search of each
    pattern are then most of the cost, and a short form makes both cheap (see :mod:`healthlint._prefix`)."""
    scan = _SCAN.get()
    return _DOCUMENTS <= 1 and _EXPECTED <= 1 and scan is not None and len(scan.text) < SHORT_TEXT


def _uncompiled(pattern: Any) -> bool:
    """True for a pattern a cached linter has not compiled yet (see ``healthlint.cache.LazyPattern``).

    The cached linter keeps its RE2 form (:func:`prepare`) and ``regex``'s opcodes, so both
    compile in C; when RE2 finds no candidate in the document the pattern is never compiled
    at all. (One 8 kB article, every pattern searched plainly instead: 0.20 s of rules against
    0.16 s.) A linter pickled without those forms (built apart for this run only) is searched
    as one compiled here would be: making the forms of every pattern costs more (0.2 s).
    """
    state = getattr(pattern, "__dict__", None)  # a compiled ``regex`` pattern has none
    return state is not None and "match" not in state and state.get("prep") is not None


def _many() -> bool:
    """True in a run of ``MANY`` documents or more: every finder pays for itself over the run,
    so none is warmed up by plain searches first (300 articles: 0.19 s of plain searches)."""
    return _EXPECTED >= MANY


def _long() -> bool:
    """True while a long text is scanned: its first plain search would cost more than a finder."""
    scan = _SCAN.get()
    return scan is not None and len(scan.text) >= AT_ONCE


def _worth_it() -> bool:
    """A run on one short article builds no finder: RE2's compile and first scan would cost what they save."""
    scan = _SCAN.get()
    return _DOCUMENTS > 1 or (scan is not None and len(scan.text) >= LONG)


def build(pattern: Any) -> _Finder | None:
    """Build (once) the candidate finder of ``pattern``; None when it has none."""
    key = (pattern.pattern, pattern.flags)
    if key in _FINDERS:
        return _FINDERS[key]
    found: _Finder | None = None
    if _re2() is None:
        _FINDERS[key] = None
        return None
    prep = _prepared(pattern)
    source = prep[0] if prep is not None else re2_source(pattern.pattern, pattern.flags)
    if prep is not None and prep[2] and _one_article():
        found = _finder(prep[2], short=True)
    if found is None and source:
        found = _finder(source)
    _FINDERS[key] = found
    return found


def ready(pattern: Any) -> None:
    """Build now what a run of many documents needs for ``pattern`` (its finder and guard), so
    that forked workers share them instead of each building its own."""
    if build(pattern) is not None:
        _guard(pattern)


def seal() -> None:
    """Build now the RE2 set of the small patterns asked for candidates so far (see :mod:`healthlint._sieve`)."""
    if _re2() is not None:
        _sieve.current(_re2(), _sieved, now=True)


def _finder(source: str, *, short: bool = False) -> _Finder | None:
    try:
        found = _Finder(source, short=short)
    except Exception:  # RE2 rejects what it cannot run (a repetition over 1000, an unknown property)
        return None
    if found.search(b"") is not None:
        return None  # it matches nothing at all: every position is a candidate, no gain
    return found


def _sieved() -> list[_Finder]:
    return [f for f in _FINDERS.values() if f is not None and f.sieved]


def re2_source(pattern: str, flags: int) -> str | None:
    """The relaxed form of a pattern in RE2's dialect, or None when it has none."""
    from healthlint._memo import digest, memo, text_or_none

    return memo("re2", digest(pattern, str(int(flags))), lambda: _re2_source(pattern, flags), load=text_or_none)


def _re2_source(pattern: str, flags: int) -> str | None:
    source = relaxed_form(pattern, flags)
    if source is not None:
        from healthlint._prefix import cut_gaps

        source = cut_gaps(source) or source
    return source


def relaxed_form(pattern: str, flags: int) -> str | None:
    """The relaxed form in RE2's dialect before :func:`healthlint._prefix.cut_gaps` (RE2 runs the cut one:
    the 300-article corpus, peak memory 167 -> 149 MB, CPU the same or less)."""
    source = None if flags & _BAIL_FLAGS or "\\G" in pattern else relax(pattern)
    if source is not None:
        source = translate(source, ignorecase=bool(flags & regex.IGNORECASE), dotall=bool(flags & regex.DOTALL))
    return source


#: (pattern text, flags) -> what :func:`prepare` found for it in this process (a run that stores
#: the linter prepares every pattern once; its forked workers need not do it again)
_PREPARED: dict[tuple[str, int], tuple[str, Any, str]] = {}


def prepare(pattern: Any) -> tuple[str, Any, str]:
    """What a cached linter keeps beside a compiled pattern so that a run reads it as data:
    its RE2 form (``""`` when none), its leading guard (a compiled pattern, or None) and the
    short RE2 form used for one article (``""`` when none)."""
    key = (pattern.pattern, pattern.flags)
    found = _PREPARED.get(key)
    if found is None:
        source = re2_source(pattern.pattern, pattern.flags) or ""
        found = _PREPARED[key] = (source, _guard_pattern(pattern), _short_form(source))
    return found


def _prepared(pattern: Any) -> tuple[str, Any, str] | None:
    """A pattern's prepared forms: kept by a cached linter, or prepared in this process; else None."""
    return getattr(pattern, "prep", None) or _PREPARED.get((pattern.pattern, pattern.flags))


def _short_form(source: str) -> str:
    if len(source) < SHORT_FROM or _re2() is None:
        return ""
    from healthlint._prefix import shorten

    return shorten(source, SHORT_BUDGET) or ""  # one that matches the empty text is not used (see :func:`build`)


class _Scan:
    """One text (a document's prose) and the candidate starts of each pattern in it, found once."""

    __slots__ = ("text", "_data", "_starts", "known", "_sieve")

    def __init__(self, text: str) -> None:
        self.text = text
        self._data: bytes | None = None
        self._starts: dict[int, list[int]] = {}
        #: id(pattern) -> its candidate starts in the text (None: search it plainly), decided once
        #: per text: a rule searches every sentence, and most have no candidate
        self.known: dict[int, list[int] | None] = {}
        #: the RE2 set of small patterns asked for this text, and the indexes it found (None: not asked)
        self._sieve: tuple[_sieve.Sieve | None, frozenset[int] | None] | None = None

    def starts(self, f: _Finder) -> list[int] | None:
        """Every offset of the text where ``f``'s relaxed pattern can start, in order."""
        found = self._starts.get(id(f))
        if found is not None:
            return found
        if self._data is None:
            try:
                self._data = self.text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
                return None
        if f.small and not f.sieved and _many():
            f.sieved = True
            _sieve.joined(f)
        if f.sieved and self._absent(f):
            found = []
        else:
            found = _starts_in_bytes(f, self._data, self.text)
        self._starts[id(f)] = found
        return found


    def _absent(self, f: _Finder) -> bool:
        """True when the RE2 set of small patterns says ``f``'s does not occur in the text."""
        if self._sieve is None:
            sieve = _sieve.current(_re2(), _sieved)
            self._sieve = (sieve, sieve.matching(self._data) if sieve is not None and self._data is not None else None)
        sieve, found = self._sieve
        if sieve is None or found is None:
            return False
        i = sieve.index.get(id(f))
        return i is not None and i not in found


def _starts_in_bytes(f: _Finder, data: bytes, text: str) -> list[int]:
    next_start = f.next_start
    out: list[int] = []
    n = len(data)
    pos = 0
    while pos <= n:
        s = next_start(data, pos)
        if s < 0:
            break
        out.append(s)
        pos = s + 1
        while pos < n and data[pos] & 0xC0 == 0x80:  # to the next character, not into one
            pos += 1
    if len(data) != len(text) and out:  # byte offsets to character offsets, in one pass
        chars, last = 0, 0
        for i, b in enumerate(out):
            chars += len(data[last:b].decode("utf-8"))
            last = b
            out[i] = chars
    return out


#: the text being linted (a document's prose), set by the engine around its rules
_SCAN: ContextVar[_Scan | None] = ContextVar("healthlint_scan", default=None)


@contextmanager
def scanning(text: str) -> Iterator[None]:
    """Let the searches inside the block find their candidates in ``text`` once for all its blocks."""
    global _DOCUMENTS
    _DOCUMENTS += 1
    token = _SCAN.set(_Scan(text))
    try:
        yield
    finally:
        _SCAN.reset(token)


def _plain(pattern: Any, text: str, timeout: float) -> tuple[list[regex.Match[str]], float]:
    start = process_time()
    found = list(pattern.finditer(text, timeout=timeout))
    used = process_time() - start
    key = (pattern.pattern, pattern.flags)
    if key not in _FINDERS:
        _SPENT[key] = _SPENT.get(key, 0.0) + used
    return found, used


#: (pattern text, flags) -> the ``match`` of its leading look-behind, or None (see :mod:`healthlint._guard`)
_GUARDS: dict[tuple[str, int], Any] = {}

#: a text at least this long (characters) is confirmed with the pattern's bare copy
#: (:func:`healthlint._regex_code.bare`): ``regex``'s own look for a required literal would
#: read the rest of the text at each candidate (a statistic token with "fold" confirmed in a
#: 600 kB block of "12%": 215 µs a candidate with the hint, 1 µs without)
LONG_TEXT = 4_096
#: (pattern text, flags) -> ``match`` of its bare copy
_BARE: dict[tuple[str, int], Any] = {}


def _matcher(pattern: Any, length: int) -> Any:
    """``pattern.match``, or the same of its bare copy in a text of ``length`` at least :data:`LONG_TEXT`."""
    if length < LONG_TEXT:
        return pattern.match
    key = (pattern.pattern, pattern.flags)
    found = _BARE.get(key)
    if found is None:
        from healthlint._regex_code import bare

        found = _BARE[key] = bare(pattern).match
    return found


def _guard(pattern: Any) -> Any:
    """A cheap test a candidate start must pass for ``pattern`` to match there, or None."""
    key = (pattern.pattern, pattern.flags)
    try:
        return _GUARDS[key]
    except KeyError:
        pass
    prep = _prepared(pattern)
    compiled = prep[1] if prep is not None else _guard_pattern(pattern)
    found = None if compiled is None else compiled.match
    _GUARDS[key] = found
    return found


def _guard_pattern(pattern: Any) -> Any:
    from healthlint._guard import leading_guard

    from healthlint._regex_code import plain_flags

    source = leading_guard(pattern.pattern)
    if source is not None:
        try:
            with plain_flags():
                return regex.compile(source, int(pattern.flags) & ~int(regex.DEBUG))
        except (regex.error, ValueError):
            pass
    return None


def candidates(pattern: Any) -> tuple[str, list[int]] | None:
    """The text being scanned and every candidate start of ``pattern`` in it, once :func:`find_all`
    has decided them for this text; None: undecided, or searched plainly (ask :func:`find_all`).

    A block of that text at ``base`` with no start in ``[base, base + len(block))`` has no match:
    a caller walking many blocks skips those without a call per block.
    """
    scan = _SCAN.get()
    if scan is None:
        return None
    starts = scan.known.get(id(pattern))
    return None if starts is None else (scan.text, starts)


def find_all(pattern: Any, text: str, base: int, timeout: float) -> tuple[list[regex.Match[str]], float]:
    """Exactly ``list(pattern.finditer(text, timeout=timeout))``, searched only where it can match,
    and the CPU seconds ``regex`` took (none when nothing could match).

    ``text`` is a block at offset ``base`` of the text being scanned (see
    :func:`scanning`); any other text is searched plainly.
    """
    scan = _SCAN.get()
    if scan is None:
        return _plain(pattern, text, timeout)
    try:
        starts = scan.known[id(pattern)]
    except KeyError:
        f = finder(pattern)
        starts = scan.starts(f) if f is not None else None
        if starts is not None or _SPENT.get((pattern.pattern, pattern.flags), 0.0) >= WARM_UP:
            scan.known[id(pattern)] = starts  # a pattern still warming up is asked again
    if starts is None or not scan.text.startswith(text, base):
        return _plain(pattern, text, timeout)
    i = bisect_left(starts, base)
    end = base + len(text)
    if i == len(starts) or starts[i] >= end:
        return [], 0.0
    out = []
    pos = 0
    match = _matcher(pattern, len(text))
    guard = _guard(pattern)
    cpu = process_time()
    deadline = cpu + timeout
    for j in range(i, len(starts)):
        start = starts[j] - base
        if start >= len(text):
            break
        if start < pos:
            continue
        if guard is not None and start and guard(text, start, timeout=_left(deadline)) is None:
            continue
        m = match(text, start, timeout=_left(deadline))
        if m is None:
            continue
        if m.end() == start:  # an empty match: finditer's rule for what follows one is not emulated
            return _plain(pattern, text, timeout)
        out.append(m)
        pos = m.end()
    return out, process_time() - cpu


def _left(deadline: float) -> float:
    """The CPU seconds (as ``regex`` counts its ``timeout``) left until ``deadline`` to the next
    candidate's guard or match: ``finditer``'s limit is for the whole search, so the searches at
    its candidates share it. (A guard may be the whole pattern, and each candidate once had the
    whole limit, the guard none: ``(a+)+$`` took 11 s of a 2,000-character sentence, not 2.)"""
    left = deadline - process_time()
    if left <= 0:
        raise TimeoutError("regex timed out")
    return left


def search(pattern: Any, text: str, pos: int = 0, *, timeout: float) -> regex.Match[str] | None:
    """Exactly ``pattern.search(text, pos, timeout=timeout)``, tried only where it can match.

    Fast when ``text`` is the text being scanned (see :func:`scanning`); any other text is searched plainly.
    """
    scan = _SCAN.get()
    f = finder(pattern) if scan is not None and scan.text is text else None
    starts = scan.starts(f) if f is not None and scan is not None else None
    if starts is None:
        start = process_time()
        found = pattern.search(text, pos, timeout=timeout)
        key = (pattern.pattern, pattern.flags)
        if key not in _FINDERS:
            _SPENT[key] = _SPENT.get(key, 0.0) + process_time() - start
        return found
    first = bisect_left(starts, pos)
    if first == len(starts):
        return None  # no candidate: an uncompiled pattern stays so
    match = _matcher(pattern, len(text))
    guard = _guard(pattern)
    deadline = process_time() + timeout
    for j in range(first, len(starts)):
        if guard is not None and starts[j] and guard(text, starts[j], timeout=_left(deadline)) is None:
            continue
        m = match(text, starts[j], timeout=_left(deadline))
        if m is not None:
            return m
    return None
