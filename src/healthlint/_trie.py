"""A lexicon's terms as a tree of shared prefixes: ``cur(?:e[ds]?|ing)`` for "cure", "cured", "cures", "curing".

``regex`` tries the alternatives of a flat union one after the other at every
position; with the common prefixes factored out it reads each character once
per position, and compiles a far smaller program. The tree must match what the
flat union (:func:`healthlint.lexicon.flat_terms_pattern`) matches, and in the
same order when a longer pattern around it backtracks, so it is written only when
that can be shown:

- a term is cut into tokens as :func:`healthlint.lexicon.term_pattern` cuts it (a
  separator run, an apostrophe, one character), so both forms read the same text;
- the tokens leaving a node never match the same character, even when the pattern
  is searched without regard to case (otherwise two branches could both match and
  the tree would try them in another order than the union);
- where one term's tokens begin another's, the union tries the longer one first
  (it is longer and is listed first), as the tree's greedy ``?`` does.

When any of these fails, :func:`trie_pattern` returns None and the flat union is used.
"""

from __future__ import annotations

import regex

_SPLIT = regex.compile(r"([\s\-‐‑]+|['’])")
_SEP_RE = regex.compile(r"[\s\-‐‑]+")
SEP = r"[\s\-‐‑]+"
APOS = "['’]"
#: tokens longer than this: the flat union (the tree is written recursively)
_MAX_TOKENS = 200


def tokens(term: str) -> list[str] | None:
    """``term`` as tokens: :data:`SEP`, :data:`APOS` or one literal character."""
    out: list[str] = []
    for piece in _SPLIT.split(term.strip()):
        if not piece:
            continue
        if piece in ("'", "’"):
            out.append(APOS)
        elif _SEP_RE.fullmatch(piece):
            out.append(SEP)
        else:
            out.extend(piece)
    return out if len(out) <= _MAX_TOKENS else None


class _Node:
    __slots__ = ("children", "first", "end")

    def __init__(self, first: int) -> None:
        self.children: dict[str, _Node] = {}
        #: the flat union's index of the first term through (or at) this node
        self.first = first
        #: the flat union's index of the first term ending here, or -1
        self.end = -1


def _fold(tok: str) -> str | None:
    """What ``tok`` matches without regard to case, as a key; None when that is not one character."""
    if tok in (SEP, APOS):
        return tok
    folded = tok.casefold()
    if len(folded) != 1 or len(tok.lower()) != 1 or len(tok.upper()) != 1:
        return None
    return folded


def trie_pattern(ordered: list[str]) -> str | None:
    """The alternation of ``ordered`` (the flat union's order) as a prefix tree, or None (see the module)."""
    from healthlint._memo import digest, memo, text_or_none

    return memo("trie", digest(*ordered), lambda: _trie_pattern(ordered), load=text_or_none)


def _trie_pattern(ordered: list[str]) -> str | None:
    root = _Node(0)
    for i, term in enumerate(ordered):
        toks = tokens(term)
        if not toks:
            return None
        node = root
        for tok in toks:
            child = node.children.get(tok)
            if child is None:
                child = node.children[tok] = _Node(i)
            node = child
        if node.end < 0:
            node.end = i
    if _check(root) is None:
        return None
    return _emit(root)


def _check(node: _Node) -> int | None:
    """The largest first-index of any term ending strictly below ``node`` (-1: none); None when unsafe."""
    groups: dict[str, list[_Node]] = {}
    deepest = -1
    for tok, child in node.children.items():
        key = _fold(tok)
        if key is None:
            return None
        groups.setdefault(key, []).append(child)
        below = _check(child)
        if below is None:
            return None
        deepest = max(deepest, below, child.end)
    if node.end >= 0 and deepest >= node.end:
        return None  # a longer term the union tries after this one
    for group in groups.values():
        if len(group) > 1 and not _apart([_folded(child) for child in group]):
            return None
    return deepest


def _folded(node: _Node) -> set[tuple[str, ...]]:
    """The terms below ``node``, as their remaining tokens case-folded."""
    out: set[tuple[str, ...]] = {()} if node.end >= 0 else set()
    for tok, child in node.children.items():
        key = _fold(tok) or tok
        out.update((key, *rest) for rest in _folded(child))
    return out


def _apart(branches: list[set[tuple[str, ...]]]) -> bool:
    """True when, read without regard to case, no branch's term begins another branch's longer term.

    Two branches that match the same character (``C`` and ``c``) are then never both
    alive at one position with different lengths, so the order they are tried in
    does not change what matches.
    """
    for i, mine in enumerate(branches):
        for j, other in enumerate(branches):
            if i != j:
                starts = {seq[:k] for seq in other for k in range(len(seq))}
                if mine & starts:
                    return False
    return True


def _emit(node: _Node) -> str:
    singles: list[str] = []
    parts: list[str] = []
    for tok, child in sorted(node.children.items(), key=lambda kv: kv[1].first):
        if not child.children and tok not in (SEP, APOS):
            singles.append(tok)
            continue
        lead = tok if tok in (SEP, APOS) else regex.escape(tok, special_only=True)
        parts.append(lead + _emit(child))
    if len(singles) == 1:
        parts.append(regex.escape(singles[0], special_only=True))
    elif singles:
        parts.append("[" + "".join(regex.escape(c) for c in singles) + "]")
    if not parts:
        return ""
    atom = len(parts) == 1 and (len(singles) > 1 or (len(singles) == 1 and len(parts[0]) == 1 or parts[0] in (SEP, APOS)))
    if len(parts) == 1 and node.end < 0:
        return parts[0]
    body = parts[0] if atom else "(?:" + "|".join(parts) + ")"
    return body + "?" if node.end >= 0 else body
