"""A pattern's leading one-character look-behind, checked before the pattern itself.

Many rule patterns open with ``(?<![\\w.,/$])``: a number or a word must not
continue one. Every match starts where that holds, so a candidate start where it
does not (the "2" of "12") cannot start a match; ``regex`` rejects it too, but
only after preparing the whole pattern for the attempt (15-20 microseconds for a
long pattern, against about one for the look-behind alone). Dense text (a number
every few characters) has as many such candidates as real ones.

:func:`leading_guard` returns the look-behind's source when it provably applies to
every match: each alternative of the pattern opens with such a look-behind, after
nothing but ``(?:`` groups (whose alternatives must do the same) that are not
repeated; the candidate must then pass one of them. Otherwise None.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import regex

_VERBOSE = regex.compile(r"\(\?[a-zA-Z]*x")
#: what a piece copied out of its pattern cannot hold: back-references, conditionals, group names
_UNSAFE = regex.compile(r"\\[1-9]|\\g|\(\?P?[=<>](?![=!])|\(\?\(|\(\?[a-zA-Z-]+[:)]|\(\?[&|]|\\G|\\K")
#: a longer look-behind (a lexicon, a bounded gap) costs about what the whole pattern does
_CHEAP = 60
#: the longest alternative copied whole into a guard
_WHOLE = 2_000


def class_end(s: str, i: int) -> int:
    """The offset just past the character class opening at ``s[i] == '['`` (-1: not closed)."""
    k = i + 1
    if k < len(s) and s[k] == "^":
        k += 1
    if k < len(s) and s[k] == "]":
        k += 1
    while k < len(s) and s[k] != "]":
        if s[k] == "[":
            return -1  # a nested set (VERSION1) or a POSIX class: not read here
        k += 2 if s[k] == "\\" else 1
    return k + 1 if k < len(s) else -1


def _structure(s: str) -> Iterator[tuple[int, str]]:
    """The offsets of ``(``, ``)`` and ``|`` in ``s`` outside escapes and classes; ``(k, "")``
    for a class that is not closed (nothing follows it)."""
    k = 0
    while k < len(s):
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = class_end(s, k)
            if k < 0:
                yield -1, ""
                return
            continue
        if c in "()|":
            yield k, c
        k += 1


def _split(s: str) -> list[str] | None:
    """``s``'s top-level alternatives (None: brackets that do not balance)."""
    out: list[str] = []
    depth = 0
    last = 0
    for k, c in _structure(s):
        if not c:
            return None
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            out.append(s[last:k])
            last = k + 1
    if depth:
        return None
    out.append(s[last:])
    return out


def _close(s: str) -> int:
    """The offset of the ``)`` closing the group that opens ``s``, or -1."""
    depth = 0
    for k, c in _structure(s):
        if not c:
            return -1
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _guards(seq: str, budget: list[int], *, depth: int) -> list[str] | None:
    """Assertions one of which holds where any match of the sequence ``seq`` starts, or None.

    A look-behind that opens ``seq`` (or opens every alternative of a group that opens
    it); failing that, for an alternative of the pattern or of the group that opens it
    (``depth`` 0 or 1), ``seq`` itself if it is short and can stand alone.
    """
    budget[0] -= 1
    if budget[0] < 0:
        return None
    if seq.startswith("(?<!") or seq.startswith("(?<="):
        close = _close(seq)
        if close > 0 and seq[close + 1 : close + 2] not in ("?", "*", "+", "{"):
            rest = seq[close + 1 :]
            if close + 1 > _CHEAP and depth <= 1 and rest and len(rest) <= _WHOLE and not _UNSAFE.search(rest):
                return [rest]  # a long look-behind costs what the pattern does: what follows it must match here
            return [seq[: close + 1]]
    elif seq.startswith("(?:"):
        close = _close(seq)
        if close > 0 and seq[close + 1 : close + 2] not in ("?", "*", "+", "{"):  # a repeated group may match nothing
            inner = _alternatives(seq[3:close], budget, depth=depth + 1)
            if inner is not None:
                return inner
    if depth <= 1 and seq and len(seq) <= _WHOLE and not _UNSAFE.search(seq):
        return [seq]  # no look-behind first: the alternative itself, which must match here
    return None


def _alternatives(s: str, budget: list[int], *, depth: int) -> list[str] | None:
    alts = _split(s)
    if alts is None:
        return None
    out: list[str] = []
    for alt in alts:
        found = _guards(alt, budget, depth=depth)
        if found is None:
            return None
        out += [g for g in found if g not in out]
    return out


@lru_cache(maxsize=1024)
def leading_guard(s: str) -> str | None:
    """A pattern one of whose look-behinds holds at the start of every match of ``s``, or None."""
    if "(?#" in s or _VERBOSE.search(s):
        return None  # comments: their brackets are not the pattern's
    found = _alternatives(s, [64], depth=0)
    if not found:
        return None
    found.sort(key=len)  # the cheap ones first: a candidate that passes one is not read further
    return found[0] if len(found) == 1 else "(?:" + "|".join(found) + ")"
