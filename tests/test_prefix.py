"""Short RE2 forms (:mod:`healthlint._prefix`): every position where the full form can start
a match, the short form can too, so the pre-filter's candidates never lose a finding."""

from __future__ import annotations

import pytest

from healthlint._prefix import shorten
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
