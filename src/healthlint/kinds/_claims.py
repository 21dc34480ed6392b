"""Options and filtering shared by the kinds that match claim words."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from healthlint.document import Document, SegmentKind
from healthlint.kinds import _context
from healthlint.kinds.base import MATCH_TIMEOUT, regex_field
from healthlint.scopes import Block


@dataclass(frozen=True)
class ClaimOptions:
    """healthlint's additions to Vale's keys: context filters for claims."""

    #: drop a match with a negator earlier in its clause ("is not a cure")
    negation: bool = False
    #: drop a match in a sentence that ends with "?"
    questions: bool = False
    #: lower the level by one when the clause hedges ("may help")
    hedging: bool = False
    #: drop a quoted term that is talked about, not used ("avoid words like 'cure'")
    mentions: bool = False
    #: drop a match inside quotation marks or a blockquote (a person's own words)
    quoted: bool = False
    #: read the HTML <title> element (it repeats the page's headline for browsers and search engines)
    page_title: bool = True
    #: drop a hedged claim ("may help", "some people") instead of lowering its level
    skip_hedged: bool = False
    #: the words that negate a claim (default: healthlint's list); e.g. '{lexicon:negators}'
    negators: str = regex_field("")
    #: the words that hedge a claim (default: healthlint's list); e.g. '{lexicon:hedges}'
    hedges: str = regex_field("")
    #: a match that ``reporting_match`` matches is dropped when its sentence reports a fact
    #: (matches one of ``reporting``: a date, "the only", "approved for", "requires a
    #: prescription") and does not sell (matches none of ``selling``: "our", "we offer", a price)
    reporting: tuple[str, ...] = regex_field(())
    selling: tuple[str, ...] = regex_field(())
    #: which matches ``reporting`` applies to (default: every match of the rule)
    reporting_match: str = regex_field("")
    #: drop a match in a list item that a denial introduces or marks: the lead-in
    #: "It does NOT mean:" or "Myths:", or a cross before the item ("❌ No side effects"),
    #: and in a block labeled a myth ("Myth: it has no side effects")
    denied_lists: bool = False


def keep(options: ClaimOptions, block: Block, start: int, end: int) -> bool:
    """False when the context says this match is not a claim."""
    if not options.page_title and _context.in_page_title(block):
        return False
    if options.questions and _context.in_question(block, start):
        return False
    if options.negation and _context.negated(block, start, end, words=options.negators):
        return False
    if options.skip_hedged and _context.hedged(block, start, words=options.hedges):
        return False
    if options.mentions and _context.quoted_mention(block, start, end):
        return False
    if options.quoted and _context.in_direct_quote(block, start, end):
        return False
    if options.reporting and _context.reports(block, start, end, reporting=options.reporting, selling=options.selling, applies=options.reporting_match):
        return False
    return True


def level_for(options: ClaimOptions, block: Block, start: int, level: str) -> str | None:
    """A lowered level when the claim is hedged, else None (the rule's level)."""
    if not options.hedging or not _context.hedged(block, start, words=options.hedges):
        return None
    return {"error": "warning", "warning": "suggestion"}.get(level, "suggestion")


#: a list item marked as false: a cross or a "no" sign before its words
_CROSS = regex.compile(r"^\W*?[❌✗✘✕✖🚫⛔]")
#: a lead-in that denies what its list says ("It does NOT mean:", "Common myths:", "Don't believe:")
_DENIAL_LEAD = regex.compile(
    r"\b(?:not|never|no|don[’']t|doesn[’']t|isn[’']t|aren[’']t|myths?|misconceptions?|false|untrue)\b[^.!?]{0,80}:\s*$",
    regex.IGNORECASE,
)


#: a block that names itself a myth: "Myth: CBD has no side effects", "Myth #2 - It works for everyone"
_MYTH_LABEL = regex.compile(r"^\W*(?:myth|misconception|fiction|false)\s*(?:#?\s*\d+\s*)?[:.—–-]", regex.IGNORECASE)


def denied_list_item(doc: Document, block: Block) -> bool:
    """The match's block is labeled a myth, or a list item that its lead-in or a cross mark denies."""
    seg = block.segment
    if seg is None:
        return False
    if _MYTH_LABEL.match(seg.text):
        return True
    if seg.kind is not SegmentKind.LIST_ITEM:
        return False
    if _CROSS.match(seg.text):
        return True
    segments = doc.segments
    i = bisect_right(segments, seg.span.start, key=_segment_start) - 1
    while i >= 0 and segments[i].kind is SegmentKind.LIST_ITEM:
        i -= 1
    if i < 0:
        return False
    lead = segments[i].text.rstrip()
    return _DENIAL_LEAD.search(lead, max(0, len(lead) - 200), timeout=MATCH_TIMEOUT) is not None


def _segment_start(seg: object) -> int:
    return seg.span.start  # type: ignore[attr-defined]
