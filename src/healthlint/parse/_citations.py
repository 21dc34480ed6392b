"""Citation markers that live in prose itself, whatever the format.

Structural markers (links, footnotes, ``<sup>``, ``<cite>``) are found by the
format parsers; this module finds the ones written as text: bracketed and
superscript numbers, author-year references, DOI/PMID/PMC/NCT identifiers and
bare URLs.
"""

from __future__ import annotations

from typing import Iterator

import regex

from healthlint.document import Citation, CitationKind, Span

_SURNAME = r"\p{Lu}[\p{L}'’-]+"
_YEAR = r"(?:19|20)\d\d[a-z]?"
_AUTHORS = rf"{_SURNAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME})?"
#: an organisation as author: "World Health Organization", "Centers for Disease Control and Prevention"
_ORG = rf"{_SURNAME}(?:\s+(?:(?:of|for|on|and|&|the)\s+)*{_SURNAME}){{1,6}}"

_PATTERNS: tuple[tuple[CitationKind, regex.Pattern[str]], ...] = (
    (CitationKind.BRACKETED, regex.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")),
    (CitationKind.SUPERSCRIPT, regex.compile(r"(?<=[\p{L}\p{N}.,;:)%\]’”\"])[¹²³⁰⁴-⁹]+(?:[,–-][¹²³⁰⁴-⁹]+)*")),
    (
        CitationKind.AUTHOR_YEAR,
        regex.compile(
            rf"\((?:(?i:see|source:|sources:|via)\s+)?(?:{_AUTHORS}|{_ORG}),?\s+{_YEAR}(?:\s*[;,]\s*(?:(?:{_AUTHORS}|{_ORG}),?\s+)?{_YEAR})*\)"
            rf"|{_AUTHORS}\s+\({_YEAR}\)"
            rf"|{_SURNAME}\s+et\s+al\.?,?\s+{_YEAR}\b"
        ),
    ),
    (
        CitationKind.IDENTIFIER,
        regex.compile(
            r"\b(?:doi:\s*)?10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;:)]"
            r"|\bPMID:?\s*\d{5,9}\b|\bPMC\d{5,9}\b|\bNCT\d{8}\b",
            regex.IGNORECASE,
        ),
    ),
    (CitationKind.URL, regex.compile(r"\bhttps?://[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]")),
)


def text_citations(text: str, base: int) -> Iterator[Citation]:
    """Citation markers in a prose text whose first character is at ``base``."""
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            yield Citation(kind, Span(base + m.start(), base + m.end()), m.group())


URL_PATTERN = _PATTERNS[-1][1]
