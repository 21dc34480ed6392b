"""Markdown to the HTML token stream goldmark + Go's tokenizer give Vale.

markdown-it-py supplies the structure (CommonMark + GFM tables and
strikethrough + footnotes); every inline token is aligned to the source with
a cursor that only moves forward, so each character of a text token knows its
source offset. Display math (``$$``), front matter, ``BlockIgnores`` regions
and fenced or indented code become ``<pre>`` blocks (skipped); ``TokenIgnores``
matches become inline code, as Vale rewrites them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import regex

from healthlint.vale.events import END, START, TEXT, Event, tokenize_html

_PUA = "\ue000"
_MATH_FENCE = regex.compile(r"(?m)^[ ]{0,3}\$\$[ \t]*$")
_URL = regex.compile(r"(?<![\w/])(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?\"')\]*_~]")
_PIPE = regex.compile(r"(?<!\\)\|")


@dataclass
class FrontValue:
    key: str
    text: str
    offsets: tuple[int, ...]


@dataclass
class MarkdownResult:
    events: list[Event]
    front: list[FrontValue] = field(default_factory=list)
    #: ``pre`` blocks that never reach the token stream (front matter, math, ignored blocks)
    extra_pre: int = 0


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.disable("text_join")
    return md


def _blank(chars: list[str], start: int, end: int, fill: str = " ") -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = fill


def _front_matter(source: str) -> tuple[int, list[FrontValue]]:
    """The length of a leading front matter block and its top-level string values."""
    m = regex.match(r"(---|\+\+\+)[ \t]*\n", source)
    if m is None:
        return 0, []
    fence = m.group(1)
    close = regex.compile(rf"(?m)^{regex.escape(fence)}[ \t]*$").search(source, m.end())
    if close is None:
        return 0, []
    end = close.end()
    body_start, body_end = m.end(), close.start()
    values: list[FrontValue] = []
    if fence == "---":
        values = _yaml_values(source, body_start, body_end)
    return end, values


def _yaml_values(source: str, start: int, end: int) -> list[FrontValue]:
    import yaml

    body = source[start:end]
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(body, Loader=loader)
    except Exception:  # broken front matter: nothing to lint, never fatal
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    out = []
    for key, value in node.value:
        if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:str":
            continue
        text = value.value
        a, b = start + value.start_mark.index, start + value.end_mark.index
        out.append(FrontValue(str(key.value), text, _align(text, source, a, b)))
    return out


def _align(text: str, source: str, a: int, b: int) -> tuple[int, ...]:
    """Greedy alignment of a decoded string to the source range it came from."""
    offs: list[int] = []
    j = a
    for ch in text:
        k = j
        while k < b and source[k] != ch:
            k += 1
        if k < b:
            offs.append(k)
            j = k + 1
        else:
            offs.append(-1)
    return tuple(offs)


def markdown_events(
    source: str,
    *,
    token_ignores: Iterable[regex.Pattern[str]] = (),
    block_ignores: Iterable[regex.Pattern[str]] = (),
) -> MarkdownResult:
    """The token stream of a Markdown document (source already line-normalized)."""
    chars = list(source)
    extra = 0
    fm_end, front = _front_matter(source)
    if fm_end:
        _blank(chars, 0, fm_end)
        extra += 1
    fences = list(_MATH_FENCE.finditer(source, fm_end))
    for open_, close in zip(fences[::2], fences[1::2]):
        _blank(chars, open_.start(), close.end())
        extra += 1
    text = "".join(chars)
    for pat in block_ignores:
        for m in pat.finditer(text):
            g = 1 if pat.groups else 0
            if m.end(g) > m.start(g):
                _blank(chars, m.start(g), m.end(g))
                extra += 1
        text = "".join(chars)
    for pat in token_ignores:
        for m in pat.finditer(text):
            g = 1 if pat.groups else 0
            if m.end(g) > m.start(g):
                _blank(chars, m.start(g), m.end(g), _PUA)
        text = "".join(chars)
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    builder = _Builder(source, text, env)
    builder.walk(tokens)
    return MarkdownResult(builder.events, front, extra)


class _Builder:
    def __init__(self, source: str, text: str, env: dict[str, Any]) -> None:
        self.source = source
        self.text = text
        self.starts = [0] + [m.end() for m in regex.finditer("\n", text)]
        self.events: list[Event] = []
        self.footnotes: dict[str, int] = {}

    # -- source lines ------------------------------------------------------
    def _line(self, i: int) -> tuple[int, int]:
        start = self.starts[i] if i < len(self.starts) else len(self.text)
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return start, end

    def _content_map(self, content: str, line_map: list[int] | None) -> list[int]:
        """Source offset of each character of an inline token's content."""
        if not content:
            return []
        cmap: list[int] = []
        lines = content.split("\n")
        first = line_map[0] if line_map else 0
        for k, cl in enumerate(lines):
            a, b = self._line(first + k)
            src = self.text[a:b]
            p = len(src.rstrip()) - len(cl.rstrip())
            if p < 0 or src[p : p + len(cl)] != cl:
                q = src.rfind(cl) if cl else len(src)
                p = q if q >= 0 else max(0, len(src) - len(cl))
            cmap.extend(range(a + p, a + p + len(cl)))
            if k < len(lines) - 1:
                cmap.append(b)
        return cmap

    def _cell_maps(self, line: int) -> list[tuple[str, list[int]]]:
        a, b = self._line(line)
        src = self.text[a:b]
        lead = len(src) - len(src.lstrip())
        body = src.strip()
        base = a + lead
        if body.startswith("|"):
            body, base = body[1:], base + 1
        if body.endswith("|") and not body.endswith("\\|"):
            body = body[:-1]
        cells = []
        pos = 0
        for piece in _PIPE.split(body):
            start = base + pos
            pos += len(piece) + 1
            stripped = piece.strip()
            off = start + (len(piece) - len(piece.lstrip()))
            content: list[str] = []
            cmap: list[int] = []
            i = 0
            while i < len(stripped):
                if stripped[i] == "\\" and i + 1 < len(stripped) and stripped[i + 1] == "|":
                    i += 1
                content.append(stripped[i])
                cmap.append(off + i)
                i += 1
            cells.append(("".join(content), cmap))
        return cells

    # -- the walk ----------------------------------------------------------
    def walk(self, tokens: list[Any]) -> None:
        ev = self.events
        row_line = -1
        cell = 0
        cells: list[tuple[str, list[int]]] = []
        for tok in tokens:
            t = tok.type
            if t == "inline":
                if row_line >= 0 and tok.map and cells:
                    content, cmap = cells[cell] if cell < len(cells) else (tok.content, self._content_map(tok.content, tok.map))
                    if content != tok.content:
                        cmap = self._content_map(tok.content, tok.map) if not cmap else cmap
                    cell += 1
                    self._inline(tok.children or [], tok.content, cmap)
                else:
                    self._inline(tok.children or [], tok.content, self._content_map(tok.content, tok.map))
            elif t in ("paragraph_open", "paragraph_close"):
                if not tok.hidden:
                    ev.append(Event(START if t.endswith("open") else END, "p"))
            elif t == "tr_open":
                row_line = tok.map[0] if tok.map else -1
                cells = self._cell_maps(row_line) if row_line >= 0 else []
                cell = 0
                ev.append(Event(START, "tr"))
            elif t in ("fence", "code_block"):
                ev.append(Event(START, "pre"))
                ev.append(Event(START, "code"))
                ev.append(Event(END, "code"))
                ev.append(Event(END, "pre"))
            elif t == "html_block" and tok.map:
                a = self.starts[tok.map[0]]
                b = self._line(tok.map[1] - 1)[1]
                ev.extend(tokenize_html(self.text, a, b))
            elif t == "hr":
                ev.append(Event(START, "hr"))
            elif t == "footnote_block_open":
                ev.append(Event(START, "div", (("class", "footnotes"),)))
                ev.append(Event(START, "hr"))
                ev.append(Event(START, "ol"))
            elif t == "footnote_block_close":
                ev.append(Event(END, "ol"))
                ev.append(Event(END, "div"))
            elif t == "footnote_open":
                ev.append(Event(START, "li"))
            elif t == "footnote_close":
                ev.append(Event(END, "li"))
            elif t == "footnote_anchor":
                ev.append(Event(START, "a", (("href", "#fnref"), ("class", "footnote-backref"))))
                ev.append(Event(TEXT, "\u21a9\ufe0e", (), (-1, -1)))
                ev.append(Event(END, "a"))
            elif t.endswith("_open") and tok.tag:
                ev.append(Event(START, tok.tag))
            elif t.endswith("_close") and tok.tag:
                ev.append(Event(END, tok.tag))

    def _inline(self, children: list[Any], content: str, cmap: list[int]) -> None:
        pieces: list[Event] = []
        _Inline(self, content, cmap, pieces).run(children)
        # adjacent text pieces form one text token, as in the rendered HTML; each run is joined
        # once (joining piece by piece copied the text so far each time: quadratic on long paragraphs)
        i, n = 0, len(pieces)
        while i < n:
            if pieces[i].kind != TEXT:
                self.events.append(pieces[i])
                i += 1
                continue
            j = i
            while j < n and pieces[j].kind == TEXT:
                j += 1
            run = pieces[i:j]
            if self.events and self.events[-1].kind == TEXT:
                run.insert(0, self.events.pop())
            if len(run) == 1:
                self.events.append(run[0])
            else:
                data = "".join(p.data for p in run)
                offsets = tuple(o for p in run for o in p.offsets)
                self.events.append(Event(TEXT, data, (), offsets, run[0].pos))
            i = j


