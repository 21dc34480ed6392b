"""Short RE2 forms (:mod:`healthlint._prefix`): every position where the full form can start
a match, the short form can too, so the pre-filter's candidates never lose a finding."""

from __future__ import annotations

import pytest

from healthlint._prefix import cut_gaps, shorten
from healthlint.api import Linter

from conftest import ROOT, SEEDS

re2 = pytest.importorskip("re2")


def _starts(source: str, data: bytes) -> set[int]:
    options = re2.Options()
    options.never_capture = True
    compiled = re2.compile(source.encode("utf-8"), options)
    out, pos = set(), 0
    while pos <= len(data):
        m = compiled.search(data, pos)
        if m is None:
            break
        out.add(m.start())
        pos = m.start() + 1
    return out


@pytest.mark.parametrize(
    ("source", "budget", "short"),
    [
        pytest.param("(?i)cur(?:ing|e[ds]?)", 3, "(?i)cur", id="cut-in-a-word"),
        pytest.param("(?:miracle|guaranteed)[ ]+cure", 4, "(?:mira|guar)", id="each-branch"),
        pytest.param("ab(?:cd)?ef", 5, "ab(?:(?:cd)|ef)", id="optional-group"),
        pytest.param("a[0-9]*bcd", 2, "a(?:[0-9]|b)", id="optional-class"),
        pytest.param("x+yz", 2, "x+y", id="plus-kept"),
        pytest.param("(?:ab){2,3}cd", 9, "(?:ab)", id="counted-group"),
        pytest.param(r"\p{L}+(?-i:\p{Lu})", 3, r"\p{L}+(?-i:\p{Lu})", id="escapes-and-flags"),
    ],
)
def test_shorten(source: str, budget: int, short: str) -> None:
    assert shorten(source, budget) == short


@pytest.mark.parametrize("source", [r"a\1", "(?=a)b", "^ab", "[[:alpha:]]x", "(?P<n>a)", "a)"])
def test_what_it_cannot_read_keeps_the_full_form(source: str) -> None:
    assert shorten(source, 3) is None


def test_short_forms_of_the_pack_start_wherever_the_full_forms_do() -> None:
    import pickle

    from healthlint import cache

    from test_regex_code import _lazy_patterns

    texts = [p.read_bytes() for p in sorted(SEEDS.iterdir())[:8]]
    texts += [p.read_bytes() for p in sorted((ROOT / "tests" / "fuzz_corpus").iterdir()) if p.is_file()][:20]
    cached = pickle.loads(cache._dumps(Linter()))
    pairs = {(p.prep[0], p.prep[2]) for p in _lazy_patterns(cached) if p.prep is not None and p.prep[2]}
    assert len(pairs) >= 5  # the pack's lexicon unions
    for full, short in pairs:
        assert short == shorten(full, 5) and len(short) < len(full)
        for data in texts:
            assert _starts(full, data) <= _starts(short, data), full[:80]


@pytest.mark.parametrize(
    ("source", "cut"),
    [
        pytest.param(r"(?:side\s+effects?)\s+(?:[^ ]+\s+){0,3}?(?:rare|none)", r"(?:side\s+effects?)\s+", id="word-gap"),
        pytest.param(r"said[^.!?]{1,100}cures?", r"said", id="wide-class"),
        pytest.param(r"[0-9]{1,3}%\s+of", r"[0-9]{1,3}%\s+of", id="short-counts-kept"),
        pytest.param(r"(?:no|zero)\s+(?:\S+\s+){0,3}?risk", r"(?:no|zero)\s+(?:\S+\s+){0,3}?risk", id="too-little-before-the-gap"),
        pytest.param(r"(?:x|yours(?:z\w+ )+q)w", r"(?:x|yours)", id="cut-inside-a-group-ends-the-branch"),
        pytest.param(r"(?:maybe(?:v ){2})?tail", r"(?:(?:maybe)|tail)", id="optional-group-cut"),
    ],
)
def test_cut_gaps(source: str, cut: str) -> None:
    assert cut_gaps(source) == cut


def test_cut_forms_of_the_pack_start_wherever_the_relaxed_forms_do() -> None:
    """The forms RE2 runs in a long run are cut at gaps: never a lost candidate."""
    from healthlint import prefilter
    from healthlint.engine import patterns_of

    texts = [p.read_bytes() for p in sorted(SEEDS.iterdir())[:8]]
    texts += [p.read_bytes() for p in sorted((ROOT / "tests" / "fuzz_corpus").iterdir()) if p.is_file()][:20]
    linter = Linter()
    cut = 0
    for rule in linter.ruleset.rules:
        for pattern in patterns_of(rule.compiled):
            full = prefilter.relaxed_form(pattern.pattern, pattern.flags)
            if not full:
                continue
            runs = prefilter.re2_source(pattern.pattern, pattern.flags)
            assert runs == (cut_gaps(full) or full)
            if runs == full:
                continue
            cut += 1
            assert len(runs) < len(full)
            for data in texts:
                assert _starts(full, data) <= _starts(runs, data), full[:80]
    assert cut >= 5  # the pack's patterns with word gaps
