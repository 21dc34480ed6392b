"""Clause, question and negation context around a match, shared by claim kinds."""

from __future__ import annotations

from typing import Iterator

import regex

from medlint.document import Span
from medlint.kinds.base import MATCH_TIMEOUT
from medlint.scopes import Block, sentences_of

_CLAUSE_BREAK = regex.compile(
    r"[,;:()\[\]—–]|\s-\s|\b(?:but|while|whilst|although|though|however|whereas|yet|unlike|instead)\b",
    regex.IGNORECASE,
)
_NEGATOR = regex.compile(
    r"\b(?:not|no|never|none|nothing|nor|neither|without|cannot|can['’]t|isn['’]t|aren['’]t|wasn['’]t|"
    r"weren['’]t|don['’]t|doesn['’]t|didn['’]t|won['’]t|hasn['’]t|haven['’]t|lacks?|lacking|unproven|"
    r"unlikely|far from|rather than|avoid|avoids|myths?|false|claims? (?:of|that)|claiming)\b",
    regex.IGNORECASE,
)
_HEDGE = regex.compile(
    r"\b(?:may|might|could|can help|appears?|seems?|suggests?|potential(?:ly)?|possibl[ey]|some (?:people|patients)|"
    r"in some cases|preliminary|early (?:research|evidence|studies))\b",
    regex.IGNORECASE,
)


def sentence_of(block: Block, start: int) -> tuple[int, int]:
    """The sentence containing block offset ``start``, as block offsets."""
    seg = block.segment
    if seg is None:
        return 0, len(block.text)
    rel = block.base - seg.span.start
    for span in sentences_of(seg):
        a, b = span.start - rel, span.end - rel
        if a <= start < b or (a <= start and start == b):
            return max(a, 0), min(b, len(block.text))
    return 0, len(block.text)


def in_question(block: Block, start: int) -> bool:
    """True when the match sits in a sentence that ends with a question mark."""
    a, b = sentence_of(block, start)
    tail = block.text[a:b].rstrip(" \"'”’)*")
    return tail.endswith("?")


def clause_before(block: Block, start: int) -> str:
    """The text from the start of the match's clause up to the match."""
    a, _ = sentence_of(block, start)
    window = block.text[a:start]
    last = None
    for m in _CLAUSE_BREAK.finditer(window):
        last = m
    return window[last.end() :] if last else window


def negated(block: Block, start: int, end: int) -> bool:
    """A negator in the same clause before the match, or right inside it."""
    before = clause_before(block, start)
    if _NEGATOR.search(before, timeout=MATCH_TIMEOUT):
        return True
    return False


def hedged(block: Block, start: int) -> bool:
    return _HEDGE.search(clause_before(block, start), timeout=MATCH_TIMEOUT) is not None


def iter_matches(pattern: regex.Pattern[str], block: Block) -> Iterator[regex.Match[str]]:
    """All matches of ``pattern`` in ``block``, each search bounded in time."""
    yield from pattern.finditer(block.text, timeout=MATCH_TIMEOUT)


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
