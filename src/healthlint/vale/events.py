"""An HTML token stream with source offsets: what Vale's walker reads.

Vale renders Markdown to HTML and reads the HTML with Go's ``html.Tokenizer``;
healthlint produces the same token stream directly, but every character of every
text token keeps the source offset it came from (``-1`` for characters that
exist only in the rendering, such as a footnote number). Positions are exact
by construction, never searched for.
"""

from __future__ import annotations

from html import unescape
from typing import Iterator, NamedTuple

import regex

START, END, SELF, TEXT, COMMENT = "start", "end", "self", "text", "comment"


class Event(NamedTuple):
    kind: str
    #: tag name (lower case) for tags; the text for text and comment events
    data: str
    attrs: tuple[tuple[str, str], ...] = ()
    #: source offset of each character of ``data`` (text events only)
    offsets: tuple[int, ...] = ()
    #: source offset of the token's first character
    pos: int = -1

    def attr(self, name: str) -> str:
        for k, v in self.attrs:
            if k == name:
                return v
        return ""


_ENTITY = regex.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
_TAG = regex.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_ATTR = regex.compile(r"""\s*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?|\s*/""")


def decode_text(text: str, base: int) -> tuple[str, tuple[int, ...]]:
    """Decode character references; each decoded character maps to its reference's start."""
    if "&" not in text:
        return text, tuple(range(base, base + len(text)))
    chars: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(text):
        for i in range(pos, m.start()):
            chars.append(text[i])
            offs.append(base + i)
        decoded = unescape(m.group())
        if decoded == m.group():
            for i in range(m.start(), m.end()):
                chars.append(text[i])
                offs.append(base + i)
        else:
            for ch in decoded:
                chars.append(ch)
                offs.append(base + m.start())
        pos = m.end()
    for i in range(pos, len(text)):
        chars.append(text[i])
        offs.append(base + i)
    return "".join(chars), tuple(offs)


def tokenize_html(source: str, start: int = 0, end: int | None = None) -> Iterator[Event]:
    """Go-tokenizer-like events for ``source[start:end]`` (offsets into ``source``)."""
    end = len(source) if end is None else end
    i = start
    text_start = start
    raw_until: str | None = None

    def flush(upto: int) -> Iterator[Event]:
        if upto > text_start:
            data, offs = decode_text(source[text_start:upto], text_start)
            yield Event(TEXT, data, (), offs, text_start)

    while i < end:
        if raw_until is not None:
            j = source.lower().find(f"</{raw_until}", i, end)
            if j < 0:
                j = end
            if j > i:
                yield Event(TEXT, source[i:j], (), tuple(range(i, j)), i)
            i = j
            text_start = i
            raw_until = None
            continue
        lt = source.find("<", i, end)
        if lt < 0:
            break
        if source.startswith("<!--", lt):
            yield from flush(lt)
            close = source.find("-->", lt + 4, end)
            stop = end if close < 0 else close + 3
            body = source[lt + 4 : close if close >= 0 else end]
            yield Event(COMMENT, body, (), (), lt)
            i = text_start = stop
            continue
        if source.startswith("<!", lt) or source.startswith("<?", lt):
            yield from flush(lt)
            close = source.find(">", lt, end)
            stop = end if close < 0 else close + 1
            if source.startswith("<?", lt):
                yield Event(COMMENT, source[lt + 1 : stop - 1], (), (), lt)
            i = text_start = stop
            continue
        m = _TAG.match(source, lt, end)
        if m is None:
            i = lt + 1
            continue
        yield from flush(lt)
        closing = bool(m.group(1))
        name = m.group(2).lower()
        j = m.end()
        attrs: list[tuple[str, str]] = []
        self_closing = False
        while j < end:
            while j < end and source[j] in " \t\r\n\f":
                j += 1
            if j >= end:
                break
            if source[j] == ">":
                j += 1
                break
            if source.startswith("/>", j):
                self_closing = True
                j += 2
                break
            a = _ATTR.match(source, j, end)
            if a is None or a.end() == j:
                j += 1
                continue
            if a.group(1):
                value = next((g for g in (a.group(2), a.group(3), a.group(4)) if g is not None), "")
                attrs.append((a.group(1).lower(), unescape(value)))
            j = a.end()
        if closing:
            yield Event(END, name, (), (), lt)
        elif self_closing:
            yield Event(SELF, name, tuple(attrs), (), lt)
        else:
            yield Event(START, name, tuple(attrs), (), lt)
            if name in _RAW_TEXT:
                raw_until = name
        i = text_start = j
    yield from flush(end)
