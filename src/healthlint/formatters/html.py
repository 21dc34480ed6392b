"""``--format html``: one self-contained review report, each article shown with its findings marked.

Everything that comes from an article, a rule or a message is HTML-escaped here, on the server
side, and reaches the page only as DOM text; the inline script reads that DOM and never receives
article text as code. A Content-Security-Policy pins the inline style and script by hash and
forbids every fetch, so the file works offline and an injected tag could not run or load anything.

Spans are drawn at their exact ``start``/``end`` offsets. Findings that nest (or coincide) become
nested ``<mark>`` elements; a finding that *crosses* another (each holds part of the other) is
drawn in an extra, exactly aligned layer over the text, so every finding still has one element
whose text content is its ``match``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from html import escape
from typing import Mapping, Sequence
from urllib.parse import urlsplit

from healthlint.diagnostic import Diagnostic, Level
from healthlint.formatters._html_assets import CSS, JS
from healthlint.formatters.base import Report, RuleInfo

_LEVELS = (Level.ERROR, Level.WARNING, Level.SUGGESTION)
_PLURAL = {Level.ERROR: "Errors", Level.WARNING: "Warnings", Level.SUGGESTION: "Suggestions"}
_UNDERLINE = {Level.ERROR: "solid underline", Level.WARNING: "dashed underline",
              Level.SUGGESTION: "dotted underline"}
_BREAK = re.compile(r"\r\n|\r|\n")
#: articles shown in a monospace face: their raw markup is what the reader sees
_MARKUP = (".md", ".markdown", ".mdx", ".html", ".htm", ".xhtml", ".xml", ".njk", ".jinja", ".j2")


def _e(text: str) -> str:
    """Escape for element content or a quoted attribute; CR survives the parser, NUL shows as U+FFFD."""
    return escape(text, quote=True).replace("\r", "&#13;").replace("\x00", "\ufffd")


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _link(url: str) -> str:
    """A guideline link; anything but http(s) is shown as text, never as an ``href``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[": a rule's link that is not an address
        return _e(url)
    if parts.scheme.lower() not in ("http", "https"):
        return _e(url)
    short = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    short = short if len(short) <= 64 else short[:63] + "\u2026"
    return (f'<a href="{_e(url.strip())}" title="{_e(url.strip())}" target="_blank"'
            f' rel="noopener noreferrer">{_e(short)}</a><span class="url">{_e(url.strip())}</span>')


def _badge(level: Level, text: str | None = None) -> str:
    return f'<span class="badge lv-{level.value}">{_e(text or level.value.capitalize())}</span>'


@dataclass(frozen=True, slots=True)
class _Finding:
    diag: Diagnostic
    seq: int  # page-wide order of j/k navigation
    note: int  # footnote number inside its article
    rule_ref: str  # id of the rule's row in the overview
    placed: bool  # drawn in the text, not listed above it

    @property
    def fid(self) -> str:
        return f"f{self.seq}"

    @property
    def nid(self) -> str:
        return f"n{self.seq}"

    def data(self) -> str:
        d = self.diag
        return (f' data-seq="{self.seq}" data-rule="{_e(d.rule)}" data-level="{d.severity}"'
                f' data-rule-ref="{self.rule_ref}" data-note="{self.nid}"')


@dataclass(frozen=True, slots=True)
class _Article:
    anchor: str
    path: str
    source: str | None
    findings: tuple[_Finding, ...]

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.diag.level is level)


@dataclass(frozen=True, slots=True)
class _RuleRow:
    name: str
    ref: str
    level: Level
    count: int
    articles: int
    info: RuleInfo | None


def _fits(d: Diagnostic, source: str | None) -> bool:
    return (source is not None and 0 <= d.start < d.end <= len(source)
            and source[d.start:d.end] == d.match)


def _rule_rows(report: Report) -> list[_RuleRow]:
    found: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        found.setdefault(d.rule, []).append(d)
    rows = []
    for i, (name, ds) in enumerate(sorted(found.items())):
        info = report.rules.get(name)
        level = info.level if info else max(d.level for d in ds)
        rows.append(_RuleRow(name, f"r{i}", level, len(ds), len({d.path for d in ds}), info))
    return sorted(rows, key=lambda r: (-r.count, -r.level.rank, r.name))


