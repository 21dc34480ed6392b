"""In-document directives: HTML comments that switch rules off, with a reason.

healthlint's own::

    <!-- healthlint-disable Medical.UncitedStatistic, Medical.Superlative: quoted from the label -->
    <!-- healthlint-enable Medical.UncitedStatistic -->
    <!-- healthlint-disable-next-line Medical.AbsoluteClaim: a patient's words -->
    It cures panic. <!-- healthlint-disable-line Medical.AbsoluteClaim: a patient's words -->
    <!-- healthlint-disable-file Medical.MissingReviewer: a press release -->

In plain text the same words form a line of their own, without the comment
marks, or ``healthlint-disable-line Rule: reason`` ends a line (see parse/text.py).

and Vale's: ``<!-- vale off -->``, ``<!-- vale on -->``, ``<!-- vale Style.Rule = NO -->``
(``YES`` turns it back on; a style name covers all its rules).

A healthlint directive needs a reason; one that suppresses nothing is reported,
as is an unknown rule name. Those reports use the rule names below.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

from healthlint.diagnostic import Diagnostic, Level
from healthlint.document import Document, Span

INVALID = "healthlint.InvalidDirective"
UNUSED = "healthlint.UnusedDirective"

_HEALTHLINT = regex.compile(
    r"^\s*healthlint-(?P<verb>disable-next-line|disable-line|disable-file|disable|enable)(?=[\s:]|$)(?P<rules>[^:]*)(?::(?P<reason>.*))?$",
    regex.DOTALL,
)
#: unknown rule names reported one by one per directive; the rest are counted in one report
MAX_UNKNOWN_REPORTED = 5
_VALE = regex.compile(r"^\s*vale\s+(?:(?P<switch>off|on)|(?P<name>[\w.-]+)\s*=\s*(?P<value>YES|NO))\s*$", regex.DOTALL | regex.IGNORECASE)


@dataclass
class _Range:
    rules: frozenset[str] | None  # None: every rule
    start: int
    end: int
    directive: Span
    healthlint: bool
    used: bool = False

    def covers(self, rule: str, offset: int) -> bool:
        if not (self.start <= offset < self.end):
            return False
        return self.rules is None or rule in self.rules or rule.split(".", 1)[0] in self.rules


def apply(doc: Document, diags: Sequence[Diagnostic], known_rules: Iterable[str], *, ran: set[str] | None = None) -> list[Diagnostic]:
    """Drop suppressed diagnostics; add reports about bad or unused directives.

    A directive is reported as unused only when a rule it names ran.
    """
    if not doc.comments:
        return list(diags)
    known = set(known_rules)
    styles = {n.split(".", 1)[0] for n in known}
    problems: list[Diagnostic] = []
    ranges: list[_Range] = []
    open_ranges: dict[str, _Range] = {}
    end_of_file = len(doc.source) + 1

    def report(span: Span, message: str, rule: str = INVALID) -> None:
        problems.append(_diagnostic(doc, span, rule, message))

    def names(text: str, span: Span) -> frozenset[str] | None:
        items = [n.strip() for n in regex.split(r"[,\s]+", text) if n.strip()]
        if not items or items == ["all"]:
            return None
        unknown = [n for n in dict.fromkeys(items) if n not in known and n not in styles]
        for n in unknown[:MAX_UNKNOWN_REPORTED]:  # each report holds the directive: a few, never one per name
            shown = n if len(n) <= 80 else n[:79] + "…"
            close = difflib.get_close_matches(n, sorted(known), n=1) if len(n) <= 80 else []
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            report(span, f"unknown rule '{shown}' in directive{hint}")
        if len(unknown) > MAX_UNKNOWN_REPORTED:
            report(span, f"{len(unknown) - MAX_UNKNOWN_REPORTED} more unknown rule names in this directive")
        return frozenset(items)

    for comment in sorted(doc.comments, key=lambda c: c.span.start):
        text, span = comment.text, comment.span
        m = _HEALTHLINT.match(text)
        if m is not None:
            verb = m.group("verb")
            rules = names(m.group("rules"), span)
            reason = (m.group("reason") or "").strip()
            if verb != "enable" and not reason:
                example = f"healthlint-{verb} Rule.Name: why"
                if doc.format != "text":
                    example = f"<!-- {example} -->"
                report(span, f"'healthlint-{verb}' needs a reason after a colon, e.g. '{example}'")
            if verb == "disable-file":
                ranges.append(_Range(rules, 0, end_of_file, span, True))
            elif verb == "disable-line":  # the line (or lines) the directive is on, not the rest of the file
                first = doc.line_index.line_span(doc.line_index.position(span.start).line, doc.source)
                last = doc.line_index.line_span(doc.line_index.position(max(span.start, span.end - 1)).line, doc.source)
                ranges.append(_Range(rules, first.start, last.end + 1, span, True))
            elif verb == "disable-next-line":
                line = _next_content_line(doc, span.end)
                if line is None:
                    report(span, "'healthlint-disable-next-line' has no line after it")
                else:
                    ranges.append(_Range(rules, line.start, line.end + 1, span, True))
            elif verb == "disable":
                r = _Range(rules, span.end, end_of_file, span, True)
                ranges.append(r)
                for key in rules or {"*"}:
                    open_ranges[key] = r
            else:  # enable
                for key in rules or list(open_ranges):
                    r = open_ranges.pop(key, None) or open_ranges.pop("*", None)  # type: ignore[arg-type]
                    if r is not None:
                        r.end = min(r.end, span.start)
            continue
        v = _VALE.match(text)
        if v is None:
            continue
        if v.group("switch"):
            if v.group("switch").lower() == "off":
                r = _Range(None, span.end, end_of_file, span, False)
                ranges.append(r)
                open_ranges["vale:*"] = r
            else:
                for key in [k for k in open_ranges if k.startswith("vale:")]:
                    open_ranges.pop(key).end = span.start
        else:
            name = v.group("name")
            if v.group("value").upper() == "NO":
                r = _Range(frozenset({name}), span.end, end_of_file, span, False)
                ranges.append(r)
                open_ranges[f"vale:{name}"] = r
            elif f"vale:{name}" in open_ranges:
                open_ranges.pop(f"vale:{name}").end = span.start

    kept: list[Diagnostic] = []
    for d, hit in zip(diags, first_covering(ranges, diags)):
        if hit is None:
            kept.append(d)
        else:
            hit.used = True
    for r in ranges:
        ran_here = ran is None or r.rules is None or any(n in ran or any(x.startswith(n + ".") for x in ran) for n in r.rules)
        if r.healthlint and not r.used and ran_here:
            what = ", ".join(sorted(r.rules)) if r.rules else "any rule"
            problems.append(_diagnostic(doc, r.directive, UNUSED, f"this directive suppresses nothing ({what} reports no finding here); remove it"))
    return sorted(kept + problems)


def first_covering(ranges: Sequence[_Range], diags: Sequence[Diagnostic]) -> list[_Range | None]:
    """For each diagnostic, the first range (in ``ranges`` order) that covers it, or None.

    One sweep over the offsets with a heap of open ranges per rule key, so a page of
    thousands of directives and findings costs (D + R) log R, not D x R (5,000 of each
    took 11 s).
    """
    import heapq

    out: list[_Range | None] = [None] * len(diags)
    by_start = sorted(range(len(ranges)), key=lambda j: ranges[j].start)
    #: rule key (None: every rule) -> heap of (index in ranges, end) of the ranges open so far
    heaps: dict[str | None, list[tuple[int, int]]] = {}
    k = 0
    for i in sorted(range(len(diags)), key=lambda i: diags[i].start):
        d = diags[i]
        while k < len(by_start) and ranges[by_start[k]].start <= d.start:
            j = by_start[k]
            r = ranges[j]
            for key in r.rules if r.rules is not None else (None,):
                heapq.heappush(heaps.setdefault(key, []), (j, r.end))
            k += 1
        best: int | None = None
        for key in {d.rule, d.rule.split(".", 1)[0], None}:
            heap = heaps.get(key)
            while heap and heap[0][1] <= d.start:  # closed before this offset, so before every later one
                heapq.heappop(heap)
            if heap and (best is None or heap[0][0] < best):
                best = heap[0][0]
        out[i] = None if best is None else ranges[best]
    return out


def _next_content_line(doc: Document, offset: int) -> Span | None:
    index = doc.line_index
    line = index.position(offset).line
    for n in range(line + 1, len(index.line_starts) + 1):
        span = index.line_span(n, doc.source)
        if doc.source[span.start : span.end].strip():
            return span
    return None


def _diagnostic(doc: Document, span: Span, rule: str, message: str) -> Diagnostic:
    start, end = doc.position(span.start), doc.position(span.end)
    return Diagnostic(
        path=doc.path, line=start.line, column=start.column, end_line=end.line, end_column=end.column,
        rule=rule, level=Level.WARNING, message=message, match=doc.source[span.start : span.end],
        start=span.start, end=span.end,
    )
