"""``requirement``: the article must contain something, in its prose or its metadata.

A reviewer byline, a consult notice, a date, a crisis line when suicide is
discussed. Optionally only when a ``trigger`` occurs, and optionally with a
freshness limit on a date (``max_age_months``, ``future``).
"""

from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds.base import Finding, compile_pattern, iter_search, phrase, regex_field, timed
from healthlint.model import Rule
from healthlint.scopes import sentences_of

_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = regex.compile(
    r"(?P<iso>(?<!\d)(?P<y1>(?:19|20)\d\d)-(?P<m1>0?[1-9]|1[0-2])(?:-(?P<d1>0?[1-9]|[12]\d|3[01]))?(?![\d-]))"
    # "March 5, 2024", "Mar 5th 2024", "Nov 15, 25" (a two-digit year only after a day and a comma), "March 2024"
    rf"|(?P<mdy>\b(?P<mon2>{_MON})\s+(?:(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y2>(?:19|20)\d\d)(?!\d)|(?P<d2b>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,\s*(?P<y2b>\d\d)\b(?![/:.]\d)|(?P<y2c>(?:19|20)\d\d)(?!\d)))"
    rf"|(?P<dmy>\b(?P<d3>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon3>{_MON}),?\s+(?P<y3>(?:19|20)\d\d)(?!\d))"
    r"|(?P<num>(?<![\d/])(?P<m4>0?[1-9]|1[0-2])/(?P<d4>0?[1-9]|[12]\d|3[01])/(?P<y4>(?:19|20)\d\d)(?!\d))"
    # day first: "21/10/2025" (a day that cannot be a month), "21.10.2025"
    r"|(?P<dfs>(?<![\d/])(?P<d5>1[3-9]|2\d|3[01])/(?P<m5>0?[1-9]|1[0-2])/(?P<y5>(?:19|20)\d\d)(?!\d))"
    r"|(?P<dot>(?<![\d.-])(?P<d6>0?[1-9]|[12]\d|3[01])(?P<sep>[.-])(?P<m6>0?[1-9]|1[0-2])(?P=sep)(?P<y6>(?:19|20)\d\d)(?!\d))"
    # year first with slashes: "2025/10/21"
    r"|(?P<ymd>(?<![\d/])(?P<y7>(?:19|20)\d\d)/(?P<m7>0?[1-9]|1[0-2])/(?P<d7>0?[1-9]|[12]\d|3[01])(?![\d/]))",
    regex.IGNORECASE,
)


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (ISO, "March 5, 2024", "5 March 2024", "03/05/2024", "21/10/2024",
    "21.10.2024", "21-10-2024", "2024/10/21", "Nov 15, 25").

    A year ends where its digits end, so a date glued to the next word in scraped text
    ("June 3, 2025Medically reviewed") is read.
    """
    m = _DATE.search(text)
    if m is None:
        return None
    try:
        if m.group("iso"):
            return dt.date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1") or 1))
        if m.group("mdy"):
            month = _MONTHS[m.group("mon2").lower()[:3]]
            if m.group("y2"):
                return dt.date(int(m.group("y2")), month, int(m.group("d2")))
            if m.group("y2b"):
                return dt.date(2000 + int(m.group("y2b")), month, int(m.group("d2b")))
            return dt.date(int(m.group("y2c")), month, 1)
        if m.group("dmy"):
            return dt.date(int(m.group("y3")), _MONTHS[m.group("mon3").lower()[:3]], int(m.group("d3")))
        if m.group("dfs"):
            return dt.date(int(m.group("y5")), int(m.group("m5")), int(m.group("d5")))
        if m.group("ymd"):
            return dt.date(int(m.group("y7")), int(m.group("m7")), int(m.group("d7")))
        if m.group("dot"):
            return dt.date(int(m.group("y6")), int(m.group("m6")), int(m.group("d6")))
        return dt.date(int(m.group("y4")), int(m.group("m4")), int(m.group("d4")))
    except ValueError:
        return None


def today() -> dt.date:
    """Today, or ``HEALTHLINT_TODAY`` (ISO date) so that golden outputs do not age."""
    fixed = os.environ.get("HEALTHLINT_TODAY", "")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            pass
    return dt.date.today()


@dataclass(frozen=True)
class RequirementOptions:
    #: what satisfies the requirement in prose: ``tokens`` are alternatives,
    #: ``raw`` entries are concatenated into one pattern (Vale's rule)
    tokens: tuple[str, ...] = regex_field(())
    raw: tuple[str, ...] = regex_field(())
    ignorecase: bool = True
    #: a satisfying match whose clause matches one of these does not count
    #: ("call our hotline" is not a consult notice)
    exceptions: tuple[str, ...] = regex_field(())
    #: metadata fields that satisfy it when present (``reviewedBy``, ``date``)
    metadata: tuple[str, ...] = field(default=())
    #: a metadata value must match this to count (a clinical credential ...)
    metadata_pattern: str = regex_field("")
    #: the requirement applies only when one of these occurs
    trigger: tuple[str, ...] = regex_field(())
    #: a trigger whose sentence matches one of these does not count
    trigger_exceptions: tuple[str, ...] = regex_field(())
    #: a trigger inside quotation marks is a word being talked about, not the subject
    #: ("avoid 'committed suicide'"); set true to count it anyway
    trigger_quoted: bool = False
    #: the rule's ``skip`` zones also apply to satisfying text (false: a footer notice counts)
    skip_satisfy: bool = True
    #: the satisfying text holds a date: check its age
    max_age_months: int = 0
    future: bool = False
    stale_message: str = ""
    future_message: str = ""
    stale_level: str = ""
    future_level: str = ""


@dataclass(frozen=True, slots=True)
class Compiled:
    #: the alternatives that satisfy the rule, each searched on its own: one search per
    #: alternative is about twice as fast as one search of their alternation (every position
    #: would try every alternative), and a rule without a date stops at the first that counts
    satisfy: tuple[regex.Pattern[str], ...]
    exceptions: regex.Pattern[str] | None
    meta_value: regex.Pattern[str] | None
    trigger: regex.Pattern[str] | None
    trigger_exceptions: regex.Pattern[str] | None


def _alternation(items: tuple[str, ...], *, ignorecase: bool) -> regex.Pattern[str] | None:
    items = tuple(i for i in items if i)
    if not items:
        return None
    return compile_pattern("|".join(f"(?:{phrase(i)})" for i in items), ignorecase=ignorecase)


_CLAUSE_BREAK = regex.compile(r"[,;:()—–]|\s-\s|\b(?:but|or\s+(?=call|text|visit|book|contact))\b")


def _sentence_at(doc: Document, offset: int) -> str:
    """The prose sentence holding source ``offset`` (the whole segment when unsure)."""
    i = bisect_right(_starts(doc), offset) - 1
    if i < 0:
        return ""
    seg = doc.segments[i]
    if not seg.span.start <= offset < seg.span.end:
        return ""
    rel = offset - seg.span.start
    for span in sentences_of(seg):
        if span.start <= rel < span.end:
            return seg.text[span.start : span.end]
    return seg.text


def _clause_at(doc: Document, start: int, end: int) -> str:
    """The clause of the sentence holding ``[start, end)``: from the break before to the break after."""
    i = bisect_right(_starts(doc), start) - 1
    if i < 0 or not doc.segments[i].span.start <= start < doc.segments[i].span.end:
        return doc.prose[start:end]
    seg = doc.segments[i]
    rel, rel_end = start - seg.span.start, end - seg.span.start
    a, b = 0, len(seg.text)
    for span in sentences_of(seg):
        if span.start <= rel < span.end:
            a, b = span.start, span.end
            break
    before = seg.text[a:rel]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    lo = a + breaks[-1].end() if breaks else a
    after = _CLAUSE_BREAK.search(seg.text, min(rel_end, b), b)
    hi = after.start() if after else b
    return seg.text[lo:hi]


_QUOTED = regex.compile(r"[\"“”][^\"“”\n]{1,80}[\"“”]|(?<![\p{L}\p{N}])['‘][^'‘’\n]{1,60}['’](?![\p{L}\p{N}])")


def _quoted(doc: Document, start: int, end: int) -> bool:
    """The text ``[start, end)`` lies inside a short quotation on its line."""
    line_start = doc.prose.rfind("\n", 0, start) + 1
    line_end = doc.prose.find("\n", end)
    line = doc.prose[line_start : line_end if line_end >= 0 else len(doc.prose)]
    return any(q.start() + line_start < start and end < q.end() + line_start for q in _QUOTED.finditer(line))


def article_anchor(doc: Document) -> int:
    """Where a document-level finding points: the first title or heading that is not site chrome."""
    from healthlint.document import SegmentKind

    for kind in (SegmentKind.TITLE, SegmentKind.HEADING):
        for seg in doc.segments:
            if seg.kind is kind and seg.text.strip() and not doc.in_zone(seg.span.start, ("boilerplate",)):
                return seg.span.start + len(seg.text) - len(seg.text.lstrip())
    anchor = doc.title_span
    return anchor.start if anchor else 0


def _satisfying(patterns: tuple[regex.Pattern[str], ...], text: str, *, every: bool) -> Iterator[regex.Match[str]]:
    """The matches of the satisfying alternatives: lazily one alternative after the other, or
    (``every``, to read all dates) all of them in text order, leftmost first, then longest,
    a match inside an earlier one dropped (what one search of their alternation would find)."""
    if not every:
        for pattern in patterns:
            yield from iter_search(pattern, text)
        return
    found = sorted((m for pattern in patterns for m in iter_search(pattern, text)), key=lambda m: (m.start(), -m.end()))
    end = -1
    for m in found:
        if m.end() <= end:
            continue
        end = m.end()
        yield m


def _starts(doc: Document) -> list[int]:
    return [seg.span.start for seg in doc.segments]


class Requirement:
    name: ClassVar[str] = "requirement"
    Options: ClassVar[type[Any]] = RequirementOptions

    def compile(self, options: RequirementOptions, *, rule_name: str) -> Compiled:
        # as in Vale, ``raw`` entries are concatenated into one pattern and ``tokens`` are alternatives
        satisfy = options.tokens + (("".join(options.raw),) if any(options.raw) else ())
        return Compiled(
            tuple(p for p in (_alternation((item,), ignorecase=options.ignorecase) for item in satisfy) if p is not None),
            _alternation(options.exceptions, ignorecase=options.ignorecase),
            compile_pattern(options.metadata_pattern, ignorecase=True) if options.metadata_pattern else None,
            _alternation(options.trigger, ignorecase=True),
            _alternation(options.trigger_exceptions, ignorecase=True),
        )

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        c: Compiled = rule.compiled
        o: RequirementOptions = rule.options
        text = doc.prose
        at = article_anchor(doc)
        if c.trigger is not None:
            first = next((m for m in iter_search(c.trigger, text) if self._trigger_counts(doc, rule, c, m)), None)
            if first is None:
                return
            at_span = (first.start(), first.end())
        else:
            at_span = (at, at)
        dates: list[tuple[dt.date, int, int]] = []
        satisfied = False
        dated = bool(o.max_age_months or o.future)
        for m in _satisfying(c.satisfy, text, every=dated):
            if c.exceptions is not None and timed(c.exceptions.search, _clause_at(doc, m.start(), m.end()) or m.group()):
                continue
            if o.skip_satisfy and rule.skip and doc.in_zone(m.start(), rule.skip):
                continue
            satisfied = True
            if not dated:
                break
            found = parse_date(m.group())
            if found is not None:
                dates.append((found, m.start(), m.end()))
        if not (satisfied and not dated):
            for name in o.metadata:
                for value in doc.meta(name):
                    if not value.value.strip():
                        continue
                    if c.meta_value is not None and not timed(c.meta_value.search, value.value):
                        continue
                    satisfied = True
                    if dated:
                        found = parse_date(value.value)
                        if found is not None:
                            span = value.span
                            dates.append((found, span.start if span else at, span.end if span else at))
        if not satisfied:
            yield Finding(at_span[0], at_span[1])
            return
        if dates and dated:
            yield from self._freshness(dates, o)

    @staticmethod
    def _trigger_counts(doc: Document, rule: Rule, c: Compiled, m: regex.Match[str]) -> bool:
        if rule.skip and doc.in_zone(m.start(), rule.skip):
            return False
        if not rule.options.trigger_quoted and _quoted(doc, m.start(), m.end()):
            return False
        if c.trigger_exceptions is not None and timed(c.trigger_exceptions.search, _sentence_at(doc, m.start()) or m.group()):
            return False
        return True

    @staticmethod
    def _freshness(dates: list[tuple[dt.date, int, int]], o: RequirementOptions) -> Iterator[Finding]:
        now = today()
        newest = max(dates, key=lambda d: d[0])
        date, start, end = newest
        if o.future and date > now:
            text = o.future_message or "The date {date} is in the future: check it."
            yield Finding(start, end, (date.isoformat(),), message=text.format(date=date.isoformat()), level=o.future_level or None)
            return
        if o.max_age_months:
            months = (now.year - date.year) * 12 + (now.month - date.month) - (1 if now.day < date.day else 0)
            if months > o.max_age_months or (months == o.max_age_months and now.day != date.day):
                text = o.stale_message or "The newest date, {date}, is {months} months old (limit {limit}): review the article and update its date."
                yield Finding(start, end, (date.isoformat(),), message=text.format(date=date.isoformat(), months=months, limit=o.max_age_months), level=o.stale_level or None)
