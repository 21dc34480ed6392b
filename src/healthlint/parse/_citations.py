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
    # "[2]", "[1-3]", also split over lines by a text export ("[\n1,\n2]")
    (CitationKind.BRACKETED, regex.compile(r"\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]")),
    # "[ref 3]", "(Ref. 2, 5)", "[refs 1-3]"
    (CitationKind.BRACKETED, regex.compile(r"[\[(](?i:refs?\.?)[ \t]*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*[\])]")),
    # a roman-numeral footnote marker right after a word or its punctuation ("the body.[i]", "costs[iv]"),
    # never a task-list box ("- [x]") or a line's first word
    (CitationKind.BRACKETED, regex.compile(r"(?<=[\p{L}\p{N}.,;:)%’”\"])\[(?:x{0,3})(?:ix|iv|v?i{0,3})\](?<!\[\])")),
    (CitationKind.SUPERSCRIPT, regex.compile(r"(?<=[\p{L}\p{N}.,;:)%\]’”\"])[¹²³⁰⁴-⁹]+(?:[,–-][¹²³⁰⁴-⁹]+)*")),
    (
        CitationKind.AUTHOR_YEAR,
        regex.compile(
            rf"\((?:(?i:see|source:|sources:|via)\s+)?(?:{_AUTHORS}|{_ORG}),?\s+{_YEAR}(?:\s*[;,]\s*(?:(?:{_AUTHORS}|{_ORG}),?\s+)?{_YEAR})*\)"
            rf"|{_AUTHORS}\s+\({_YEAR}\)"
            rf"|{_SURNAME}\s+et\s+al\.?,?\s+{_YEAR}\b"
            # a source line naming a titled work and its date: 'Source: Jane Roe, "Title of the piece," May 2, 2024.'
            rf"|(?m:^)[ \t]*Sources?:[^\n]{{1,120}}?[“\"][^”\"\n]{{5,160}}[”\"][^\n]{{0,60}}?\b{_YEAR}\b"
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


URL_PATTERN = _PATTERNS[-1][1]

_SUPERSCRIPT_DIGIT = regex.compile(r"[¹²³⁰⁴-⁹]")


def _may_hold(kind: CitationKind, text: str) -> bool:
    """False when ``text`` lacks what every match of ``kind``'s pattern contains (its literal part).

    Most blocks hold no marker: a substring test costs a hundredth of the pattern's search
    (a look-behind or an upper-case letter starts the search at every character). A pattern
    changed in ``_PATTERNS`` must keep this test true wherever it can match
    (``tests/test_citations_guard.py``).
    """
    if kind is CitationKind.BRACKETED:  # "[2]", "[iv]", "[ref 3]", or "(ref. 4)" with its label
        return "[" in text or "(ref" in text.lower()
    if kind is CitationKind.SUPERSCRIPT:  # superscript digits are never ASCII
        return not text.isascii() and _SUPERSCRIPT_DIGIT.search(text) is not None
    if kind is CitationKind.AUTHOR_YEAR:  # every form holds a year 19xx or 20xx
        return "19" in text or "20" in text
    if kind is CitationKind.IDENTIFIER:  # "10." of a DOI; PMID, PMC, NCT in any case ("p", "m", "n", "c", "t" fold only to ASCII)
        if "10." in text:
            return True
        lowered = text.lower()
        return "pm" in lowered or "nct" in lowered
    if kind is CitationKind.URL:
        return "http" in text
    return True

#: words a number follows as a label, not a reference: "fig.1", "no.5", "p.12", "step.2"
_NUMBERED = r"\b(?i:figs?|nos?|vols?|pp?|ch|chap|eq|refs?|sec|para|art|tab|step|vs?|ver|rev|ed|pt|pts|item|page)"
#: a superscript reference flattened by a text export: "around 12.4%.3 This", "is useful.4", "include:3,7"
#: (after a lower-case word or "%" and its punctuation, never after a digit or a capital: "2.5", "3:1",
#: "Section A.1" are numbers)
_FLAT_SUPERSCRIPT = regex.compile(
    rf"(?<=[\p{{Ll}}%][.,;:]|[\p{{Ll}}%][.!?][\"”’)])(?<!{_NUMBERED}[.:])(\d{{1,3}}(?:[,–-]\d{{1,3}}){{0,8}})(?=[ \t]*(?:$|[\r\n]|[ \t]\p{{Lu}}))",
    regex.MULTILINE,
)

#: a parenthesized reference number: "(3)", "(1,2)", "(1-3)", "(4, 7–9)"
_PAREN_NUMBER = regex.compile(r"\((?!0)\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)")
#: the word before a parenthesized number that makes it a count, not a reference ("Reviews (12)")
_COUNT_WORD = regex.compile(
    r"(?i:reviews?|comments?|replies|cart|items?|votes?|ratings?|photos?|results?|answers?|questions?|"
    r"messages?|notifications?|likes?|shares?|posts?|articles?|stories|videos?|steps?|figure|fig\.|table|"
    r"page|type|phase|stage|grade|level|tier|class|schedule|part|section|chapter|question)\s*$"
)
#: what an enumeration's marker is followed by: "(1) eat well, (2) sleep"
_ITEM_START = regex.compile(r"\s+\p{Ll}")
#: an author-year line on its own: "— Okafor and Lindqvist, 2021", "Moss et al. 2019."
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_AUTHOR_LINE = regex.compile(
    rf"(?m)^[ \t]*[—–-]*[ \t]*(?!(?i:{_MONTH}|copyright|updated|published|reviewed|posted)\b)"
    rf"{_SURNAME}(?:,?\s+(?:et\s+al\.?|(?:and|&)\s+{_SURNAME}|{_SURNAME})){{0,3}},?\s+{_YEAR}\.?[ \t]*$"
)


#: the address of a picture ("![](https://.../photo.jpg?fit=2560)"): an illustration, not a source
_IMAGE_URL = regex.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|ico|tiff?)(?:[?#]|$)", regex.IGNORECASE)


def text_citations(text: str, base: int) -> Iterator[Citation]:
    """Citation markers in a prose text whose first character is at ``base``."""
    for kind, pattern in _PATTERNS:
        if not _may_hold(kind, text):
            continue
        for m in pattern.finditer(text):
            if kind is CitationKind.URL and _IMAGE_URL.search(m.group()):
                continue
            yield Citation(kind, Span(base + m.start(), base + m.end()), m.group())
    for m in _AUTHOR_LINE.finditer(text) if "19" in text or "20" in text else ():  # it ends with a year
        span = Span(base + m.start() + len(m.group()) - len(m.group().lstrip(" \t—–-")), base + m.end())
        yield Citation(CitationKind.AUTHOR_YEAR, Span(span.start, span.end - (len(m.group()) - len(m.group().rstrip(" \t.")))), m.group().strip(" \t—–-."))
    for m in _FLAT_SUPERSCRIPT.finditer(text):
        yield Citation(CitationKind.SUPERSCRIPT, Span(base + m.start(1), base + m.end(1)), m.group(1))
    if "(" in text:
        for start, end in reference_numbers(text):
            yield Citation(CitationKind.BRACKETED, Span(base + start, base + end), text[start:end])


def reference_numbers(text: str) -> list[tuple[int, int]]:
    """Parenthesized reference numbers ("remission (1)."), not list numbering or counts.

    Not a reference: a number that opens its line or follows a colon, semicolon,
    comma, "and"/"or" (an enumeration: "(1) eat well, (2) sleep"), two or more
    markers numbered in a row and each followed by a lower-case word, and a count
    after a word like "Reviews (12)" or "Stage (2)".
    """
    found: list[tuple[int, int, int]] = []
    for m in _PAREN_NUMBER.finditer(text):
        first = regex.match(r"\d+", m.group(), pos=1)
        found.append((m.start(), m.end(), int(first.group()) if first else 0))
    enumerated: set[int] = set()
    for (a, b, n), (c, d, k) in zip(found, found[1:]):
        if k == n + 1 and _ITEM_START.match(text, b) and _ITEM_START.match(text, d):
            enumerated.update((a, c))
    out: list[tuple[int, int]] = []
    for a, b, n in found:
        head = text[max(0, a - 40) : a].rsplit("\n", 1)[-1].rstrip()
        if a in enumerated or not head or head[-1] in ":;,(\u2022" or head.endswith((" and", " or")) or head in ("and", "or"):
            continue
        if not _COUNT_WORD.search(head) and not _spelled_out(head, n):
            out.append((a, b))
    return out


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_LAST_WORDS = regex.compile(r"(?:(\p{L}+)[\s-])?(\p{L}+)\s*$")


def _spelled_out(head: str, n: int) -> bool:
    """The number is the word before it written again in digits ("seven (7)", "twenty-one (21)"): a count."""
    m = _LAST_WORDS.search(head[-24:].lower())
    if m is None:
        return False
    tens, last = m.group(1), m.group(2)
    if last in _UNITS[1:10] and tens in _TENS:
        return _TENS[tens] + _UNITS.index(last) == n
    value = _UNITS.index(last) if last in _UNITS else _TENS.get(last)
    return value == n