class _Inline:
    """Align inline children to their content with a forward-only cursor."""

    def __init__(self, builder: _Builder, content: str, cmap: list[int], out: list[Event]) -> None:
        self.b = builder
        self.content = content
        self.cmap = cmap
        self.out = out
        self.cur = 0

    def src(self, i: int) -> int:
        return self.cmap[i] if 0 <= i < len(self.cmap) else -1

    def find(self, s: str) -> int:
        i = self.content.find(s, self.cur)
        return self.cur if i < 0 else i

    def text(self, start: int, end: int) -> None:
        data = self.content[start:end]
        offs = [self.src(i) for i in range(start, end)]
        self._emit_text(data, offs)

    def _emit_text(self, data: str, offs: list[int]) -> None:
        # TokenIgnores placeholders become inline code; bare URLs become links
        if _PUA in data:
            for m in regex.finditer(rf"{_PUA}+|[^{_PUA}]+", data):
                seg, so = m.group(), offs[m.start() : m.end()]
                if seg[0] == _PUA:
                    real = "".join(self.b.source[o] if o >= 0 else " " for o in so)
                    self.out.append(Event(START, "code"))
                    self.out.append(Event(TEXT, real, (), tuple(so)))
                    self.out.append(Event(END, "code"))
                else:
                    self._emit_text(seg, so)
            return
        pos = 0
        for m in _URL.finditer(data):
            if m.start() > pos:
                self.out.append(Event(TEXT, data[pos : m.start()], (), tuple(offs[pos : m.start()])))
            self.out.append(Event(START, "a", (("href", m.group()),)))
            self.out.append(Event(TEXT, m.group(), (), tuple(offs[m.start() : m.end()])))
            self.out.append(Event(END, "a"))
            pos = m.end()
        if pos < len(data):
            self.out.append(Event(TEXT, data[pos:], (), tuple(offs[pos:])))

    def skip_link_tail(self) -> None:
        c = self.content
        i = self.cur
        if i < len(c) and c[i] == "(":
            depth = 0
            quote = ""
            while i < len(c):
                ch = c[i]
                if quote:
                    if ch == quote:
                        quote = ""
                elif ch in "\"'" and depth == 1 and i > 0 and c[i - 1].isspace():
                    quote = ch
                elif ch == "\\":
                    i += 1
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
            self.cur = i
        elif i < len(c) and c[i] == "[":
            j = c.find("]", i)
            self.cur = j + 1 if j >= 0 else i

    def run(self, children: list[Any]) -> None:
        for tok in children:
            t = tok.type
            c = self.content
            if t == "text":
                if not tok.content:
                    continue
                i = self.find(tok.content)
                self.text(i, i + len(tok.content))
                self.cur = i + len(tok.content)
            elif t == "text_special":
                i = self.find(tok.markup or tok.content)
                o = self.src(i)
                self._emit_text(tok.content, [o] * len(tok.content))
                self.cur = i + len(tok.markup or tok.content)
            elif t in ("softbreak", "hardbreak"):
                i = c.find("\n", self.cur)
                if t == "hardbreak":
                    self.out.append(Event(START, "br"))
                    if i >= 0:
                        self.out.append(Event(TEXT, "\n", (), (self.src(i),)))
                else:
                    self.out.append(Event(TEXT, "\n", (), (self.src(i) if i >= 0 else -1,)))
                self.cur = i + 1 if i >= 0 else self.cur
            elif t == "code_inline":
                ticks = tok.markup or "`"
                i = self.find(ticks)
                j = c.find(ticks, i + len(ticks))
                j = j if j >= 0 else len(c)
                raw_start = i + len(ticks)
                raw = c[raw_start:j]
                lead = 1 if len(raw) >= 2 and raw[0] in " \n" and raw[-1] in " \n" and raw.strip(" \n") else 0
                body = tok.content
                offs = [self.src(raw_start + lead + k) for k in range(len(body))]
                self.out.append(Event(START, "code"))
                if body:
                    self.out.append(Event(TEXT, body, (), tuple(offs)))
                self.out.append(Event(END, "code"))
                self.cur = j + len(ticks)
            elif t == "html_inline":
                i = self.find(tok.content)
                base = self.src(i)
                if base >= 0 and self.b.text[base : base + len(tok.content)] == tok.content:
                    self.out.extend(tokenize_html(self.b.text, base, base + len(tok.content)))
                else:
                    self.out.extend(tokenize_html(tok.content))
                self.cur = i + len(tok.content)
            elif t == "link_open":
                auto = tok.markup == "autolink" or tok.info == "auto"
                i = self.find("<" if auto else "[")
                self.cur = i + 1
                self.out.append(Event(START, "a", tuple((k, str(v)) for k, v in tok.attrs.items())))
            elif t == "link_close":
                auto = tok.markup == "autolink" or tok.info == "auto"
                i = self.find(">" if auto else "]")
                self.cur = i + 1
                if not auto:
                    self.skip_link_tail()
                self.out.append(Event(END, "a"))
            elif t == "image":
                i = self.find("![")
                self.cur = i + 2
                alt_pieces: list[Event] = []
                sub = _Inline(self.b, c, self.cmap, alt_pieces)
                sub.cur = self.cur
                sub.run(tok.children or [])
                alt = "".join(p.data for p in alt_pieces if p.kind == TEXT)
                alt_offs = tuple(o for p in alt_pieces if p.kind == TEXT for o in p.offsets)
                self.cur = sub.cur
                j = c.find("]", self.cur)
                self.cur = j + 1 if j >= 0 else self.cur
                self.skip_link_tail()
                attrs = tuple((k, str(v)) for k, v in tok.attrs.items() if k != "alt") + (("alt", alt),)
                self.out.append(Event(START, "img", attrs, alt_offs))
            elif t == "footnote_ref":
                i = self.find("[^")
                j = c.find("]", i)
                label_pos = self.src(i + 2)
                self.cur = j + 1 if j >= 0 else self.cur
                number = str(tok.meta.get("id", 0) + 1) if tok.meta else "1"
                self.out.append(Event(START, "sup"))
                self.out.append(Event(START, "a", (("href", "#fn:" + number), ("class", "footnote-ref"))))
                self.out.append(Event(TEXT, number, (), (label_pos,) * len(number)))
                self.out.append(Event(END, "a"))
                self.out.append(Event(END, "sup"))
            elif t.endswith("_open") or t.endswith("_close"):
                markup = tok.markup or ""
                if markup:
                    i = self.find(markup)
                    self.cur = i + len(markup)
                tag = tok.tag or t.rsplit("_", 1)[0]
                if tag == "s":  # goldmark renders strikethrough as <del>
                    tag = "del"
                self.out.append(Event(START if t.endswith("_open") else END, tag))
