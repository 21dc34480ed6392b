"""What building the rules computes from text, kept as plain data for the next build.

Compiling the Medical pack after a rule or lexicon edit spends most of its time
on a few pure functions of text: the inflected forms of a lexicon's words
(lemminflect), a lexicon's terms written as a prefix tree, the anchor words of
a pattern, a pattern's RE2 form. Their results are strings and lists of
strings, keyed here by a digest of their input (a word, the terms, the
pattern), so an edited lexicon or rule is simply a new key: nothing stale is
ever read.

The table is empty and unused unless :mod:`healthlint.cache` opens one for a
build (``--no-cache`` and the library compute everything). The cache keeps it
as signed JSON beside the compiled linter, keyed by healthlint's source and the
installed packages (a new lemminflect is a new table), and stores only the
entries the last build used.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")

#: kind -> key -> value, read from the cache; None when no build has one open
_READ: dict[str, dict[str, Any]] | None = None
#: what this build used or computed (what the cache stores for the next build)
_USED: dict[str, dict[str, Any]] = {}


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


@contextmanager
def building(table: dict[str, dict[str, Any]]) -> Iterator[dict[str, dict[str, Any]]]:
    """Inside the block, :func:`memo` answers from ``table``; yields what the block used."""
    global _READ, _USED
    saved = _READ, _USED
    _READ, _USED = table, {}
    try:
        yield _USED
    finally:
        _READ, _USED = saved


def memo(kind: str, key: str, compute: Callable[[], T], *, dump: Callable[[T], Any] = lambda v: v, load: Callable[[Any], T] = lambda v: v) -> T:
    """``compute()``, or its plain-data result (``dump``) of an earlier build (read back with ``load``)."""
    if _READ is None:
        return compute()
    table = _READ.get(kind)
    found = table.get(key, _MISSING) if isinstance(table, dict) else _MISSING
    if found is not _MISSING:
        try:
            value = load(found)
        except (TypeError, ValueError):  # a damaged entry: computed again
            found = _MISSING
    if found is _MISSING:
        value = compute()
        found = dump(value)
    _USED.setdefault(kind, {})[key] = found
    return value


_MISSING: Any = object()


def strings(value: Any) -> tuple[str, ...]:
    """A stored list of strings, checked."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("not a list of strings")
    return tuple(value)


def text_or_none(value: Any) -> str | None:
    """A stored pattern text or None, checked."""
    if value is not None and not isinstance(value, str):
        raise TypeError("not a pattern")
    return value


def words_or_none(value: Any) -> frozenset[str] | None:
    """A stored set of words (a sorted list) or None, checked."""
    return None if value is None else frozenset(strings(value))
