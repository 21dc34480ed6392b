"""Vale's HTML walker (``internal/lint/ast.go``) over an offset-carrying token stream.

It decides what a *block* is (a paragraph, a heading, a list item, a table
cell, an ``alt`` text), its scope, and its exact text -- inline markup turned
into the spaces Vale inserts, ignored inline scopes into ``*`` -- and keeps
Vale's comment state, the ``summary`` text and the structural metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

import regex

from healthlint.vale.comments import Comments
from healthlint.vale.events import COMMENT, END, SELF, START, TEXT, Event

INLINE_TAGS = frozenset(
    "b big i small abbr acronym cite dfn em kbd strong a br img span sub sup code tt del".split()
)
TAG_TO_SCOPE = {
    "th": "text.table.header",
    "td": "text.table.cell",
    "caption": "text.table.caption",
    "li": "text.list",
    "blockquote": "text.blockquote",
    "figcaption": "text.figure.caption",
}
DEFAULT_SKIPPED = ("script", "style", "pre", "figure", "noscript", "iframe")
DEFAULT_IGNORED = ("tt", "code", "kbd")
SKIP_CLASSES = ("problematic", "pre", "code")
_HEADING = regex.compile(r"^h\d$")
_PUNCT = frozenset(".?!,:;)]}—–")
_TIGHT = frozenset("([{—–")
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


@dataclass
class Block:
    """A piece of text a rule runs on; ``offsets[i]`` is the source offset of ``text[i]`` (-1: none)."""

    text: str
    offsets: tuple[int, ...]
    scope: str
    #: ``prose`` blocks are split into paragraphs and sentences when rules need them
    prose: bool = False

    def source_offset(self, i: int) -> int:
        """The source offset of block index ``i`` (the next mapped character if ``i`` has none)."""
        offs = self.offsets
        n = len(offs)
        for j in range(i, n):
            if offs[j] >= 0:
                return offs[j]
        for j in range(min(i, n) - 1, -1, -1):
            if offs[j] >= 0:
                return offs[j] + 1
        return 0

    def source_end(self, i: int) -> int:
        """The source offset just after block index ``i - 1`` (end of a span ending at ``i``)."""
        offs = self.offsets
        for j in range(min(i, len(offs)) - 1, -1, -1):
            if offs[j] >= 0:
                return offs[j] + 1
        return self.source_offset(i)


@dataclass
class WalkSettings:
    skipped: tuple[str, ...] = DEFAULT_SKIPPED
    ignored: tuple[str, ...] = DEFAULT_IGNORED
    classes: tuple[str, ...] = SKIP_CLASSES
    skip_alt: bool = False
    ext: str = ".md"
    html: bool = False


@dataclass
class WalkState:
    summary_text: list[str] = field(default_factory=list)
    summary_offsets: list[int] = field(default_factory=list)
    metrics: dict[str, int] = field(default_factory=dict)

    def add_summary(self, text: str, offsets: Iterable[int]) -> None:
        self.summary_text.append(text + "\n\n")
        self.summary_offsets.extend(offsets)
        self.summary_offsets.extend((-1, -1))


def _trim(text: str, offsets: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """Go's ``strings.TrimSpace``, keeping the offsets in step."""
    a = 0
    b = len(text)
    while a < b and text[a] in _GO_SPACE:
        a += 1
    while b > a and text[b - 1] in _GO_SPACE:
        b -= 1
    return text[a:b], offsets[a:b]


