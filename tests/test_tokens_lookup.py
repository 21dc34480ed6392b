"""tokens.any_word answers what cutting the whole text into words would: is one of these a word of it?"""

from __future__ import annotations

import random

import pytest

from healthlint import tokens

from conftest import corpus_texts

TRICKY = [
    "Risk-free care, don't wait: cure² and cures, CURE!",
    "naïve cafe\u0301 résumé Straße İstanbul ǅemal",  # combining marks, a dotted capital, a title-case digraph
    "12% of 1,200 people; 3rd-line therapy",
    "",
]


def _texts() -> list[str]:
    return [*TRICKY, *corpus_texts()]


@pytest.mark.parametrize("seed", range(4))
def test_any_word_agrees_with_the_word_set(seed: int) -> None:
    rng = random.Random(seed)
    texts = _texts()
    for text in texts:
        folded = text.casefold()
        present = sorted(tokens.word_set(text))
        # words of the text, pieces of its words, words with their neighbours, and strings that are no word
        pool = present + [w[1:] for w in present if len(w) > 2] + [w[:-1] for w in present if len(w) > 2]
        pool += ["risk-free", "don't", " ", "", "cure²", "straße", "strasse", "i̇stanbul", "dž", "café"]
        for _ in range(30):
            wanted = frozenset(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
            assert tokens.any_word(folded, wanted) == (not wanted.isdisjoint(tokens.word_set(text))), (wanted, text[:80])


def test_any_word_finds_a_word_only_whole() -> None:
    assert tokens.any_word("a risk-free cure.", frozenset({"cure"}))
    assert not tokens.any_word("it cures", frozenset({"cure"}))
    assert not tokens.any_word("procured", frozenset({"cure"}))
    assert not tokens.any_word("a risk-free cure.", frozenset({"risk-free"}))
