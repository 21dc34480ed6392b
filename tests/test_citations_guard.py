"""The substring tests that let text_citations skip a pattern never skip one that matches."""

from __future__ import annotations

import pytest

from healthlint.parse import _citations

from conftest import corpus_texts

#: texts with every kind of marker, in the forms the guards reason about
MARKED = [
    "Remission rates rose [3] and [4, 7–9].",
    "Relapse fell by half.¹² It stayed low²,³.",
    "A trial (Okafor and Lindqvist, 2021; Moss et al. 2019) found it. Smith (1998) did not.",
    "See doi:10.1056/NEJMoa2034577, PMID: 12345678, pmc1234567 and nct01234567.",
    "PMİD 12345678 and Pmc99999 are written oddly.",  # a dotted capital I folds to "i" in a case-blind search
    "Read https://example.org/study?id=4 today.",
    "— World Health Organization, 2020",
    "An (S. Moss, 2019) aside, and (1) a count.",
    "It rose (Ref. 4), then fell [refs 1-3], as the body.[iv] shows (REF 2, 5).",
]


def _texts() -> list[str]:
    out = list(MARKED)
    for text in corpus_texts():
        out.extend(text.split("\n\n"))
    return out


@pytest.mark.parametrize(("kind", "pattern"), _citations._PATTERNS, ids=lambda x: getattr(x, "value", ""))
def test_guard_never_skips_a_match(kind: _citations.CitationKind, pattern: object) -> None:
    texts = _texts()
    matched = 0
    for text in texts:
        if pattern.search(text) is not None:  # type: ignore[attr-defined]
            matched += 1
            assert _citations._may_hold(kind, text), (kind, text[:200])
    assert matched, f"no text has a {kind.value} marker: the test proves nothing"


def test_marked_texts_keep_their_markers() -> None:
    found = {c.kind for text in MARKED for c in _citations.text_citations(text, 0)}
    assert found >= {k for k, _ in _citations._PATTERNS}


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("Of the 40 graduates, nine (9) relapsed.", []),
        ("Twenty-one (21) people enrolled.", []),
        ("Relapse fell to nine percent (9).", ["(9)"]),
        ("About seven people relapsed (8).", ["(8)"]),
    ],
)
def test_a_number_word_restated_in_digits_is_no_reference(text: str, markers: list[str]) -> None:
    """'nine (9)' writes a count twice; a number after any other word still points at a reference."""
    assert [text[a:b] for a, b in _citations.reference_numbers(text)] == markers


@pytest.mark.parametrize(
    ("text", "cites"),
    [
        ('Experts urge care.\nSource: Daily Health, Jo Park, "Liver injuries tied to pills climb," March 3, 2024.', True),
        ("Experts urge care.\nSource: our own editors, 2024.", False),
        ('Experts urge care. She said "the source: a 2024 poll" was wrong.', False),
    ],
)
def test_a_source_line_with_a_titled_work_and_its_date_is_a_citation(text: str, cites: bool) -> None:
    kinds = [c.kind for c in _citations.text_citations(text, 0)]
    assert (_citations.CitationKind.AUTHOR_YEAR in kinds) is cites
