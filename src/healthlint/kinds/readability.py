"""``readability``: a reading-grade score above ``grade`` (Vale's semantics, plus paragraphs).

Vale averages the selected ``metrics`` (``Flesch-Kincaid``, ``Gunning Fog``,
``Coleman-Liau``, ``SMOG``, ``Automated Readability``) over the document's
summary text and reports one alert when the average is above ``grade``; the
message's ``%s`` is the score with two decimals. healthlint keeps that for
``scope: summary`` and adds ``scope: paragraph``: each paragraph (of at least
``min_words`` words) is scored on its own and reported at its span.

Short texts are not graded: a grade over a handful of words says nothing
(three words can score 13). The article's figure needs ``min_article_words``
words in all, a paragraph's ``min_words``. Sentences end at terminal
punctuation, at list items and bullets (a lone "-" or "•" line), and after a
short line with no closing punctuation (at most ``line_words`` words: a
heading or a list written without markup), so a list is never read as one
long sentence. Titles and descriptions kept in metadata are not scored.

Each paragraph's counts are made once and shared by the article figure and
the paragraph findings; letters are counted only for the metrics that use
them (Coleman-Liau, Automated Readability).

Syllables are counted with a small English heuristic (vowel groups, a silent
final "e", "-le", "-ed" and "-es" endings), so scores are close to, not equal
to, those of dictionary-based tools.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Iterator, NamedTuple

import regex

from healthlint.document import Document, Segment, SegmentKind, Span
from healthlint.errors import HealthlintError
from healthlint.kinds.base import Finding
from healthlint.kinds.requirement import article_anchor
from healthlint.model import Rule
from healthlint.scopes import sentences_of
from healthlint.sentences import sentence_spans

METRICS = ("Flesch-Kincaid", "Gunning Fog", "Coleman-Liau", "SMOG", "Automated Readability")

_WORD = regex.compile(r"\p{L}[\p{L}'’-]*|\p{N}+(?:[.,]\p{N}+)*")
_VOWELS = regex.compile(r"[aeiouy]+")
_SCORED = (SegmentKind.PARAGRAPH, SegmentKind.LIST_ITEM, SegmentKind.BLOCKQUOTE)


@dataclass(frozen=True)
class ReadabilityOptions:
    metrics: tuple[str, ...] = ("Flesch-Kincaid",)
    grade: float = 8.0
    #: healthlint: paragraphs shorter than this are not scored on their own
    min_words: int = 0
    #: healthlint: an article with fewer words in all gets no article figure
    min_article_words: int = 0
    #: healthlint: a line of at most this many words with no closing punctuation ends a sentence
    line_words: int = 8
    #: healthlint: headings are never scored; list items only with this on
    lists: bool = True
    #: healthlint: the message of a paragraph's finding (``%s`` is its score); the rule's message otherwise
    paragraph_message: str = ""
    #: healthlint: report only the N hardest paragraphs (0: every paragraph above the grade)
    worst: int = 0


class Stats(NamedTuple):
    """Counts over a text (Vale's ``summarize`` variables)."""

    words: int
    sentences: int
    syllables: int
    characters: int
    polysyllabic_words: int

    def plus(self, other: Stats) -> Stats:
        """The counts of both texts together."""
        return Stats(*(a + b for a, b in zip(self, other)))


_NOT_AZ = regex.compile(r"[^a-z]")
_SILENT_END = regex.compile(r"(?:[^laeiouy]es|[^aeiouy]ed|[^laeiouy]e)$")
_Y_START = regex.compile(r"^y")


@lru_cache(maxsize=65536)  # words repeat: most of an article's words were seen before
def syllables(word: str) -> int:
    """An estimate of the syllables in one English word."""
    w = word.lower().strip("'’-")
    if not w:
        return 0
    if not w.isalpha():
        w = _NOT_AZ.sub("", w)
        if not w:
            return 1
    if len(w) <= 3:
        return 1
    w = _SILENT_END.sub(lambda m: m.group()[0], w)
    w = _Y_START.sub("", w)
    return max(1, len(_VOWELS.findall(w)))


#: metrics that read the letter count (the others never use it)
_LETTER_METRICS = frozenset({"Coleman-Liau", "Automated Readability"})
_LINE_END = regex.compile(r"[ \t]*(?:\r\n|\r|\n)")
_CLOSED = frozenset(".!?…:;")


def _span_start(span: Span) -> int:
    return span.start


def stats(text: str, *, letters: bool = True, spans: tuple[Span, ...] | None = None, line_words: int = 0) -> Stats:
    """Words, sentences, syllables, letters (when ``letters``) and 3+-syllable words of a prose text.

    ``spans`` are the text's sentences when already known; ``line_words`` > 0 also ends
    a sentence after a short line with no closing punctuation.
    """
    words = _WORD.findall(text)
    if not words:
        return Stats(0, 0, 0, 0, 0)
    if spans is None:
        spans = tuple(sentence_spans(text))
    sentences = max(1, len(spans) + (_short_lines(text, line_words, spans) if line_words else 0))
    counts = list(map(syllables, words))  # a number ("1,200") has no letter a-z: one syllable
    chars = sum(sum(ch.isalnum() for ch in w) for w in words) if letters else 0
    return Stats(len(words), sentences, sum(counts), chars, sum(1 for c in counts if c >= 3))


def _short_lines(text: str, limit: int, spans: tuple[Span, ...]) -> int:
    """Sentences the line breaks inside ``spans`` add: each after a short line with no closing punctuation."""
    if "\n" not in text and "\r" not in text:
        return 0  # one line (nearly every paragraph): nothing to add
    found = 0
    start = 0
    for m in _LINE_END.finditer(text):
        line = text[start : m.start()].strip()
        start = m.end()
        if not line or line[-1] in _CLOSED:
            continue
        words = len(_WORD.findall(line))
        if 0 < words <= limit:
            i = bisect_right(spans, m.start(), key=_span_start) - 1
            if i >= 0 and spans[i].start < m.start() and start < spans[i].end:
                found += 1
    return found


def score(s: Stats, metric: str) -> float:
    """One readability grade for the counts ``s``."""
    w, n, syl, chars, poly = s
    if metric == "Flesch-Kincaid":
        return 0.39 * (w / n) + 11.8 * (syl / w) - 15.59
    if metric == "Gunning Fog":
        return 0.4 * ((w / n) + 100.0 * (poly / w))
    if metric == "Coleman-Liau":
        return 0.0588 * (chars / w * 100.0) - 0.296 * (n / w * 100.0) - 15.8
    if metric == "SMOG":
        return 1.0430 * math.sqrt(poly * 30.0 / n) + 3.1291
    if metric == "Automated Readability":
        return 4.71 * (chars / w) + 0.5 * (w / n) - 21.43
    raise ValueError(metric)


def grade_of(s: Stats, metrics: tuple[str, ...]) -> float:
    """The mean of the selected metrics (Vale's readability check)."""
    return sum(score(s, m) for m in metrics) / len(metrics)


@dataclass(frozen=True, slots=True)
class Compiled:
    metrics: tuple[str, ...]
    #: Vale's readability: sentences end at punctuation only (no short-line rule), and the
    #: figure is about the whole document (reported at line 1, column 1)
    vale: bool = False


class Readability:
    name: ClassVar[str] = "readability"
    Options: ClassVar[type[Any]] = ReadabilityOptions

    def compile(self, options: ReadabilityOptions, *, rule_name: str, dialect: Any = None) -> Compiled:
        if dialect is not None:  # Vale ignores a metric it does not know
            return Compiled(tuple(m for m in options.metrics if m in METRICS) or ("Flesch-Kincaid",), vale=True)
        bad = [m for m in options.metrics if m not in METRICS]
        if bad or not options.metrics:
            raise HealthlintError(f"unknown readability metric '{bad[0] if bad else ''}' (expected one of: {', '.join(METRICS)})")
        return Compiled(tuple(options.metrics))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        o: ReadabilityOptions = rule.options
        c: Compiled = rule.compiled
        metrics = c.metrics
        letters = any(m in _LETTER_METRICS for m in metrics)
        line_words = 0 if c.vale else o.line_words
        # each paragraph's counts once, for the article figure and its own
        scored = [(seg, stats(seg.text, letters=letters, spans=sentences_of(seg), line_words=line_words)) for seg in doc.segments if self._counts(doc, rule, seg)]
        if any(s in rule.scope for s in ("summary", "text", "document")):
            total = Stats(0, 0, 0, 0, 0)
            for _, s in scored:
                total = total.plus(s)
            if total.words and total.words >= o.min_article_words:
                value = grade_of(total, metrics)
                if value > o.grade:
                    at = 0 if c.vale else article_anchor(doc)
                    yield Finding(at, at, (f"{value:.2f}",), document=c.vale)
        if "paragraph" in rule.scope:
            hard: list[tuple[float, Segment]] = []
            for seg, s in scored:
                if not s.words or s.words < o.min_words:
                    continue
                value = grade_of(s, metrics)
                if value > o.grade:
                    hard.append((value, seg))
            if o.worst:
                # the hardest paragraphs, reported in document order
                keep = {id(seg) for _, seg in sorted(hard, key=lambda h: -h[0])[: o.worst]}
                hard = [h for h in hard if id(h[1]) in keep]
            for value, seg in hard:
                score_text = f"{value:.2f}"
                message = o.paragraph_message.replace("%s", score_text, 1) if o.paragraph_message else None
                yield Finding(seg.span.start, seg.span.end, (score_text,), message=message)

    @staticmethod
    def _counts(doc: Document, rule: Rule, seg: Segment) -> bool:
        if seg.kind not in _SCORED or (seg.kind is SegmentKind.LIST_ITEM and not rule.options.lists):
            return False
        if "metadata" in seg.context:  # a title or description kept in metadata (healthlint.parse._search)
            return False
        return not (rule.skip and doc.in_zone(seg.span.start, rule.skip))
