"""A rule's anchors: words, at least one of which must occur in a text for a pattern to match there.

The engine tokenizes each document once (:func:`healthlint.tokens.words`) and runs a
rule only where one of its anchors occurs, so an anchor set must never miss a
possible match. :func:`pattern_anchors` reads a pattern (the ``regex`` flavour rules
use) and returns a set of case-folded words such that every match contains one of
them as a whole word, cut as ``words()`` cuts it; or None when it cannot prove one.

How: the pattern is expanded into the finite set of texts it can match, with three
stand-ins: a separator (a character that is not part of a word: white space,
punctuation, or a word boundary the pattern asserts), and "anything" (``\\S+``, ``.``,
``\\w``, a large class, an unbounded repetition: characters that may extend a word).
A word counts only when both its neighbours are known separators. When the set grows
too large (a lexicon of 300 terms followed by another of 300), the analysis keeps the
best anchor set of one part of the concatenation instead.

``\\b`` alone is not a separator here: ``regex`` and ``words()`` disagree on
superscript and fraction digits ("cure²" is one word to ``words()``, while ``\\b``
holds between "e" and "²"). The word edges healthlint writes itself,
:data:`WORD_START` and :data:`WORD_END` (and :data:`healthlint.kinds.base.WORD_TEMPLATE`),
are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from healthlint.tokens import words

#: the start and end of a whole word, exactly as ``healthlint.tokens.words`` cuts words
WORD_START = r"(?<![\p{L}\p{N}\p{M}])"
WORD_END = r"(?![\p{L}\p{N}\p{M}])"
#: spellings of an exact word edge the analysis reads as a separator
_EDGES = (WORD_START, WORD_END, r"\b(?<!\p{No})", r"\b(?!\p{No})")

SEP = " "
ANY = "\x00"
#: the largest set of texts kept before the analysis falls back to one part's anchors
CAP = 4096
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")


class _Bail(Exception):
    """A construct the analysis does not read (conditionals, verbose mode ...)."""


@dataclass(frozen=True, slots=True)
class _Opaque:
    """Too many texts to list: any match holds one of ``anchors`` as a whole word (None: unknown)."""

    anchors: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class _Alt:
    """An alternation too large to list: kept as branches, so text around it still completes their words."""

    branches: tuple[Any, ...]


_SMALL = 64


def pattern_anchors(pattern: str) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` contains, or None."""
    return _cached(pattern)


@lru_cache(maxsize=4096)
def _cached(pattern: str) -> frozenset[str] | None:
    from healthlint._memo import digest, memo, words_or_none

    return memo("anchors", digest(pattern), lambda: _analyse(pattern), dump=_listed, load=words_or_none)


def _listed(found: frozenset[str] | None) -> list[str] | None:
    return None if found is None else sorted(found)


def _analyse(pattern: str) -> frozenset[str] | None:
    if not pattern:
        return None
    try:
        node = _Parser(pattern).parse()
    except (_Bail, IndexError, ValueError, RecursionError):
        return None
    return _anchors(node)


def union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """The anchors of an alternation of rules or tokens: None when any part has none."""
    if not sets or any(s is None for s in sets):
        return None
    out: set[str] = set()
    for s in sets:
        out |= s  # type: ignore[operator]
    return frozenset(out)


#: a whole word (a run of :data:`_WORD`) with no unknown text (:data:`ANY`) on either side
_BOUNDED_WORD = regex.compile(r"(?<![\p{L}\p{N}\p{M}\x00])[\p{L}\p{N}\p{M}]++(?!\x00)")


def _complete(text: str) -> list[str]:
    """The words of one expanded text that are bounded by known separators on both sides."""
    return _BOUNDED_WORD.findall(ANY + text.casefold() + ANY)


#: words so common that an anchor set holding them saves little: avoided when there is a choice
STOPWORDS = frozenset(
    "a all an and any are as at be by can do for from has have her his i if in is it its may more most my "
    "no not of on or our so than that the their them these they this those to was we were what when which "
    "will with you your".split()
)


def cost(anchors: frozenset[str] | None) -> float:
    """How much an anchor set lets through: common and very short words cost more; None is worst."""
    if anchors is None:
        return float("inf")
    return sum(100 if w in STOPWORDS else (4 if len(w) <= 2 else 1) for w in anchors)


def _anchors(node: Any) -> frozenset[str] | None:
    if isinstance(node, _Opaque):
        return node.anchors
    if isinstance(node, _Alt):
        return union([_anchors(b) for b in node.branches])
    per = [_complete(t) for t in node]
    if not per or any(not ws for ws in per):
        return None
    # one word per text: an uncommon word, then one many texts share, then a longer one
    counts: dict[str, int] = {}
    for ws in per:
        for w in set(ws):
            counts[w] = counts.get(w, 0) + 1
    chosen = {max(ws, key=lambda w: (w not in STOPWORDS, len(w) > 2, counts[w], len(w), w)) for ws in per}
    return frozenset(chosen)


