"""Clause, question, negation and quotation context around a match, shared by claim kinds.

The unit is the sentence (never the line: "Ketamine cured my anxiety? While
ketamine may help ..." is a question followed by a claim), and inside it the
clause: a negator counts only when no clause break (a comma, "but",
"while" ...) lies between it and the match, so "While ketamine isn't
appropriate for panic disorder, it has established efficacy" is still a claim.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterator

import regex

from healthlint.document import Document, Span
from healthlint.kinds.base import MATCH_TIMEOUT, budget, charge, compile_pattern, search_timeout
from healthlint.prefilter import candidates, find_all
from healthlint.scopes import Block, BlockTable, block_table, sentences_of

_CLAUSE_BREAK = regex.compile(
    r"[,;:()\[\]—–]|\s-\s|--|\b(?:but|while|whilst|although|though|however|whereas|yet|unlike|instead|because|since|so that)\b"
    r"|\band\s+(?=(?:is|are|was|were|has|have|will|can)\b)"
    # "as" opening a clause of reason: "it won't make you addicted, as it is non-toxic"
    r"|\bas\s+(?=(?:it|they|this|these|that|he|she|we|you)\s+(?:is|are|was|were|has|have|does|do|can|will)\b)",
    regex.IGNORECASE,
)
_NEGATOR = regex.compile(
    r"\b(?:not(?!\s+only\b)|no(?!\s+(?:wonder|doubt|matter|more)\b)|never(?!\s+again\b)|none|nothing|nor|neither|without|cannot|"
    r"(?:ca|is|are|was|were|do|does|did|wo|has|have|had|should|could|would)n['’]?t|"
    r"lacks?|lacking|unproven|unlikely|far from|rather than|avoids?|myths?|false(?:ly)?|misleading|"
    r"claims? (?:of|that|to)|claiming|beware|wary|skeptical|suspicious|red flags?|scams?|too good to be true)\b",
    regex.IGNORECASE,
)
_HEDGE = regex.compile(
    r"\b(?:may|might|could|can help|appears?|seems?|suggests?|potential(?:ly)?|possibl[ey]|some (?:people|patients)|"
    r"in some cases|preliminary|early (?:research|evidence|studies))\b",
    regex.IGNORECASE,
)
#: "not intended to diagnose, treat, cure, or prevent": a negator governs a coordinated list
_LIST_ITEM = regex.compile(r"^\s*(?:(?:a|an|the|to|be)\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?\s*$")
_COORD = regex.compile(r",|\b(?:or|and|nor)\b", regex.IGNORECASE)
#: words that say a quoted term is mentioned, not used ("avoid words like 'cure'")
_MENTION_CUE = regex.compile(
    r"\b(?:words?|terms?|phrases?|language|wording|expressions?|vocabulary|buzzwords?|claims? (?:like|such as)|"
    r"avoid|never (?:say|use|write)|don['’]t (?:say|use|write)|instead of|rather than|red flags?|"
    r"watch (?:out )?for|beware|banned|forbidden|prohibited)\b",
    regex.IGNORECASE,
)
#: reported wording of an ad or a claim: the quotation is an example, not the writer's claim
_REPORTED_CUE = regex.compile(
    r"\b(?:ads?|adverts?|advertisements?|advertis\w+|marketing|commercials?|promised?|promises|promising|"
    r"claims?|claimed|claiming|labels?|packaging|slogans?|taglines?|headlines?|examples?|touts?|touted|boasts?|boasted|"
    r"compan(?:y|ies)|brands?|sellers?|makers?|manufacturers?|vendors?)\b",
    regex.IGNORECASE,
)
#: what may stand beside a quoted term in a list of them: conjunctions and punctuation
_LIST_GLUE = regex.compile(r"\b(?:and|or|etc|an?|the)\b|[\s,;:.…•*-]", regex.IGNORECASE)
_QUOTES = regex.compile(r"[\"“”](?P<a>[^\"“”\n]{1,300})[\"“”]|(?<![\p{L}\p{N}])['‘](?P<b>[^'‘’\n]{1,60})['’](?![\p{L}\p{N}])")


#: how far the context of a match reaches on each side within its sentence (characters): every
#: context check reads the sentence, so an endless one (3 MB of claims without a full stop) would
#: make the work grow with the square of its length; no real sentence is this long
SENTENCE_REACH = 500


def sentence_of(block: Block, start: int) -> tuple[int, int]:
    """The sentence containing block offset ``start``, as block offsets (at most SENTENCE_REACH on each side)."""
    a, b = _sentence_of(block, start)
    return max(a, start - SENTENCE_REACH), min(b, start + SENTENCE_REACH)


def _sentence_of(block: Block, start: int) -> tuple[int, int]:
    seg = block.segment
    if seg is None:
        return 0, len(block.text)
    rel = block.base - seg.span.start
    spans = sentences_of(seg)
    # the first sentence with a <= start <= b: the last one starting at or before it, or the one before that
    i = bisect_right(spans, start + rel, key=_span_start) - 1
    for span in spans[max(i - 1, 0) : i + 1]:
        a, b = span.start - rel, span.end - rel
        if a <= start < b or (a <= start and start == b):
            return max(a, 0), min(b, len(block.text))
    return 0, len(block.text)


def _span_start(span: Span) -> int:
    return span.start


def in_question(block: Block, start: int) -> bool:
    """True when the match sits in a sentence that ends with a question mark."""
    a, b = sentence_of(block, start)
    tail = block.text[a:b].rstrip(" \t\"'”’)*_")
    return tail.endswith("?")


def clause_before(block: Block, start: int) -> str:
    """The text from the start of the match's clause up to the match."""
    a, _ = sentence_of(block, start)
    window = block.text[a:start]
    last = None
    for m in _CLAUSE_BREAK.finditer(window, timeout=MATCH_TIMEOUT):
        last = m
    return window[last.end() :] if last else window