def _articles(report: Report, refs: Mapping[str, str]) -> list[_Article]:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    paths = list(dict.fromkeys([*report.files, *sorted(by_path)]))
    seq, out = 0, []
    for i, path in enumerate(paths, 1):
        diags = by_path.get(path, [])
        source = report.source_of(path) if diags else None
        listed = sorted((d for d in diags if not _fits(d, source)),
                        key=lambda d: (not d.is_document_level, d.line, d.column, -d.level.rank, d.rule))
        drawn = sorted((d for d in diags if _fits(d, source)),
                       key=lambda d: (d.start, -d.end, d.rule, d.message))
        found = []
        for n, d in enumerate([*listed, *drawn], 1):
            found.append(_Finding(d, seq, n, refs[d.rule], placed=n > len(listed)))
            seq += 1
        out.append(_Article(f"a{i}", path, source, tuple(found)))
    return out


# ---------------------------------------------------------------- the text with its highlights


def _line_starts(source: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(source) if m.end() < len(source))]


def _text(source: str, a: int, b: int) -> str:
    """``source[a:b]`` escaped; a lone CR also gets a ``<br>`` so it shows as the line break it is."""
    out = escape(source[a:b], quote=True).replace("\x00", "\ufffd")
    if "\r" in out:
        out = out.replace("\r\n", "&#13;\n")
        if out.endswith("\r") and source[b:b + 1] == "\n":
            out = out[:-1] + "&#13;"
        out = out.replace("\r", "&#13;<br>")
    return out


def _chunk(source: str, a: int, b: int, starts: Sequence[int]) -> str:
    """``source[a:b]`` with a line-number marker (a CSS-drawn, empty span) at each line start."""
    if a >= b:
        return ""
    out, prev = [], a
    for k in range(bisect_left(starts, a), bisect_left(starts, b)):
        out.append(_text(source, prev, starts[k]))
        out.append(f'<span class="ln" data-n="{k + 1}"></span>')
        prev = starts[k]
    out.append(_text(source, prev, b))
    return "".join(out)


def _layers(findings: Sequence[_Finding]) -> list[list[_Finding]]:
    """Deal spans into layers inside which they nest properly (no span crosses another)."""
    layers: list[list[_Finding]] = []
    stacks: list[list[int]] = []  # per layer: the ends of the spans still open
    for f in sorted(findings, key=lambda f: (f.diag.start, -f.diag.end, f.seq)):
        for layer, stack in zip(layers, stacks):
            while stack and stack[-1] <= f.diag.start:
                stack.pop()
            if not stack or f.diag.end <= stack[-1]:
                layer.append(f)
                stack.append(f.diag.end)
                break
        else:
            layers.append([f])
            stacks.append([f.diag.end])
    return layers


def _layer(source: str, marks: Sequence[_Finding], refs: Mapping[int, Sequence[_Finding]], *,
           stop: int, starts: Sequence[int], depth: int) -> str:
    """One layer of the text: its marks nested, and every layer's footnote refs, up to ``stop``."""
    order = sorted(marks, key=lambda f: (f.diag.start, -f.diag.end, f.seq))
    points = sorted({p for f in marks for p in (f.diag.start, f.diag.end)}
                    | {p for p in refs if p <= stop})
    out: list[str] = []
    open_ends: list[int] = []
    pos = i = 0
    for p in points:
        out.append(_chunk(source, pos, p, starts))
        pos = p
        while open_ends and open_ends[-1] == p:
            out.append("</mark>")
            open_ends.pop()
        for f in refs.get(p, ()):
            out.append(f'<span class="ref flt" data-n="{f.note}" data-rule="{_e(f.diag.rule)}"'
                       f' data-level="{f.diag.severity}"></span>')
        while i < len(order) and order[i].diag.start == p:
            f, d = order[i], order[i].diag
            out.append(f'<mark class="hl finding flt lv-{d.severity} d{min(3, depth + len(open_ends))}"'
                       f' id="{f.fid}" tabindex="0" data-start="{d.start}" data-end="{d.end}"'
                       f' aria-describedby="{f.nid}"{f.data()}>')
            open_ends.append(d.end)
            i += 1
    out.append(_chunk(source, pos, stop, starts))
    return "".join(out)


