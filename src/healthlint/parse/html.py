"""HTML pages and fragments to a Document.

The standard library's tolerant ``HTMLParser`` (with ``convert_charrefs`` off,
so text arrives unchanged and its length is its source length) reports where
each text run starts; prose is the source with everything but those runs
blanked. ``<script>``, ``<style>``, comments, ``<code>`` and ``<pre>`` are
never prose; ``<head>`` metadata and JSON-LD become metadata; ``alt`` texts
are segments of their own; the titles and descriptions a search result shows
are read as prose too (:mod:`healthlint.parse._search`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from typing import Callable

import regex

from healthlint.document import Citation, CitationKind, Directive, MetaValue, Segment, SegmentKind, Span
from healthlint.parse import ParseResult
from healthlint.parse._jsonld import json_ld_values
from healthlint.parse._mask import blank_outside, make_segment
from healthlint.parse._search import META_FIELDS, attribute_segment, unread

_BLOCK_KIND = {
    "p": SegmentKind.PARAGRAPH,
    "div": SegmentKind.PARAGRAPH,
    "section": SegmentKind.PARAGRAPH,
    "article": SegmentKind.PARAGRAPH,
    "main": SegmentKind.PARAGRAPH,
    "header": SegmentKind.PARAGRAPH,
    "footer": SegmentKind.PARAGRAPH,
    "nav": SegmentKind.PARAGRAPH,
    "aside": SegmentKind.PARAGRAPH,
    "figure": SegmentKind.PARAGRAPH,
    "figcaption": SegmentKind.PARAGRAPH,
    "address": SegmentKind.PARAGRAPH,
    "form": SegmentKind.PARAGRAPH,
    "fieldset": SegmentKind.PARAGRAPH,
    "details": SegmentKind.PARAGRAPH,
    "summary": SegmentKind.PARAGRAPH,
    "dl": SegmentKind.PARAGRAPH,
    "dt": SegmentKind.LIST_ITEM,
    "dd": SegmentKind.LIST_ITEM,
    "ul": SegmentKind.PARAGRAPH,
    "ol": SegmentKind.PARAGRAPH,
    "li": SegmentKind.LIST_ITEM,
    "blockquote": SegmentKind.BLOCKQUOTE,
    "table": SegmentKind.PARAGRAPH,
    "thead": SegmentKind.PARAGRAPH,
    "tbody": SegmentKind.PARAGRAPH,
    "tr": SegmentKind.PARAGRAPH,
    "td": SegmentKind.TABLE_CELL,
    "th": SegmentKind.TABLE_CELL,
    "caption": SegmentKind.PARAGRAPH,
    "body": SegmentKind.PARAGRAPH,
    "html": SegmentKind.PARAGRAPH,
    "title": SegmentKind.TITLE,
    "button": SegmentKind.PARAGRAPH,
    "hr": SegmentKind.PARAGRAPH,
    **{f"h{i}": SegmentKind.HEADING for i in range(1, 7)},
}
#: elements whose content is never prose
_SKIP = frozenset({"script", "style", "template", "noscript", "code", "pre", "svg", "math", "iframe", "object", "canvas", "textarea", "select", "kbd", "samp", "var"})
#: elements whose prose is not the article's own claims
_BOILERPLATE = frozenset({"nav", "footer", "header", "aside", "form", "button"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"})
_ATTR = regex.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_BOILERPLATE_CLASS = regex.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|breadcrumbs?|sidebar|related|cookie|newsletter|share|social|cta|subscribe|site-header|comments?)(?:$|[\s_-])", regex.IGNORECASE)
_REFERENCE_CLASS = regex.compile(r"(?:^|[\s_-])(?:references?|citations?|bibliography|footnotes?|sources)(?:$|[\s_-])", regex.IGNORECASE)


def parse_html(source: str) -> ParseResult:
    """Parse a whole HTML page (or a fragment) into the parts of a Document."""
    return parse_html_fragment(source, Span(0, len(source)))


def parse_html_fragment(source: str, span: Span) -> ParseResult:
    """Parse the HTML in ``source[span]``, keeping offsets into ``source``."""
    parser = _Parser(source, span.start, span.end)
    try:
        parser.feed(_for_parser(source[span.start : span.end]))
        parser.close()
    except MemoryError:
        raise  # not bad markup: the file's error, never a page silently cut short
    except Exception:  # HTMLParser is tolerant; never let a broken page crash a run
        pass
    parser.flush()
    parser.result.segments.extend(unread(parser.search_texts, parser.result.segments))
    return parser.result


#: ``&#`` that starts no character reference: Python 3.11's parser stops parsing at the second one
_BAD_CHARREF = regex.compile(r"&(?=#(?![0-9]|[xX][0-9a-fA-F]))")


def _for_parser(text: str) -> str:
    """What ``HTMLParser`` is fed: ``text`` with the same length, defused where the parser fails.

    A ``<`` after the last ``>`` opens nothing (it is text either way), but the parser
    searches the rest of the page for a ``>`` at each one, quadratic on hostile input;
    a stray ``&#`` ends its parsing (the rest of the page would become text, tags and
    scripts included). Both become spaces here; prose is cut from the source itself,
    so what the article says is unchanged.
    """
    if "&#" in text:
        text = _BAD_CHARREF.sub(" ", text)
    last = text.rfind(">")
    if "<" in text[last + 1 :]:
        text = text[: last + 1] + text[last + 1 :].replace("<", " ")
    return text


@lru_cache(maxsize=1024)
def _kind_of(names: tuple[str, ...]) -> tuple[SegmentKind, int, tuple[str, ...]]:
    """The kind and level of a block inside the open elements ``names`` (a page repeats a few nestings)."""
    for name in reversed(names):
        kind = _BLOCK_KIND.get(name)
        if kind is not None and name not in ("div", "section", "article", "main", "body", "html", "ul", "ol", "table", "tbody", "thead", "tr", "dl"):
            level = int(name[1]) if kind is SegmentKind.HEADING else 0
            return kind, level, names
    return SegmentKind.PARAGRAPH, 0, names


@lru_cache(maxsize=4096)
def _names_references(class_and_id: str) -> bool:
    """An element's class and id say it holds references (asked for every open element of every block)."""
    return _REFERENCE_CLASS.search(class_and_id) is not None


