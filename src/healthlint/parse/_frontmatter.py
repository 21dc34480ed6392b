"""Front matter at the top of a Markdown article: ``---`` YAML or ``+++`` TOML."""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass
from typing import Any, Iterator

import regex

from healthlint.document import MetaValue, Span

_FENCE = regex.compile(r"\A(\ufeff?)(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    span: Span
    values: list[tuple[str, MetaValue]]
    error: str = ""


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
    error = ""
    try:
        if fence == "---":
            import yaml

            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            data = yaml.load(body, Loader=loader)  # noqa: S506 - a safe loader
        else:
            data = tomllib.loads(body.replace("\r\n", "\n"))
    except Exception as exc:  # a broken front matter is reported, never fatal
        error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    values = list(_flatten(data, "", span, [MAX_NODES])) if isinstance(data, dict) else []
    return FrontMatter(span, values, error)


#: front matter is read this far (nodes visited, nesting depth): YAML aliases can make a
#: small block a huge or self-referential structure ("billion laughs", ``a: &a [*a]``)
MAX_NODES = 10_000
MAX_DEPTH = 20
#: an integer this wide is shown in hexadecimal: its decimal form is more than Python converts
_MAX_INT_BITS = 4000 * 3


def _flatten(data: Any, prefix: str, span: Span, budget: list[int], depth: int = 0) -> Iterator[tuple[str, MetaValue]]:
    """``{"reviewer": {"name": "X"}}`` -> ``("reviewer", "X")``, ``("reviewer.name", "X")``."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, name, span, budget, depth + 1)
            if isinstance(value, (dict, list)) and prefix == "":
                text = " ".join(v.value for _, v in _flatten(value, name, span, budget, depth + 1))
                if text:
                    yield name, MetaValue(text, span)
    elif isinstance(data, list):
        for item in data:
            yield from _flatten(item, prefix, span, budget, depth + 1)
    elif data is not None and prefix:
        if isinstance(data, (_dt.date, _dt.datetime)):
            text = data.isoformat()
        elif isinstance(data, int) and data.bit_length() > _MAX_INT_BITS:
            text = hex(data)  # str() raises past Python's 4300-digit limit (reviewer: 0x + 5,000 f's)
        else:
            text = str(data)
        yield prefix, MetaValue(text, span)