def _source_view(a: _Article, source: str) -> str:
    placed = [f for f in a.findings if f.placed]
    layers = _layers(placed) or [[]]
    refs: dict[int, list[_Finding]] = {}
    for f in placed:
        refs.setdefault(f.diag.end, []).append(f)
    cls = "code mono" if a.path.lower().endswith(_MARKUP) else "code"
    out = [f'<div class="src"><div class="{cls}">',
           _layer(source, layers[0], refs, stop=len(source), starts=_line_starts(source), depth=0),
           "</div>"]
    for layer in layers[1:]:  # crossing spans: same text, invisible but for the marks, on top
        stop = max(f.diag.end for f in layer)
        out += [f'<div class="{cls} layer">', _layer(source, layer, refs, stop=stop, starts=(),
                                                      depth=2), "</div>"]
    out.append("</div>")
    return "".join(out)


# ---------------------------------------------------------------- articles


def _rule_why(info: RuleInfo | None) -> str:
    if info is None:
        return ""
    parts = []
    if info.rationale or info.description:
        parts.append(f'<span class="why-text">{_e(info.rationale or info.description)}</span>')
    if info.link:
        parts.append(f'<span class="link">{_link(info.link)}</span>')
    return f'<div class="rule-why">{"".join(parts)}</div>' if parts else ""


def _fix(d: Diagnostic) -> str:
    if d.replacement is None:
        return ""
    fix = f"<ins>{_e(d.replacement)}</ins>" if d.replacement else "remove it"
    return f'<span class="note-fix">Suggested: {fix}</span>'


def _where(d: Diagnostic) -> str:
    return "Whole article" if d.is_document_level else f"{d.line}:{d.column}"


def _listed(f: _Finding, rules: Mapping[str, RuleInfo]) -> str:
    d = f.diag
    return (f'<li class="finding flt lv-{d.severity}" id="{f.fid}" tabindex="0"{f.data()}>'
            f'{_badge(d.level)} <span class="where">{_e(_where(d))}</span> '
            f'<span class="note-msg">{_e(d.message)}</span> <code class="note-rule">{_e(d.rule)}</code>'
            f' {_fix(d)}{_rule_why(rules.get(d.rule))}</li>')


def _notes(a: _Article, rules: Mapping[str, RuleInfo]) -> str:
    seen: set[str] = set()
    items = []
    for f in a.findings:
        d = f.diag
        short = d.match if len(d.match) <= 80 else d.match[:77] + "\u2026"
        match = f' <span class="match">\u201c{_e(short)}\u201d</span>' if d.match else ""
        why = "" if d.rule in seen else f'<div class="note-why">{_rule_why(rules.get(d.rule))}</div>'
        seen.add(d.rule)
        items.append(
            f'<li id="{f.nid}" value="{f.note}" class="flt lv-{d.severity}" data-rule="{_e(d.rule)}"'
            f' data-level="{d.severity}"><a class="pos" href="#{f.fid}">{_e(_where(d))}</a> '
            f'{_badge(d.level)} <span class="note-msg">{_e(d.message)}</span> '
            f'<code class="note-rule">{_e(d.rule)}</code>{match} {_fix(d)}{why}</li>')
    return (f'<section class="notes-wrap"><h3>Findings in this article</h3>'
            f'<ol class="notes">{"".join(items)}</ol></section>')