def walk(events: Iterable[Event], settings: WalkSettings, comments: Comments, state: WalkState) -> Iterator[Block]:
    """Yield blocks in the order Vale lints them; ``comments`` is updated as the walk goes."""
    skip_tags = settings.skipped
    skip_classes = settings.classes
    ignored = settings.ignored
    ext = settings.ext

    buf_text: list[str] = []
    buf_offs: list[int] = []
    history: list[str] = []
    active_tag = ""
    active_cls = ""
    begin = end = 0
    in_block = inline = skip = False
    attr = parent_class = ""
    #: a block-level start tag since the last text: the next text is a new word
    boundary = False

    def last_tag() -> str:
        return history[-1] if history else active_tag

    def nested_list() -> bool:
        if last_tag() == "li" and len(history) > 3:
            up1, up2 = history[-2], history[-3]
            if up1 in ("ol", "ul"):
                return up2 == "li"
        return False

    for ev in events:
        kind = ev.kind
        if kind == TEXT:
            txt, offs = _trim(ev.data, ev.offsets)
        elif kind == COMMENT:
            txt, offs = ev.data.strip(_GO_SPACE), ()
        else:
            txt, offs = ev.data, ()
        is_start = kind == START
        if txt == active_cls and active_cls:
            if is_start:
                begin += 1
            else:
                end += 1
        closed = active_cls != "" and begin == end and begin > 0
        klass = ev.attr("class")
        skip_class = any(c in skip_classes for c in klass.split(" "))
        block_skip = skip_class and txt not in INLINE_TAGS
        if is_start and (txt in skip_tags or block_skip):
            if block_skip:
                active_cls, begin, end = txt, 1, 0
            in_block = True
            state.metrics[txt] = state.metrics.get(txt, 0) + 1
        elif in_block and (txt in skip_tags or closed):
            in_block = False
            if closed:
                active_cls, begin, end = "", 0, 0
        elif is_start:
            if txt in ("em", "b") and last_tag() == "code":
                txt = "code"
            inline = txt in INLINE_TAGS
            boundary = boundary or not inline
            skip = txt in ignored
            history.append(txt)
            active_tag = txt
        elif kind == END and txt in INLINE_TAGS:
            active_tag = ""
        elif kind == COMMENT:
            comments.update(txt)
        elif kind == TEXT:
            if not in_block and txt != "" and not comments.off:
                sc = any(c in skip_classes for c in parent_class.split(" "))
                if nested_list() and not inline:
                    txt, offs = " " + txt, (-1,) + offs
                elif boundary and buf_text and buf_text[-1] and not buf_text[-1][-1].isspace() and not inline:
                    # healthlint: text after a nested block (a sub-list) is a new word; Vale
                    # glues it to the text before ("actions.Assuming") unless its
                    # nested-list heuristic happens to see the nesting
                    txt, offs = " " + txt, (-1,) + offs
                boundary = False
                starter = txt[:1] in _PUNCT and not (skip or sc)
                if skip or sc or attr == txt:
                    txt = "".join("\n" if ch == "\n" else "*" for ch in txt)
                skip = False
                if inline and not starter:
                    txt, offs = " " + txt, (-1,) + offs
                if txt.startswith(" ") and buf_text and buf_text[-1] and buf_text[-1][-1] in _TIGHT:
                    txt, offs = txt[1:], offs[1:]
                buf_text.append(txt)
                buf_offs.extend(offs)
            else:
                skip = False
        if kind == END and txt not in INLINE_TAGS:
            content = "".join(buf_text)
            if content.strip(_GO_SPACE):
                yield from _scope_block(content, tuple(buf_offs), history, ext, state)
            history = []
            buf_text = []
            buf_offs = []
        attr = ev.attr("href")
        parent_class = klass
        if ev.data == "img" and kind in (START, SELF) and not settings.skip_alt:
            alt = next((v for k, v in ev.attrs if k == "alt"), None)
            if alt is not None and not comments.off:
                offs = ev.offsets if len(ev.offsets) == len(alt) else (ev.pos,) * len(alt)
                yield Block(alt, tuple(offs), "text.attr.alt")


def _scope_block(content: str, offsets: tuple[int, ...], history: list[str], ext: str, state: WalkState) -> Iterator[Block]:
    for tag in history:
        scope = TAG_TO_SCOPE.get(tag)
        if (scope is not None and tag not in INLINE_TAGS) or _HEADING.match(tag):
            if scope in ("text.blockquote", "text.list"):
                state.add_summary(content, offsets)
            if scope is None:
                scope = "text.heading." + tag
            name = scope.removeprefix("text.")
            state.metrics[name] = state.metrics.get(name, 0) + 1
            lead = len(content) - len(content.lstrip(" "))
            yield Block(content[lead:], offsets[lead:], scope + ext)
            return
    state.add_summary(content, offsets)
    yield Block(content, offsets, "text" + ext, prose=True)
