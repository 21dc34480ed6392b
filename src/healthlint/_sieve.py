"""Which of many small pre-filter patterns occur in a text at all, in one RE2 scan.

A run over many articles asks each pattern's RE2 finder (:mod:`healthlint.prefilter`)
for its candidate starts in every document. Most small patterns (the whole-article
checks' notices, dates, reviewer lines) have none in most documents, and a finder
that finds none still reads the whole text: about 5 ms per pattern per 4 MB,
0.12-0.16 s per pass over the 300-article corpus for the pack's ~28 small patterns.
An RE2 set of those patterns reads the text once (~0.01 s for the same corpus) and
says which of them match somewhere; the others have no candidate, which is what
their own scan would have found.

The set holds one more pattern, the empty one, which matches every text: RE2
answers "none" both when nothing matches and when its automaton runs out of
memory, so a reply without it is not trusted (each finder then scans on its own).
"""

from __future__ import annotations

from typing import Any, Callable

#: an RE2 form shorter than this (characters) joins the set: longer ones (lexicon unions) make
#: the set's automaton grow past its memory (the 300-article corpus: 6,000 -> 0.01 s a pass,
#: 13,000 -> 0.33 s, more than the scans it replaces)
SET_CHARS = 6_000
#: the set is (re)built when this many small finders are outside it, at most ``MAX_BUILDS`` times
#: a process (a build costs ~0.05 s; new finders appear over the first documents)
STALE = 3
MAX_BUILDS = 3


class Sieve:
    """An RE2 set of small finders' patterns, built from the finders known so far."""

    def __init__(self, re2: Any, finders: list[Any]) -> None:
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False
        options.max_mem = 48 << 20
        built = re2.Set.SearchSet(options)
        for f in finders:
            built.Add(f.source.encode("utf-8"))
        self._sentinel = built.Add(b"")
        built.Compile()
        self._set = built
        #: id(finder) -> its index in the set (the finders are kept, so their ids stay theirs)
        self.index = {id(f): i for i, f in enumerate(finders)}
        self._finders = finders

    def matching(self, data: bytes) -> frozenset[int] | None:
        """The indexes of the patterns that match somewhere in ``data``; None when RE2 could not tell."""
        try:
            found = self._set.Match(data)
        except Exception:  # noqa: BLE001  (any failure: each finder scans on its own)
            return None
        if not found or self._sentinel not in found:
            return None
        return frozenset(found)


#: the set of this process, the small finders outside it, and how many times it was built
_SIEVE: Sieve | None = None
_OUTSIDE: dict[int, Any] = {}
_BUILDS = 0


def joined(finder: Any) -> None:
    """Note a new small finder (it joins the set at the next build)."""
    _OUTSIDE[id(finder)] = finder


def current(re2: Any, finders: Callable[[], list[Any]], *, now: bool = False) -> Sieve | None:
    """The set to ask for a new text, built again when enough finders are outside it (``finders``
    lists every small finder of the process; ``now``: when any is); None when there is none."""
    global _SIEVE, _BUILDS
    if (len(_OUTSIDE) >= STALE and _BUILDS < MAX_BUILDS) or (now and _OUTSIDE):
        _BUILDS += 1
        _OUTSIDE.clear()
        try:
            _SIEVE = Sieve(re2, finders())
        except Exception:  # noqa: BLE001  (RE2 refused the set: every finder scans on its own)
            _SIEVE = None
    return _SIEVE
