"""Front matter at the top of a Markdown article: ``---`` YAML or ``+++`` TOML.

Every value keeps where it was written: the span from its key to the end of its
value (``date: 2019-01-10``), so a finding about it (a stale date) points at
that line; top-level text scalars also keep the span of the scalar itself, so
``title`` and ``description`` can be read as prose at exact positions.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Iterator

import regex

from healthlint.document import MetaValue, Span

_FENCE = regex.compile(r"\A(\ufeff?)(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")


@dataclass(frozen=True, slots=True)
class Scalar:
    """A top-level text value as written: its span (quotes included) and its YAML style."""

    span: Span
    #: ``''`` plain, ``'"'`` or ``"'"`` quoted, ``'|'`` or ``'>'`` block
    style: str


@dataclass(frozen=True, slots=True)
class FrontMatter:
    span: Span
    values: list[tuple[str, MetaValue]]
    error: str = ""
    #: top-level key (lower case) -> its text scalar, for YAML front matter
    scalars: dict[str, Scalar] = field(default_factory=dict)


def split_front_matter(source: str) -> FrontMatter | None:
    """The front matter block, if the article starts with one."""
    m = _FENCE.match(source)
    if m is None:
        return None
    fence = m.group(2)
    close = regex.compile(r"^(?:---|\.\.\.)[ \t]*\r?$" if fence == "---" else r"^\+\+\+[ \t]*\r?$", regex.MULTILINE)
    end = close.search(source, m.end())
    if end is None:
        return None
    body = source[m.end() : end.start()]
    span = Span(m.start(2), end.end())
    data: Any = None
    node: Any = None
    error = ""
    try:
        if fence == "---":
            data, node = _load_yaml(body)
        else:
            import tomllib  # TOML front matter (+++) is rare: not imported for every article

            data = tomllib.loads(body.replace("\r\n", "\n"))
    except Exception as exc:  # a broken front matter is reported, never fatal
        error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if not isinstance(data, dict):
        return FrontMatter(span, [], error)
    where = _Where(source, m.end(), span)
    values = list(_flatten(data, "", span, [MAX_NODES], node=node, where=where))
    if node is None:  # TOML: find each top-level key's line
        values = [(name, MetaValue(v.value, where.toml_line(name) or v.span)) for name, v in values]
    return FrontMatter(span, values, error, _scalars(node, where) if node is not None else {})


def _load_yaml(body: str) -> tuple[Any, Any]:
    """The YAML document and its node tree (for positions), from one parse."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(body)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


#: front matter is read this far (nodes visited, nesting depth): YAML aliases can make a
#: small block a huge or self-referential structure ("billion laughs", ``a: &a [*a]``)
MAX_NODES = 10_000
MAX_DEPTH = 20
#: an integer this wide is shown in hexadecimal: its decimal form is more than Python converts
_MAX_INT_BITS = 4000 * 3


class _Where:
    """Source spans of YAML nodes (their marks count characters from the body's start)."""

    def __init__(self, source: str, base: int, span: Span) -> None:
        self.source = source
        self.base = base
        self.span = span
        self._toml: dict[str, Span] | None = None

    def of(self, start_node: Any, end_node: Any) -> Span | None:
        try:
            start = self.base + int(start_node.start_mark.index)
            end = self.base + int(end_node.end_mark.index)
        except (AttributeError, TypeError, ValueError):
            return None
        while end > start and self.source[end - 1].isspace():
            end -= 1
        if not (self.span.start <= start < end <= self.span.end):
            return None
        return Span(start, end)

    def toml_line(self, name: str) -> Span | None:
        """The ``name = value`` line of a top-level TOML key (one pass over the block for all keys)."""
        if self._toml is None:
            self._toml = {}
            for m in _TOML_KEY.finditer(self.source, self.base, self.span.end):
                key = m.group("dq") if m.group("dq") is not None else m.group("sq") if m.group("sq") is not None else m.group("bare")
                self._toml.setdefault(key, Span(m.start(1), m.start(1) + len(m.group(1).rstrip())))
        return None if "." in name else self._toml.get(name)


_TOML_KEY = regex.compile(r"""^[ \t]*((?:"(?P<dq>[^"\r\n]*)"|'(?P<sq>[^'\r\n]*)'|(?P<bare>[\w-]+))[ \t]*=[^\r\n]*)""", regex.MULTILINE)


def _pairs(node: Any) -> dict[str, tuple[Any, Any]]:
    """A mapping node's ``key -> (key node, value node)``."""
    out: dict[str, tuple[Any, Any]] = {}
    for pair in getattr(node, "value", ()) if type(node).__name__ == "MappingNode" else ():
        key, value = pair
        if type(key).__name__ == "ScalarNode":
            out.setdefault(str(key.value), (key, value))
    return out


def _scalars(node: Any, where: _Where) -> dict[str, Scalar]:
    """The top-level text scalars of a YAML mapping, with their spans and styles."""
    out: dict[str, Scalar] = {}
    for key, (_, value) in _pairs(node).items():
        if type(value).__name__ == "ScalarNode" and isinstance(value.value, str):
            span = where.of(value, value)
            if span is not None:
                out.setdefault(key.lower(), Scalar(span, value.style or ""))
    return out


def _flatten(
    data: Any, prefix: str, span: Span, budget: list[int], depth: int = 0, *, node: Any = None, where: _Where | None = None
) -> Iterator[tuple[str, MetaValue]]:
    """``{"reviewer": {"name": "X"}}`` -> ``("reviewer", "X")``, ``("reviewer.name", "X")``."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        return
    if isinstance(data, dict):
        pairs = _pairs(node)
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            key_node, value_node = pairs.get(str(key), (None, None))
            here = (where.of(key_node, value_node) if where and key_node is not None else None) or span
            yield from _flatten(value, name, here, budget, depth + 1, node=value_node, where=where)
            if isinstance(value, (dict, list)) and prefix == "":
                text = " ".join(v.value for _, v in _flatten(value, name, here, budget, depth + 1))
                if text:
                    yield name, MetaValue(text, here)
    elif isinstance(data, list):
        items = list(getattr(node, "value", ())) if type(node).__name__ == "SequenceNode" else []
        for i, item in enumerate(data):
            item_node = items[i] if i < len(items) else None
            here = (where.of(item_node, item_node) if where and item_node is not None else None) or span
            yield from _flatten(item, prefix, here, budget, depth + 1, node=item_node, where=where)
    elif data is not None and prefix:
        if isinstance(data, (_dt.date, _dt.datetime)):
            text = data.isoformat()
        elif isinstance(data, int) and data.bit_length() > _MAX_INT_BITS:
            text = hex(data)  # str() raises past Python's 4300-digit limit (reviewer: 0x + 5,000 f's)
        else:
            text = str(data)
        yield prefix, MetaValue(text, span)
