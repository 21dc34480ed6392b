"""The segment pre-check only ever skips work that would find nothing."""

from __future__ import annotations

import random

import pytest
import regex

from healthlint import prefilter
from healthlint.api import Linter
from healthlint.scopes import blocks

from conftest import ROOT, SEEDS


@pytest.mark.parametrize(
    ("pattern", "relaxed"),
    [
        pytest.param(r"(?<![\w.,/])\d{1,3}%", r"(?:)\d{1,3}%", id="look-behind"),
        pytest.param(r"\bcures?\b", r"\bcures?\b", id="word-boundaries-kept"),
        pytest.param(r"^foo$", r"(?:)foo(?:)", id="anchors"),
        pytest.param(r"a*+b|x{2,3}+y", r"a*b|x{2,3}y", id="possessive"),
        pytest.param(r"(?>\w+)x", r"(?:\w+)x", id="atomic"),
        pytest.param(r"[\]^$(]+x(?=y)", r"[\]^$(]+x(?:)", id="class-with-specials"),
        pytest.param(r"\p{Lu}+(?i:abc)(?<=\b(?:our)\b[^.!?]{0,80})", r"\p{Lu}+(?i:abc)(?:)", id="nested"),
        pytest.param(r"[[:alpha:]]+(?#note)\A", r"[[:alpha:]]+(?:)", id="posix-comment"),
    ],
)
def test_relax(pattern: str, relaxed: str) -> None:
    assert prefilter.relax(pattern) == relaxed
    regex.compile(relaxed)


@pytest.mark.parametrize(
    "pattern",
    [r"(a)\1", r"(?P<x>a)(?P=x)", r"(?(1)a|b)", r"(?R)", r"(?x) a b", r"a{e<=1}", r"\L<words>", r"(?V1)[[a-z]--[aeiou]]", r"(a", r"a)"],
)
def test_patterns_it_cannot_reason_about_are_never_relaxed(pattern: str) -> None:
    assert prefilter.relax(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "alternatives"),
    [
        pytest.param(r"a|b(c|d)", ["a", "b(c|d)"], id="top-level"),
        pytest.param(r"(?:(?:a|b)|c)", ["a", "b", "c"], id="nested-groups"),
        pytest.param(r"(?i:a|bc)", ["(?i:a)", "(?i:bc)"], id="scoped-flags-carry-over"),
        pytest.param(r"(?P<n>a|b)", ["a", "b"], id="named-group"),
        pytest.param(r"(a|b)+", ["(a|b)+"], id="quantified-group-kept"),
        pytest.param(r"\b(?:a|b)\b", [r"\b(?:a|b)\b"], id="group-inside-a-sequence-kept"),
        pytest.param(r"(a)(b|c)", ["(a)(b|c)"], id="two-groups"),
        pytest.param(r"[|(]|\|", ["[|(]", r"\|"], id="bars-in-classes-and-escapes"),
    ],
)
def test_alternatives(pattern: str, alternatives: list[str]) -> None:
    assert prefilter.alternatives(pattern) == alternatives


def test_alternatives_match_where_the_whole_does() -> None:
    rng = random.Random(3)
    words = ["cure", "cures", "Proven", "100%", "n = 12", "twice as likely", "a", "bc", "BC", "x"]
    for pattern in [r"a|b(c|d)", r"(?i:a|bc)", r"(?:cures?|(?i:proven))", r"\d+%|n\s*=\s*\d+", r"(?:twice|\d+ times) as likely|x"]:
        whole = regex.compile(pattern)
        parts = [regex.compile(a) for a in prefilter.alternatives(pattern)]
        for _ in range(200):
            text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
            assert (whole.search(text) is not None) == any(p.search(text) for p in parts), (pattern, text)


def _shipped_patterns() -> list[regex.Pattern[str]]:
    out = []
    for rule in Linter().ruleset.rules:
        for value in vars(rule.compiled).values() if hasattr(rule.compiled, "__dict__") else [getattr(rule.compiled, s) for s in getattr(rule.compiled, "__slots__", ())]:
            if isinstance(value, regex.Pattern):
                out.append(value)
    return out