def _best(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return a if cost(a) <= cost(b) else b


def _concat(parts: list[Any]) -> Any:
    acc: Any = frozenset({""})
    for part in _attach_separators(parts):
        acc = _join(acc, part)
    return acc


def _attach_separators(parts: list[Any]) -> list[Any]:
    """Copy each definite separator (a word edge, ``\\s+``) onto both its neighbours.

    When a concatenation is too large to list, each part is read on its own: a lexicon between
    two word edges must still know its words are whole.
    """
    out: list[Any] = []
    pending = ""
    for part in parts:
        if isinstance(part, frozenset) and len(part) == 1 and _separators_only(part):
            sep = next(iter(part))
            if out and isinstance(out[-1], frozenset):
                out[-1] = frozenset(t + sep for t in out[-1])
            pending += sep
            continue
        if pending:
            if isinstance(part, frozenset):
                part = frozenset(pending + t for t in part)
            elif not out or not isinstance(out[-1], frozenset):
                out.append(frozenset({pending}))
            pending = ""
        out.append(part)
    if pending and (not out or not isinstance(out[-1], frozenset)):
        out.append(frozenset({pending}))
    return out


def _join(a: Any, b: Any) -> Any:
    if isinstance(a, frozenset) and isinstance(b, frozenset) and len(a) * len(b) <= CAP:
        return frozenset(x + y for x in a for y in b)
    # text around a large alternation still bounds its branches' words: distribute it
    if isinstance(b, _Alt) and isinstance(a, frozenset) and len(a) <= _SMALL:
        return _Alt(tuple(_join(a, br) for br in b.branches))
    if isinstance(a, _Alt) and isinstance(b, frozenset) and len(b) <= _SMALL:
        return _Alt(tuple(_join(br, b) for br in a.branches))
    return _Opaque(_best(_anchors(a), _anchors(b)))


def _alternate(branches: list[Any]) -> Any:
    if all(isinstance(b, frozenset) for b in branches) and sum(len(b) for b in branches) <= CAP:
        out: set[str] = set()
        for b in branches:
            out |= b
        return frozenset(out)
    flat: list[Any] = []
    for b in branches:
        flat.extend(b.branches if isinstance(b, _Alt) else [b])
    return _Alt(tuple(flat))


def _separators_only(node: frozenset[str] | _Opaque) -> bool:
    return isinstance(node, frozenset) and all(t and not _WORD.search(t) and ANY not in t for t in node)


def _repeat(node: Any, lo: int, hi: int | None) -> Any:
    if isinstance(node, _Alt):
        node = _Opaque(_anchors(node))
    if isinstance(node, _Opaque):
        return node if lo >= 1 else frozenset({"", ANY})
    if _separators_only(node):
        return frozenset({SEP}) if lo >= 1 else frozenset({"", SEP})
    if hi is not None and hi <= 4 and len(node) ** max(hi, 1) <= CAP:
        out: set[str] = set()
        cur: frozenset[str] = frozenset({""})
        for k in range(hi + 1):
            if k >= lo:
                out |= cur
            cur = frozenset(a + b for a in cur for b in node)
        return frozenset(out)
    if lo >= 1:
        return frozenset(t + ANY for t in node)
    return frozenset({"", ANY})


_CLASS_ESCAPES = {"s": SEP, "t": SEP, "n": SEP, "r": SEP, "f": SEP, "v": SEP}
_SIMPLE = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = False

    def parse(self) -> frozenset[str] | _Opaque:
        node = self._alt()
        if self.i < len(self.p):
            raise _Bail("unbalanced")
        return node

    def _alt(self) -> frozenset[str] | _Opaque:
        branches = [self._seq()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self._seq())
        return branches[0] if len(branches) == 1 else _alternate(branches)

    def _seq(self) -> frozenset[str] | _Opaque:
        parts: list[frozenset[str] | _Opaque] = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            edge = next((e for e in _EDGES if self.p.startswith(e, self.i)), None)
            if edge is not None:
                self.i += len(edge)
                parts.append(frozenset({SEP}))
                continue
            atom = self._atom()
            if atom is None:
                self._quantified(frozenset({""}))  # a quantified assertion is still zero-width
                continue
            parts.append(self._quantified(atom))
        return _concat(parts) if parts else frozenset({""})

    def _quantified(self, atom: frozenset[str] | _Opaque) -> frozenset[str] | _Opaque:
        p = self.p
        while self.i < len(p):
            ch = p[self.i]
            if ch == "?":
                lo, hi = 0, 1
                self.i += 1
            elif ch == "*":
                lo, hi = 0, None
                self.i += 1
            elif ch == "+":
                lo, hi = 1, None
                self.i += 1
            elif ch == "{" and (m := regex.match(r"\{(\d*)(?:(,)(\d*))?\}", p[self.i :])) and (m.group(1) or m.group(3)):
                lo = int(m.group(1) or 0)
                hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
                self.i += m.end()
            else:
                return atom
            if self.i < len(p) and p[self.i] in "?+":
                self.i += 1  # lazy or possessive
            atom = _repeat(atom, lo, hi)
        return atom

    def _atom(self) -> frozenset[str] | _Opaque | None:
        p = self.p
        ch = p[self.i]
        if ch == "(":
            return self._group()
        if ch == "[":
            return self._class()
        if ch == "\\":
            return self._escape()
        self.i += 1
        if ch == ".":
            return frozenset({ANY})
        if ch in "^$":
            return frozenset({SEP})  # the start or end of the text or a line: nothing joins a word there
        if self.verbose and ch.isspace():
            return None
        return frozenset({ch})

    def _escape(self) -> frozenset[str] | _Opaque | None:
        p = self.p
        ch = p[self.i + 1]
        self.i += 2
        if ch in "bBKG":
            return None  # zero-width, proves nothing (see the module note on \b)
        if ch in "AZz":
            return frozenset({SEP})
        if ch in _CLASS_ESCAPES:
            return frozenset({SEP})
        if ch in "pPX":
            if self.i < len(p) and p[self.i] == "{":
                self.i = p.index("}", self.i) + 1
            else:
                self.i += 1 if ch in "pP" else 0
            return frozenset({ANY})
        if ch in "SwWdDhHRN" or ch.isdigit():
            if ch == "N" and self.i < len(p) and p[self.i] == "{":
                self.i = p.index("}", self.i) + 1
            return frozenset({ANY})
        if ch in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[ch]
            if ch == "x" and self.i < len(p) and p[self.i] == "{":
                end = p.index("}", self.i)
                code, self.i = p[self.i + 1 : end], end + 1
            else:
                code, self.i = p[self.i : self.i + width], self.i + width
            return frozenset({chr(int(code, 16))})
        if ch.isalpha():
            if ch in _SIMPLE:
                return frozenset({_SIMPLE[ch]})
            raise _Bail(f"escape \\{ch}")
        return frozenset({ch})

    def _class(self) -> frozenset[str] | _Opaque:
        p = self.p
        j = self.i + 1
        negated = j < len(p) and p[j] == "^"
        if negated:
            j += 1
        members: set[str] = set()
        wide = False
        first = True
        while j < len(p) and (p[j] != "]" or first):
            first = False
            ch = p[j]
            if ch == "[":
                raise _Bail("nested class")
            if ch == "\\":
                e = p[j + 1]
                j += 2
                if e in _CLASS_ESCAPES:
                    members.add(SEP)
                elif e in "pPN" and j < len(p) and p[j] == "{":
                    j = p.index("}", j) + 1
                    wide = True
                elif e.isalnum() and e not in "x":
                    if e in _SIMPLE:
                        members.add(_SIMPLE[e])
                    else:
                        wide = True
                else:
                    members.add(e)
                continue
            if j + 2 < len(p) and p[j + 1] == "-" and p[j + 2] != "]":
                lo, hi = ord(ch), ord(p[j + 2])
                if hi - lo > 40:
                    wide = True
                else:
                    members.update(chr(c) for c in range(lo, hi + 1))
                j += 3
                continue
            members.add(ch)
            j += 1
        self.i = j + 1
        if negated or wide or len(members) > 40:
            return frozenset({ANY})
        out = {SEP if (c.isspace() or c == SEP) else c for c in members}
        return frozenset(out)

    def _group(self) -> frozenset[str] | _Opaque | None:
        p = self.p
        self.i += 1
        zero_width = False
        if p.startswith("?", self.i):
            self.i += 1
            c = p[self.i]
            if c == "#":
                self.i = p.index(")", self.i) + 1
                return None
            if c in "=!":
                zero_width = True
                self.i += 1
            elif c == "<" and p[self.i + 1] in "=!":
                zero_width = True
                self.i += 2
            elif c in ":>|":
                self.i += 1
            elif c in "P<'" :
                if c == "P" and p[self.i + 1] in "=>":
                    raise _Bail("back reference")
                close = ">" if c != "'" else "'"
                self.i = p.index(close, self.i + 2 if c == "P" else self.i + 1) + 1
            elif c == "(":
                raise _Bail("conditional")
            else:
                m = regex.match(r"[a-zA-Z]*(?:-[a-zA-Z]*)?([:)])", p[self.i :])
                if m is None:
                    raise _Bail("group")
                if "x" in m.group().split("-")[0]:
                    raise _Bail("verbose")
                self.i += m.end()
                if m.group(1) == ")":
                    return None  # (?i): flags only
        node = self._alt()
        if self.i >= len(p) or p[self.i] != ")":
            raise _Bail("unclosed group")
        self.i += 1
        return None if zero_width else node
