"""Words as the engine indexes them: one tokenizer shared by rule anchors and documents.

A rule may say which words must occur in a text before it can match there (its
*anchors*); the engine tokenizes each document once and runs a rule only where one
of its anchors occurs. Both sides must cut words the same way, so both call
:func:`words` (or :func:`word_set`).
"""

from __future__ import annotations

import regex

#: a word: a run of letters, digits and combining marks (hyphens, apostrophes and
#: spaces split words: "risk-free" is "risk" and "free", "don't" is "don" and "t")
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded, in order."""
    return _WORD.findall(text.casefold())


def word_set(text: str) -> frozenset[str]:
    """The distinct case-folded words of ``text``."""
    return frozenset(_WORD.findall(text.casefold()))


def has_any(text: str, anchors: frozenset[str] | None) -> bool:
    """False only when ``anchors`` is a set of words none of which occurs in ``text``.

    A kind's cheap way to skip a block (a sentence, a cell) its rule cannot match in;
    None (no anchors known) is always True.
    """
    if anchors is None:
        return True
    return not anchors.isdisjoint(_WORD.findall(text.casefold()))


_WORD_CHAR = regex.compile(r"[\p{L}\p{N}\p{M}]")


def any_word(folded: str, wanted: frozenset[str]) -> bool:
    """True when one of ``wanted`` is a word of ``folded`` (a case-folded text): ``not
    wanted.isdisjoint(word_set(text))``, answered without cutting the whole text into words.

    Each wanted word is looked up as a substring; an occurrence counts when no word
    character touches it on either side, so that it is a whole word as :func:`words` cuts
    them. A wanted string that is no single word (a space, a hyphen, nothing) is never one.
    For a few words: the lookup costs a text scan per word.
    """
    for word in wanted:
        if not word or not _is_word(word):
            continue
        size = len(word)
        at = folded.find(word)
        while at >= 0:
            if (at == 0 or _WORD_CHAR.match(folded, at - 1) is None) and _WORD_CHAR.match(folded, at + size) is None:
                return True
            at = folded.find(word, at + 1)
    return False


def _is_word(text: str) -> bool:
    return _WORD.fullmatch(text) is not None