@lru_cache(maxsize=256)
def _words(pattern: str) -> regex.Pattern[str]:
    """A rule's own negator or hedge words (already expanded), compiled once."""
    return compile_pattern(pattern, ignorecase=True)


@lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...]) -> regex.Pattern[str] | None:
    """Several of a rule's context patterns (already expanded) as one, compiled once."""
    return compile_pattern("|".join(f"(?:{p})" for p in patterns), ignorecase=True) if patterns else None


def reports(block: Block, start: int, end: int, *, reporting: tuple[str, ...], selling: tuple[str, ...] = (), applies: str = "") -> bool:
    """The match's sentence reports a fact (a ``reporting`` cue) and sells nothing (no ``selling`` cue).

    ``applies`` limits the test to matches it matches in full ("FDA-approved", not "clinically proven").
    """
    if applies and not _words(applies).fullmatch(block.text, start, end, timeout=MATCH_TIMEOUT):
        return False
    a, b = sentence_of(block, start)
    cue = _any_of(reporting)
    if cue is None or not cue.search(block.text, a, b, timeout=MATCH_TIMEOUT):
        return False
    sells = _any_of(selling)
    return sells is None or not sells.search(block.text, a, b, timeout=MATCH_TIMEOUT)


def negated(block: Block, start: int, end: int, *, words: str = "") -> bool:
    """A negator in the same clause before the match, or one governing a list the match ends."""
    negator = _words(words) if words else _NEGATOR
    if negator.search(clause_before(block, start), timeout=MATCH_TIMEOUT):
        return True
    return _negated_list(block, start, negator)


def _negated_list(block: Block, start: int, negator: regex.Pattern[str]) -> bool:
    """ "not intended to diagnose, treat, cure, or prevent": the negation spans the list."""
    a, _ = sentence_of(block, start)
    before = block.text[a:start]
    negators = list(negator.finditer(before, timeout=MATCH_TIMEOUT))
    if not negators:
        return False
    gap = before[negators[-1].end() :]
    gap = regex.sub(r"^\s*(?:intended|meant|designed|used|able)?\s*(?:to|as|for)?\s", " ", gap)
    seps = list(_COORD.finditer(gap, timeout=MATCH_TIMEOUT))
    if not seps or gap[seps[-1].end() :].strip():
        return False
    pieces = [p for p in _COORD.split(gap)[:-1] if p.strip()]
    if not pieces or not all(_LIST_ITEM.match(p) for p in pieces):
        return False
    return len(pieces) >= 2 or seps[-1].group().lower() in ("or", "nor")


_FIRST_WORD = regex.compile(r"\S*")


def hedged(block: Block, start: int, *, words: str = "") -> bool:
    """A hedge ("may", "could", "some people") in the clause before the match or as its first word."""
    first = _FIRST_WORD.match(block.text, start)
    head = block.text[start : first.end()] if first else ""
    hedge = _words(words) if words else _HEDGE
    return hedge.search(clause_before(block, start) + head, timeout=MATCH_TIMEOUT) is not None