def _article(a: _Article, rules: Mapping[str, RuleInfo]) -> str:
    counts = "".join(_badge(lv, f"{a.count(lv)} {lv.value}{'s' if a.count(lv) != 1 else ''}")
                     for lv in _LEVELS if a.count(lv))
    out = [f'<article class="doc" id="{a.anchor}" data-path="{_e(a.path)}"><header>'
           f'<h2>{_e(a.path)}</h2><span class="counts">{counts}</span>'
           f'<a class="back" href="#overview">Back to overview</a></header>']
    if not a.findings:
        return out[0] + '<p class="clean-note">No findings.</p></article>'
    listed = [f for f in a.findings if not f.placed]
    whole = [f for f in listed if f.diag.is_document_level]
    if whole:
        out.append('<ul class="banner" aria-label="Findings about the whole article">'
                   '<li class="title">About the whole article</li>'
                   + "".join(_listed(f, rules) for f in whole) + "</ul>")
    rest = [f for f in listed if not f.diag.is_document_level]
    if a.source is None:
        out.append('<p class="nosource">The text of this article is not available; '
                   'its findings are listed by position.</p>')
    elif rest:
        out.append('<p class="nosource">These findings could not be placed in the text '
                   '(their positions do not match it):</p>')
    if rest:
        out.append('<ul class="banner unplaced">' + "".join(_listed(f, rules) for f in rest) + "</ul>")
    if a.source is not None:
        out += [_source_view(a, a.source), _notes(a, rules)]
    out.append("</article>")
    return "".join(out)


# ---------------------------------------------------------------- overview and page


def _chart(rows: Sequence[_RuleRow]) -> str:
    if not rows:
        return ""
    top, label_w, bar_w, row_h = max(r.count for r in rows), 270, 430, 26
    width, height = label_w + bar_w + 56, row_h * len(rows) + 8
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
           f' role="img" aria-label="Findings per rule"><title>Findings per rule</title>']
    for i, r in enumerate(rows):
        y, w = 4 + i * row_h, max(3, round(bar_w * r.count / top))
        label = r.name if len(r.name) <= 38 else r.name[:37] + "\u2026"
        out.append(f'<g><title>{_e(r.name)}: {r.count}</title>'
                   f'<text x="{label_w - 12}" y="{y + 14}" text-anchor="end">{_e(label)}</text>'
                   f'<rect class="track" x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" rx="3"/>'
                   f'<rect class="lv-{r.level.value}" x="{label_w}" y="{y + 3}" width="{w}"'
                   f' height="14" rx="3"/><text class="num" x="{label_w + bar_w + 10}"'
                   f' y="{y + 14}">{r.count}</text></g>')
    return "".join(out) + "</svg>"


def _overview(report: Report, articles: Sequence[_Article], rows: Sequence[_RuleRow]) -> str:
    counts = report.counts()
    touched = sum(1 for a in articles if a.findings)
    cards = [f'<div class="total"><div class="num">{len(articles)}</div><div class="what">'
             f'article{"s" if len(articles) != 1 else ""}, {touched} with findings</div></div>']
    for lv in _LEVELS:
        cards.append(f'<div class="total"><div class="num">{counts.get(lv, 0)}</div><div class="what">'
                     f'<mark class="sample lv-{lv.value}">{_PLURAL[lv]}</mark> \u00b7 {_UNDERLINE[lv]}'
                     f'</div></div>')
    ranked = sorted(articles, key=lambda a: (-len(a.findings), *(-a.count(lv) for lv in _LEVELS), a.path))
    trs = []
    for k, a in enumerate(ranked, 1):
        cells = "".join(f'<td class="n{"" if a.count(lv) else " zero"}">{a.count(lv)}</td>' for lv in _LEVELS)
        trs.append(f'<tr{"" if a.findings else " class=clean"}><td class="n">{k}</td><td>'
                   f'<a href="#{a.anchor}">{_e(a.path)}</a></td>{cells}'
                   f'<td class="n"><strong>{len(a.findings)}</strong></td></tr>')
    rule_trs = [f'<tr id="{r.ref}"><td><code>{_e(r.name)}</code>'
                f'{f"<div>{_e(r.info.description)}</div>" if r.info and r.info.description else ""}'
                f'{_rule_why(r.info)}</td><td>{_badge(r.level)}</td><td class="n">{r.articles}</td>'
                f'<td class="n"><strong>{r.count}</strong></td></tr>' for r in rows]
    out = [f'<section class="card" id="overview"><h2>Overview</h2><div class="totals">{"".join(cards)}</div>',
           '<h3>Articles, most findings first</h3><table class="rank"><thead><tr><th class="n">#</th>'
           '<th>Article</th>' + "".join(f'<th class="n">{_PLURAL[lv]}</th>' for lv in _LEVELS)
           + f'<th class="n">Total</th></tr></thead><tbody>{"".join(trs)}</tbody></table>']
    if rows:
        out.append(f'<h3>Findings per rule</h3>{_chart(rows)}<table class="rules"><thead><tr>'
                   '<th>Rule, and why it matters</th><th>Level</th><th class="n">Articles</th>'
                   f'<th class="n">Findings</th></tr></thead><tbody>{"".join(rule_trs)}</tbody></table>')
    if report.errors:
        out.append('<h3>Not checked</h3><ul class="errors">'
                   + "".join(f"<li><code>{_e(str(e))}</code></li>" for e in report.errors) + "</ul>")
    return "".join(out) + "</section>"