def test_relaxed_never_rejects_a_segment_with_a_match() -> None:
    """For every shipped pattern and every sentence block of the seeds and test corpus (and
    random slices of them cut at non-word characters): a match in the block implies a relaxed
    match in its segment."""
    linter = Linter()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in [*SEEDS.iterdir(), *(ROOT / "tests" / "corpus").glob("*")] if p.suffix in (".txt", ".md", ".html")]
    rng = random.Random(7)
    patterns = _shipped_patterns()
    assert len(patterns) >= 5
    checked = 0
    for name, text in texts:
        doc = linter.parse(text, path=name)
        for pattern in patterns:
            relaxed = prefilter._relaxed_of(pattern)
            if relaxed is None:
                continue
            for block in blocks(doc, ("sentence", "list", "heading", "table", "blockquote")):
                seg = block.segment
                assert seg is not None
                slices = [block.text]
                # slices between non-word characters, as sentences are (see could_match)
                cuts = [0, *(m.start() for m in regex.finditer(r"\W", block.text)), len(block.text)]
                for _ in range(2):
                    a = rng.choice(cuts)
                    b = rng.choice([c for c in cuts if c >= a])
                    a += 1 if a < b and not block.text[a].isalnum() and a > 0 else 0
                    slices.append(block.text[a:b])
                for piece in slices:
                    if pattern.search(piece):
                        checked += 1
                        assert relaxed.whole.search(seg.text), (pattern.pattern[:60], piece)
                        if relaxed.parts is not None:
                            assert any(part.search(seg.text) for part in relaxed.parts), (pattern.pattern[:60], piece)
    assert checked > 50


def test_could_match_is_exact_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the pre-check on from the first block, every rule finds what it finds without it."""
    linter = Linter()
    docs = [linter.parse(p.read_text(encoding="utf-8"), path=p.name) for p in sorted((ROOT / "tests" / "corpus").glob("*")) if p.suffix in (".txt", ".md", ".html")]
    docs += [linter.parse(p.read_text(encoding="utf-8"), path=p.name) for p in sorted(SEEDS.iterdir())]
    from healthlint.engine import lint_document

    monkeypatch.setattr(prefilter, "WARM_UP", 1e12)
    prefilter._STATES.clear()
    without = [lint_document(d, linter.ruleset) for d in docs]
    monkeypatch.setattr(prefilter, "WARM_UP", 0.0)
    monkeypatch.setattr(prefilter, "RACE_AFTER", 0.0)
    prefilter._STATES.clear()
    with_check = [lint_document(d, linter.ruleset) for d in docs]
    assert [d for d, _ in with_check] == [d for d, _ in without]
    assert any(s.relaxed is not None and s.checks for s in prefilter._STATES.values())
    prefilter._STATES.clear()


def test_a_slice_with_word_characters_at_its_edges_is_not_judged() -> None:
    pattern = regex.compile(r"(?<=x)\bcure\b")
    prefilter._STATES.clear()
    state = prefilter._state(pattern)
    state.spent = 1.0
    assert prefilter.could_match(pattern, "cure", "xcure", 1) is True  # "x" before: \b reads differently
    assert prefilter.could_match(pattern, "nothing", "the nothing here", 4) is False
    prefilter._STATES.clear()


def test_find_all_equals_finditer_for_every_shipped_pattern() -> None:
    """The start-position search (each alternative alone, then the pattern at those starts) gives
    exactly finditer's matches, on every block of the seeds and the test corpus."""
    linter = Linter()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in [*SEEDS.iterdir(), *(ROOT / "tests" / "corpus").glob("*")] if p.suffix in (".txt", ".md", ".html")]
    compared = 0
    for pattern in _shipped_patterns():
        relaxed = prefilter._relaxed_of(pattern)
        if relaxed is None:
            continue
        plan = relaxed.parts or (relaxed.whole,)
        for name, text in texts:
            doc = linter.parse(text, path=name)
            for block in [*blocks(doc, ("sentence", "list", "heading", "table")), *blocks(doc, ("document",))]:
                fast = prefilter._emulate(pattern, plan, block.text, 0.5)
                if fast is None:
                    continue
                plain = list(pattern.finditer(block.text))
                assert [(m.span(), m.groups()) for m in fast] == [(m.span(), m.groups()) for m in plain], pattern.pattern[:60]
                compared += len(plain)
    assert compared > 100


def test_find_all_keeps_the_faster_way_and_drops_a_disagreeing_one() -> None:
    pattern = regex.compile(r"(?<![\w.])\d{1,3}\s*%|\bn\s*=\s*\d+")
    prefilter._STATES.clear()
    state = prefilter._state(pattern)
    state.relaxed = prefilter._relaxed_of(pattern)
    state.spent = prefilter.RACE_AFTER
    text = "It affects 2.7% of adults (n = 120) and 30 % of teens, v2.5%."
    expected = [m.span() for m in pattern.finditer(text)]
    for _ in range(40):
        assert [m.span() for m in prefilter.find_all(pattern, text, 5.0)] == expected
    assert state.race[2] == 32 and state.plan is not None
    state.plan, state.race = (regex.compile(r"zzz"),), [0.0, 0.0, 0]  # a wrong plan: finds no starts
    assert [m.span() for m in prefilter.find_all(pattern, text, 5.0)] == expected
    assert state.plan is False  # dropped for good
    assert [m.span() for m in prefilter.find_all(pattern, text, 5.0)] == expected
    prefilter._STATES.clear()