class _Parser(HTMLParser):
    def __init__(self, source: str, base: int, end: int | None = None) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        text = source[base:end]
        self._lf = [0] + [m.end() for m in regex.finditer(r"\n", text)]
        #: (method, rawdata, position): a closing search that failed from there fails from any later point
        self._unclosed: dict[str, tuple[str, int]] = {}
        self.result = ParseResult(segments=[])
        self.stack: list[tuple[str, int, dict[str, str]]] = []
        self.skip = 0
        self.in_head = False
        self.runs: list[tuple[int, int]] = []
        self.open_inline: list[tuple[str, int, dict[str, str]]] = []
        self.boilerplate_depth = 0
        self.script_type = ""
        self.script_start = -1
        #: titles and descriptions a search result shows (``<meta name="description">``, ``og:title`` ...)
        self.search_texts: list[Segment] = []
        self._search_names: set[str] = set()

    # -- the standard library's parser on hostile input ---------------------
    def _once(self, name: str, i: int, parse: Callable[[int], int]) -> int:
        """``parse(i)``, answering -1 at once when the same search already failed earlier."""
        seen = self._unclosed.get(name)
        if seen is not None and seen[0] is self.rawdata and i >= seen[1]:
            return -1  # nothing closes it: the search to the end would fail again (quadratic)
        k = parse(i)
        if k < 0:
            self._unclosed[name] = (self.rawdata, i)
        return k

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._once("comment", i, lambda j: super(_Parser, self).parse_comment(j, report))

    def parse_html_declaration(self, i: int) -> int:
        # Python 3.11 raises AssertionError on ``<![`` without a known keyword, after
        # moving its position: restore it and let the parser take the text as text
        pos = self.lineno, self.offset
        section = self.rawdata[i + 3 : i + 9].lower() if self.rawdata.startswith("<![", i) else ""
        try:
            return self._once("declaration:" + section, i, super().parse_html_declaration)
        except AssertionError:
            self.lineno, self.offset = pos
            return -1

    # -- positions -----------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return int(self.base + self._lf[line - 1] + col)

    # -- segments ------------------------------------------------------------
    def _kind(self) -> tuple[SegmentKind, int, tuple[str, ...]]:
        return _kind_of(tuple([name for name, _, _ in self.stack]))

    def flush(self) -> None:
        if not self.runs:
            return
        start, end = self.runs[0][0], self.runs[-1][1]
        span = Span(start, end)
        kind, level, names = self._kind()
        seg = make_segment(kind, span, blank_outside(self.source, span, self.runs), context=names, level=level)
        self.runs = []
        if seg is None:
            return
        self.result.segments.append(seg)
        if self.boilerplate_depth:
            self.result.boilerplate_spans.append(seg.span)
        if any(_names_references(attrs.get("class", "") + " " + attrs.get("id", "")) for _, _, attrs in self.stack):
            self.result.reference_spans.append(seg.span)
        if kind is SegmentKind.TITLE:
            self.result.metadata.append(("title", MetaValue(seg.text.strip(), seg.span)))

    # -- events --------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "head":
            self.in_head = True
        if tag == "meta":
            self._meta(values, start, raw)
        elif tag == "img":
            self._alt(start, raw)
        elif tag == "time" and values.get("datetime") and not self.boilerplate_depth:
            # the article's own <time datetime> (a byline date); those of related posts are boilerplate
            self.result.metadata.append(("time", MetaValue(values["datetime"], self._attr_span(start, raw, "datetime"))))
        if tag in _SKIP:
            if tag == "script":
                self.script_type = values.get("type", "").lower()
                self.script_start = start + len(raw)
            if tag not in _VOID:
                self.skip += 1
            return
        if tag in _BLOCK_KIND:
            self.flush()
            if tag not in _VOID:
                is_boiler = (tag in _BOILERPLATE and not self._article_header(tag)) or bool(_BOILERPLATE_CLASS.search(values.get("class", "") + " " + values.get("id", "") + " " + values.get("role", "")))
                self.stack.append((tag, start, {**values, "_boiler": "1" if is_boiler else ""}))
                if is_boiler:
                    self.boilerplate_depth += 1
        elif tag in ("a", "sup", "cite") and tag not in _VOID:
            self.open_inline.append((tag, start, values))

    def _article_header(self, tag: str) -> bool:
        """A <header> inside <article> or <main> holds the title, byline and date, not site chrome."""
        return tag == "header" and any(name in ("article", "main") for name, _, _ in self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(values, start, raw)
        elif tag == "img":
            self._alt(start, raw)
        elif tag in _BLOCK_KIND:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        end = self._offset()
        if tag == "head":
            self.in_head = False
        if tag in _SKIP:
            if self.skip:
                self.skip -= 1
            if tag == "script" and "ld+json" in self.script_type and self.script_start >= 0:
                self._json_ld(self.script_start, end)
            self.script_type = ""
            return
        if tag in ("a", "sup", "cite"):
            for i in range(len(self.open_inline) - 1, -1, -1):
                name, start, values = self.open_inline[i]
                if name == tag:
                    del self.open_inline[i]
                    self._inline_citation(tag, Span(start, end + len(tag) + 3), values)
                    break
            return
        if tag in _BLOCK_KIND:
            self.flush()
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    for _, _, values in self.stack[i:]:
                        if values.get("_boiler"):
                            self.boilerplate_depth -= 1
                    del self.stack[i:]
                    break

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        start = self._offset()
        if self.in_head and not any(name == "title" for name, _, _ in self.stack):
            return
        self.runs.append((start, start + len(data)))

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        self.result.comments.append(Directive(Span(start, start + len(data) + 7), data))

    # entity and character references stay blanked: they are not the source's letters
    def handle_entityref(self, name: str) -> None:
        return

    def handle_charref(self, name: str) -> None:
        return

    # -- metadata and citations ---------------------------------------------
    def _attr_span(self, start: int, raw: str, name: str) -> Span | None:
        for m in _ATTR.finditer(raw, 1):
            if m.group(1).lower() == name:
                for g in (2, 3, 4):
                    if m.group(g) is not None:
                        return Span(start + m.start(g), start + m.end(g))
        return None

    def _meta(self, values: dict[str, str], start: int, raw: str) -> None:
        name = values.get("name") or values.get("property") or values.get("itemprop") or values.get("http-equiv")
        if name and "content" in values:
            # the tag, where its name and value are written (a stale date points at its line)
            self.result.metadata.append((name.lower(), MetaValue(unescape(values["content"]), Span(start, start + len(raw)))))
            kind = META_FIELDS.get(name.lower())
            content = self._attr_span(start, raw, "content") if kind is not None and name.lower() not in self._search_names else None
            if kind is not None and content is not None and not self.skip:
                self._search_names.add(name.lower())  # the first of each name: a page repeating a tag is read once
                seg = attribute_segment(self.source, content, kind)
                if seg is not None:
                    self.search_texts.append(seg)

    def _alt(self, start: int, raw: str) -> None:
        span = self._attr_span(start, raw, "alt")
        if span is not None and not self.skip:
            text = blank_outside(self.source, span, [(span.start, span.end)])
            text = regex.sub(r"&[#\w]+;", lambda m: " " * len(m.group()), text)
            seg = make_segment(SegmentKind.ALT, span, text)
            if seg is not None:
                self.result.segments.append(seg)

    def _inline_citation(self, tag: str, span: Span, values: dict[str, str]) -> None:
        inner = self.source[span.start : span.end]
        if tag == "a":
            href = values.get("href", "")
            if href and not href.lower().startswith(("javascript:", "mailto:", "tel:")):
                self.result.citations.append(Citation(CitationKind.LINK, span, unescape(href)))
        elif tag == "cite":
            self.result.citations.append(Citation(CitationKind.CITE, span, ""))
        elif regex.search(r"\d|<a\b", inner[5:]):
            self.result.citations.append(Citation(CitationKind.SUPERSCRIPT, span, ""))
            # a reference number is a marker, not prose
            self.runs = [r for r in self.runs if not (span.start <= r[0] and r[1] <= span.end)]

    def _json_ld(self, start: int, end: int) -> None:
        try:
            data = json.loads(self.source[start:end])
        except (ValueError, RecursionError):
            return
        span = Span(start, end)
        text = self.source[start:end]
        # where each key's string or number value is written: `"dateModified": "2019-06-01"`
        written: dict[str, list[Span]] = {}
        for m in _JSON_PAIR.finditer(text):
            written.setdefault(m.group(1), []).append(Span(start + m.start(), start + m.end()))
        used: dict[str, int] = {}
        for key, value in json_ld_values(data):
            here = span
            places = written.get(key)
            if places and used.get(key, 0) < len(places):
                here = places[used.get(key, 0)]
                used[key] = used.get(key, 0) + 1
            self.result.metadata.append((key.lower(), MetaValue(value, here)))


#: a JSON key with a string or number value (a key written with escapes is not found: the whole script is its span)
_JSON_PAIR = regex.compile(r'"([^"\\]{1,200})"\s*:\s*(?:"(?:[^"\\]|\\.){0,2000}"|-?\d[\d.eE+-]{0,30})')