def _toolbar(report: Report, rows: Sequence[_RuleRow]) -> str:
    counts = report.counts()
    levels = "".join(f'<label><input type="checkbox" class="level-toggle" value="{lv.value}" checked> '
                     f'{_badge(lv, _PLURAL[lv])} <span class="count">{counts.get(lv, 0)}</span></label>'
                     for lv in _LEVELS)
    rules = "".join(f'<label><input type="checkbox" class="rule-toggle" value="{_e(r.name)}" checked> '
                    f'<code>{_e(r.name)}</code><span class="count">{r.count}</span></label>' for r in rows)
    return ('<nav class="toolbar" aria-label="Filters and navigation"><div class="wrap">'
            f'<div class="group" role="group" aria-label="Severity"><span class="label">Show</span>{levels}</div>'
            f'<details class="rules-menu"><summary id="rules-summary">Rules</summary><div class="menu">'
            '<div class="all"><button type="button" data-rules="all">All</button>'
            f'<button type="button" data-rules="none">None</button></div>{rules}</div></details>'
            '<div class="nav"><span id="nav-pos" aria-live="polite"></span>'
            '<button type="button" data-move="-1" aria-label="Previous finding">Previous</button>'
            '<button type="button" data-move="1" aria-label="Next finding">Next</button>'
            '<span><kbd>j</kbd> <kbd>k</kbd></span></div></div></nav>')


class HtmlFormatter:
    """A single offline HTML page: overview, then every article with its findings marked."""

    name = "html"

    def render(self, report: Report, *, color: bool = False) -> str:
        rows = _rule_rows(report)
        articles = _articles(report, {r.name: r.ref for r in rows})
        rules = report.rules
        n = len(articles)
        title = f"healthlint review: {n} article{'s' if n != 1 else ''}, {len(report.diagnostics)} findings"
        csp = (f"default-src 'none'; style-src '{_sha(CSS)}'; script-src '{_sha(JS)}'; "
               "img-src data:; base-uri 'none'; form-action 'none'")
        version = f"healthlint {report.version}" if report.version else "healthlint"
        return "".join([
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta name="generator" content="{_e(version)}">\n',  # a folder walk skips this report
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',
            '<meta name="referrer" content="no-referrer">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            f'<header class="top"><div class="wrap"><h1>Medical copy review</h1>'
            f"<p>{_e(report.summary_line())}</p></div></header>\n",
            _toolbar(report, rows), '\n<main class="wrap">\n', _overview(report, articles, rows), "\n",
            "\n".join(_article(a, rules) for a in articles),
            f"\n</main>\n<footer>Generated by {_e(version)}. Hover, click or focus a marked passage for "
            "details; press j or k to move between findings.</footer>\n",
            '<div id="tip" role="tooltip" hidden></div>\n', f"<script>{JS}</script>\n</body>\n</html>\n",
        ])
