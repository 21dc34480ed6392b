"""Sentence boundaries inside a prose segment's text.

A boundary is terminal punctuation, optional closing quotes or brackets and
citation markers (``[3]``, ``(3)``, ``¹²``, a flattened ``.4``), then white space and the start of a new
sentence. Abbreviations ("U.S.", "Dr.", "e.g.", "et al."), decimals ("2.7%",
"4.5 hours") and initials never end a sentence. A line break before a bullet
("- ", "• ", or a lone bullet line) ends one too: a list is never one sentence.
"""

from __future__ import annotations

import regex

from healthlint.document import Span

_ABBREVIATIONS = frozenset(
    """
    dr drs mr mrs ms mx prof rev sr jr st mt ft vs etc al approx appt apt dept est
    fig figs no nos vol vols ed eds pp p inc ltd co corp jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue wed thu fri sat sun min max avg ca cf resp wk wks
    hr hrs mo mos yr yrs mg mcg ml kg lb lbs oz tbsp tsp pt pts ref refs sec secs
    gen gov sgt col capt lt cmdr adm
    """.split()
)

# terminal punctuation, closers, citation markers, then the gap to the next sentence
_BOUNDARY = regex.compile(
    r"""
    (?<![.!?…])(?P<end>[.!?…]++)  # from the start of a run of stops, all of it: no retry inside a run (12,000 dots: 17 s -> ms)
    (?P<close>["'”’)\]]*)
    (?P<marks>(?:\[\d+(?:[,–-]\s*\d+)*\]|\(\d{1,3}(?:[,–-]\s*\d{1,3})*\)|[¹²³⁰⁴-⁹]+|(?<=[\p{Ll}%][.!?]["”’)]?)\d{1,3}(?:[,–-]\d{1,3})*)*)
    (?P<gap>\s+)
    (?=[\p{Lu}\p{N}"'“‘(\[¿¡*•])
    """,
    regex.VERBOSE,
)
#: searched backwards from the dot, so each lookup reads only the word before it (not the text before it)
_WORD_BEFORE = regex.compile(r"(?r)(\p{L}[\p{L}.]*)$")


#: abbreviations only when a number follows ("No. 5", "p. 12", "Fig. 3")
_BEFORE_NUMBER = frozenset({"no", "nos", "vol", "vols", "p", "pp", "fig", "figs", "ref", "refs"})


def _is_abbreviation(text: str, dot: int, following: int) -> bool:
    """True when the ``.`` at ``dot`` closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, 0, dot)
    if m is None:
        return False
    word = m.group(1)
    if "." in word:  # U.S, e.g, i.e, Ph.D, M.D
        return True
    if len(word) == 1 and word.isupper() and word not in "AI":  # an initial: "J. Smith"
        return True
    lower = word.lower()
    if lower in _BEFORE_NUMBER:
        return following < len(text) and text[following].isdigit()
    return lower in _ABBREVIATIONS


#: a line break before a bullet ("\n- ", "\n• ", a lone "-" line): a list item starts, so a sentence ends
_BULLET_BREAK = regex.compile(r"(?:\r\n|\r|\n)[ \t]*[-•·▪◦‣●○■□➢►✓✔–*](?:[ \t]+|(?=[\r\n]|$))")


def sentence_spans(text: str) -> list[Span]:
    """The sentences of ``text`` as spans relative to it, trimmed of white space."""
    cuts: list[tuple[int, int]] = []
    for m in _BOUNDARY.finditer(text):
        end_punct = m.group("end")
        if end_punct == "." and _is_abbreviation(text, m.start("end"), m.end()):
            continue
        cuts.append((m.start("gap"), m.end()))
    if "\n" in text or "\r" in text:
        bullets = [(m.start(), m.end()) for m in _BULLET_BREAK.finditer(text)]
        if bullets:
            cuts = sorted(cuts + bullets)
    spans: list[Span] = []
    start = 0
    for a, b in cuts:
        if a < start:
            start = max(start, b)
            continue
        _add(spans, text, start, a)
        start = b
    _add(spans, text, start, len(text))
    return spans


#: a "sentence" longer than this (a page without full stops) is cut at white space, so
#: that the work kinds do around each match stays bounded; real sentences are far shorter
MAX_SENTENCE = 3000
_LAST_SPACE = regex.compile(r"(?r)\s")


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        space = _LAST_SPACE.search(text, start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = space.start() if space else start + MAX_SENTENCE
        _add(spans, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append(Span(start, end))
