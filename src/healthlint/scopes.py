"""Scopes: which blocks of a Document a rule reads.

A block is a piece of prose text with the source offset of its first
character, so a kind's match at ``i`` is at ``base + i`` in the source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, NamedTuple

from healthlint.document import Document, Segment, SegmentKind, Span
from healthlint.sentences import sentence_spans

#: every scope a rule may name (Vale's, plus healthlint's ``metadata`` and ``document``)
SCOPES = frozenset(
    {
        "text", "summary", "heading", "title", "paragraph", "sentence", "list", "table",
        "table.cell", "table.header", "blockquote", "alt", "metadata", "document", "raw",
        *(f"heading.h{i}" for i in range(1, 7)),
    }
)

_PROSE = frozenset(k for k in SegmentKind if k is not SegmentKind.ALT)


class Block(NamedTuple):
    text: str
    base: int
    segment: Segment | None


@lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[Span, ...]:
    return tuple(sentence_spans(text))


def sentences_of(segment: Segment) -> tuple[Span, ...]:
    """The sentences of a segment, relative to its text (cached)."""
    return _sentences(segment.text)


def _matches(seg: Segment, scope: str) -> bool:
    kind = seg.kind
    if scope in ("text", "summary", "sentence"):
        return kind in _PROSE
    if scope == "heading":
        return kind in (SegmentKind.HEADING, SegmentKind.TITLE)
    if scope.startswith("heading.h"):
        return kind is SegmentKind.HEADING and seg.level == int(scope[-1])
    if scope == "title":
        return kind is SegmentKind.TITLE or (kind is SegmentKind.HEADING and seg.level == 1)
    if scope == "table.header":
        return kind is SegmentKind.TABLE_CELL and "header" in seg.context
    if scope == "table.cell":
        return kind is SegmentKind.TABLE_CELL and "header" not in seg.context
    return kind.value == scope


@lru_cache(maxsize=4096)
def _hits(kind: SegmentKind, level: int, header: bool, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The scopes of ``wanted`` a segment of this kind, level and header-ness is in (``_matches`` reads no more)."""
    seg = Segment(kind, Span(0, 1), " ", ("header",) if header else (), level)
    return tuple(s for s in wanted if _matches(seg, s))


#: the blocks of the last document asked about, per scope tuple: every rule of the pack walks the
#: same sentences, and cutting them into blocks again for each rule cost a tenth of a corpus run
_LAST: tuple[Document | None, dict[tuple[str, ...], tuple[Block, ...]]] = (None, {})


def blocks(doc: Document, scopes: tuple[str, ...]) -> Iterator[Block]:
    """The blocks of ``doc`` in the given scopes, in document order, each once."""
    if "raw" in scopes:
        return iter((Block(doc.source, 0, None),))
    if "document" in scopes:
        return iter((Block(doc.prose, 0, None),))
    last = _LAST
    if last[0] is not doc:
        last = (doc, {})
        globals()["_LAST"] = last
    key = tuple(sorted(scopes))  # the blocks do not depend on the order the scopes are named in
    found = last[1].get(key)
    if found is None:
        found = last[1][key] = tuple(_blocks(doc, key))
    return iter(found)


@lru_cache(maxsize=4096)
def scope_matches(scopes: tuple[str, ...], block_scope: str) -> bool:
    """Vale's ``Scope.Matches``: dotted parts as a set, ``&`` conjunction, ``~`` negation."""
    sections = set(block_scope.split("."))
    for sel in scopes:
        ok = True
        for part in sel.split("&"):
            part = part.strip()
            neg = part.startswith("~")
            need = set(p.strip() for p in part.lstrip("~").split("."))
            contained = need <= sections
            if neg and not contained:
                if "raw" in sections or "summary" in sections:
                    ok = False
                    break
            elif (not neg and not contained) or (neg and contained):
                ok = False
                break
        if ok:
            return True
    return False


class BlockTable(NamedTuple):
    """The blocks of a document in some scopes, with what a walk that skips most of them needs."""

    blocks: tuple[Block, ...]
    bases: list[int]
    ends: list[int]
    #: the blocks whose text is not the document's prose at their base (entities decoded, a
    #: metadata text): a pre-filter's candidates in the prose say nothing about them
    misaligned: list[int]
    #: in order and not overlapping: a prose offset lies in one block at most, found by bisection
    ordered: bool


def block_table(doc: Document, scopes: tuple[str, ...]) -> BlockTable:
    """The :func:`blocks` of ``doc`` in ``scopes`` as a table (made once per document and scopes)."""
    key = ("table", *sorted(scopes))
    last = _LAST
    if last[0] is doc:
        found = last[1].get(key)
        if found is not None:
            return found  # type: ignore[return-value]
    table = tuple(blocks(doc, scopes))
    bases = [b.base for b in table]
    ends = [b.base + len(b.text) for b in table]
    prose = doc.prose
    misaligned = [i for i, b in enumerate(table) if not prose.startswith(b.text, b.base)]
    ordered = all(ends[i] <= bases[i + 1] and bases[i] <= bases[i + 1] for i in range(len(table) - 1))
    made = BlockTable(table, bases, ends, misaligned, ordered)
    if _LAST[0] is doc:
        _LAST[1][key] = made  # type: ignore[assignment]
    return made


def _blocks(doc: Document, scopes: tuple[str, ...]) -> Iterator[Block]:
    wanted = tuple(s for s in scopes if s not in ("metadata",))
    if not wanted:
        return
    for seg in doc.segments:
        if seg.scope:  # a block Vale's walker made: its scope name decides, as in Vale
            if scope_matches(scopes, seg.scope):
                yield Block(seg.text, seg.span.start, seg)
            continue
        hits = _hits(seg.kind, seg.level, "header" in seg.context, wanted)
        if not hits:
            continue
        if hits == ["sentence"] or (all(h == "sentence" for h in hits)):
            for span in sentences_of(seg):
                yield Block(seg.text[span.start : span.end], seg.span.start + span.start, seg)
        else:
            yield Block(seg.text, seg.span.start, seg)

