"""A sentence segmenter close to the Punkt model Vale uses (jdkato/prose).

A sentence ends at ``.``, ``!`` or ``?`` (with closing quotes or brackets)
followed by white space, unless the period closes a known abbreviation, an
initial or a number. Good enough for ``scope: sentence`` and for
``repetition``'s "one sentence" test; it is not a trained model.
"""

from __future__ import annotations

from functools import lru_cache

import regex

_ABBREV = frozenset(
    """
    mr mrs ms dr prof sr jr st vs etc e.g i.e al fig figs no vol eds ed inc ltd co corp dept est approx
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k ph.d a.m p.m
    """.split()
)
#: from the start of a run of stops, all of it and its closers, never retried inside the run
#: (20,000 full stops in a row: 12 s -> 1 ms)
_END = regex.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s)")
#: searched backwards from the full stop: each lookup reads the word before it, not the text before it
_WORD = regex.compile(r"(?r)([\w.]+)$")


@lru_cache(maxsize=4096)
def segment(text: str) -> tuple[str, ...]:
    """The sentences of ``text`` (each keeps its own characters; white space between is dropped)."""
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group()[0] == "." and m.group() == "." * len(m.group()):
            w = _WORD.search(text, 0, m.start())
            word = w.group(1).lower() if w else ""
            if word.rstrip(".") in _ABBREV or (len(word) == 1 and word.isalpha()) or "." in word.strip("."):
                continue
        after = end  # the first character after the white space (not a copy of the rest: quadratic)
        while after < len(text) and text[after].isspace():
            after += 1
        if after < len(text) and text[after].islower():
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return tuple(out)
