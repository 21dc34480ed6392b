"""block_matches walks a scope's blocks as iter_matches on each block would, skipping only blocks that cannot match."""

from __future__ import annotations

import pytest

from healthlint import prefilter
from healthlint.api import Linter
from healthlint.kinds import base
from healthlint.kinds._context import block_matches, iter_matches
from healthlint.scopes import blocks

from test_prefilter import _files, _shipped_patterns

SCOPES = [("heading", "sentence", "list", "table", "blockquote"), ("paragraph",), ("sentence",)]


def test_block_matches_equal_iter_matches_on_every_block(engine: str) -> None:
    linter = Linter()
    patterns = _shipped_patterns(("existence", "citation", "substitution"))
    hits = 0
    for name, text in _files():
        doc = linter.parse(text, path=name)
        with prefilter.scanning(doc.prose):
            for pattern in patterns:
                for scope in SCOPES:
                    each = [(b.base, [m.span() for m in iter_matches(pattern, b)]) for b in blocks(doc, scope)]
                    each = [(at, found) for at, found in each if found]
                    walked = [(b.base, [m.span() for m in found]) for b, found in block_matches(pattern, doc, scope)]
                    assert walked == each, (name, pattern.pattern[:60], scope)
                    hits += len(walked)
    assert hits > 100  # the comparison saw matches, not only empty walks


def test_a_spent_budget_stops_the_walk_at_the_next_block(engine: str) -> None:
    linter = Linter()
    text = "A first sentence here. " + "Nothing to see in this one. " * 5 + "It cures everything."
    doc = linter.parse(text, path="a.txt")
    pattern = base.compile_pattern(r"\bcures\b")
    with prefilter.scanning(doc.prose), base.time_budget() as left:
        walk = block_matches(pattern, doc, ("sentence",))
        assert next(walk)[1][0].group() == "cures"  # the candidate's block, the others passed over
        left[0] = 0.0
        with pytest.raises(StopIteration):
            next(walk)  # the last block: nothing follows it, nothing to stop
    with prefilter.scanning(doc.prose), base.time_budget() as left:
        left[0] = 0.0
        with pytest.raises(TimeoutError):
            next(block_matches(pattern, doc, ("sentence",)))


def test_a_spent_budget_stops_the_walk_when_blocks_remain(engine: str) -> None:
    linter = Linter()
    doc = linter.parse("It cures everything. " + "Nothing to see in this one. " * 5, path="a.txt")
    pattern = base.compile_pattern(r"\bcures\b")
    with prefilter.scanning(doc.prose), base.time_budget() as left:
        walk = block_matches(pattern, doc, ("sentence",))
        next(walk)
        left[0] = 0.0
        with pytest.raises(TimeoutError):
            next(walk)  # blocks without a candidate follow: iter_matches on the next one would stop the rule