def quoted_mention(block: Block, start: int, end: int) -> bool:
    """The match is a quoted term being talked about ("avoid words like 'cure' and 'proven'")."""
    a, b = sentence_of(block, start)
    sentence = block.text[a:b]
    quotes = [m for m in _QUOTES.finditer(sentence, timeout=MATCH_TIMEOUT)]
    inside = None
    for m in quotes:
        g = "a" if m.group("a") is not None else "b"
        if m.start(g) + a <= start and end <= m.end(g) + a:
            inside = (m, g)
            break
    if inside is None:
        return False
    m, g = inside
    words = len(m.group(g).strip(" .,;:!?").split())
    rest = (sentence[: m.start()] + " " + sentence[m.end() :]).strip(" \t\r\n-–—:•*")
    if words <= 12 and _REPORTED_CUE.search(rest, timeout=MATCH_TIMEOUT):
        return True  # "one ad promised 'permanent relief in 3 days'"
    if words <= 12 and not _LIST_GLUE.sub("", rest).strip():
        return True  # a list item that is only a quoted phrase ("'a proven cure,' and"): an example
    if words > 6:
        return False  # a quoted sentence is a claim in someone's mouth, not a word in a list
    if len(quotes) >= 2:
        return True  # a list of quoted terms
    return _MENTION_CUE.search(rest, timeout=MATCH_TIMEOUT) is not None


def in_direct_quote(block: Block, start: int, end: int) -> bool:
    """The match lies inside quotation marks or a blockquote (a person's own words)."""
    seg = block.segment
    if seg is not None and seg.in_context("blockquote"):
        return True
    a, b = sentence_of(block, start)
    sentence = block.text[a:b]
    for m in _QUOTES.finditer(sentence, timeout=MATCH_TIMEOUT):
        g = "a" if m.group("a") is not None else "b"
        if m.start(g) + a <= start and end <= m.end(g) + a:
            return True
    return False


def in_page_title(block: Block) -> bool:
    """The block is an HTML document's <title> (inside <head>), not the article's headline."""
    seg = block.segment
    return seg is not None and seg.kind.value == "title" and "title" in seg.context


def iter_matches(pattern: regex.Pattern[str], block: Block) -> Iterator[regex.Match[str]]:
    """All matches of ``pattern`` in ``block``, each search bounded in time.

    The matches are collected before any is yielded: ``regex`` counts the time
    limit from the start of ``finditer``, so the caller's work between matches
    would otherwise count against the pattern and stop a sound rule on a long block.
    """
    found, used = find_all(pattern, block.text, block.base, search_timeout())
    charge(used)
    yield from found


def block_matches(pattern: regex.Pattern[str], doc: Document, scope: tuple[str, ...]) -> Iterator[tuple[Block, list[regex.Match[str]]]]:
    """Each block of ``doc`` in ``scope`` in which ``pattern`` matches, with its matches:
    ``iter_matches`` on every block, lazily, block by block.

    A rule reads a thousand sentences per article and its pattern has candidates in a few:
    once the pre-filter knows the pattern's candidate starts in the document, the walk goes
    from one block holding a candidate to the next (bisecting both lists), never calling per
    block. As ``iter_matches`` would on each block, a step stops the rule when its search
    time is spent.
    """
    table = block_table(doc, scope)
    blocks = table.blocks
    n = len(blocks)
    j = 0
    decided = None
    while j < n:  # until the pre-filter has decided (the first search does), one block at a time
        decided = candidates(pattern)
        if decided is not None:
            break
        block = blocks[j]
        j += 1
        found, used = find_all(pattern, block.text, block.base, search_timeout())
        charge(used)
        if found:
            yield block, found
    if decided is None:
        return
    scanned, starts = decided
    walk = _jumps(table, starts, j) if scanned is doc.prose and table.ordered else range(j, n)
    left = budget()
    for j in walk:
        if left is not None and left[0] <= 0:
            search_timeout()  # raises: the rule's search time on this document is spent
        if j < 0:
            continue  # a block passed over
        block = blocks[j]
        found, used = find_all(pattern, block.text, block.base, search_timeout())
        charge(used)
        if found:
            yield block, found


def _jumps(table: BlockTable, starts: list[int], j: int) -> Iterator[int]:
    """From block ``j`` on: the index of each block holding a candidate start or misaligned
    (searched as before), and -1 once for the blocks passed over after the last of them."""
    bases, ends, misaligned = table.bases, table.ends, table.misaligned
    n = len(bases)
    si = 0
    mi = bisect_left(misaligned, j)
    while j < n:
        cand = n
        si = bisect_left(starts, bases[j], si)
        while si < len(starts):
            k = bisect_right(bases, starts[si], j) - 1
            if starts[si] < ends[k]:
                cand = k
                break
            if k + 1 >= n:
                break
            si = bisect_left(starts, bases[k + 1], si)
        while mi < len(misaligned) and misaligned[mi] < j:
            mi += 1
        if mi < len(misaligned) and misaligned[mi] < cand:
            cand = misaligned[mi]
        if cand >= n:
            yield -1  # the rest holds no candidate: only the time check is left
            return
        yield cand
        j = cand + 1


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
