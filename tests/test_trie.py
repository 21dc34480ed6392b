"""Lexicon terms written as a prefix tree match exactly what the flat union of the terms matches."""

from __future__ import annotations

import random

import pytest
import regex

from healthlint.anchors import pattern_anchors
from healthlint.lexicon import flat_terms_pattern, load_style_data, terms_pattern
from healthlint.packs import shipped_packs_dir

_STYLES = sorted(p for p in shipped_packs_dir().iterdir() if (p / "lexicons").is_dir())
_LEXICONS = [(style.name, lex) for style in _STYLES for lex in load_style_data(style).lexicons.values()]
#: what may follow a lexicon in a rule pattern, so that ``regex`` backtracks into the terms
_AFTER = ["", r"\s+\w", r"s?\b", r"(?:[\s\-]+\w+)?x", r"[\s\-]+(?:of|the)\b"]


def _texts(forms: tuple[str, ...], seed: int) -> list[str]:
    rnd = random.Random(seed)
    out: list[str] = []
    for w in forms:
        out += [w, w.upper(), w.title(), w[:-1], w + "s", w + "-like", w + " x", w.replace(" ", " - "), "a" + w, w.replace("'", "’")]
    for _ in range(200):
        out.append(" ".join(rnd.choice(forms) for _ in range(4)))
        out.append("".join(rnd.choice(forms) + rnd.choice(["", " ", "-", "'", ", ", "  "]) for _ in range(4)))
    return out


def _agree(tree: str, flat: str, texts: list[str]) -> None:
    for flags in (0, regex.IGNORECASE):
        for after in _AFTER:
            a, b = regex.compile(tree + after, flags), regex.compile(flat + after, flags)
            for text in texts:
                assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], (text, after, flags)


@pytest.mark.parametrize(("style", "lexicon"), _LEXICONS, ids=[f"{s}.{lex.name}" for s, lex in _LEXICONS])
def test_shipped_lexicon_tree_matches_as_the_flat_union(style: str, lexicon) -> None:
    tree, flat = terms_pattern(lexicon.forms), flat_terms_pattern(lexicon.forms)
    _agree(tree, flat, _texts(lexicon.forms, len(lexicon.forms)))
    assert pattern_anchors(tree) == pattern_anchors(flat)


def test_shipped_lexicons_are_written_as_trees() -> None:
    flat = [lex.name for _, lex in _LEXICONS if terms_pattern(lex.forms) == flat_terms_pattern(lex.forms)]
    assert len(flat) < len(_LEXICONS) / 2, flat
    assert regex.search(r"cur\(\?:", terms_pattern(["cure", "cures", "cured", "curing"]))


@pytest.mark.parametrize(
    "terms",
    [
        ["ab - - - cd", "ab cd e"],  # the longer term as written matches less text: the union tries it first
        ["Cure all day", "Cure", "cure all", "cures"],  # branches that match the same letters without regard to case
        ["US", "us", "use", "U.S.", "u s a"],
        ["it's", "it’s good", "its", "it"],
        ["straße", "strasse", "STRASSE"],
        ["a[b]", "a^", "a\\", "a-b", "a b c", "ab"],
    ],
)
def test_awkward_terms_match_as_the_flat_union(terms: list[str]) -> None:
    texts = [*terms, " ".join(terms), "-".join(terms), *(t.upper() for t in terms), "ab cd e", "cure  all", "cure all night", "a b-c", "US use", "it's good"]
    _agree(terms_pattern(terms), flat_terms_pattern(terms), texts)
