"""Positions of keys and values in ``[tool.healthlint]`` of a ``pyproject.toml``.

``tomllib`` keeps no positions, so the table's lines are scanned once: each
key (bare, quoted or dotted, under ``[tool.healthlint...]`` and
``[[tool.healthlint.overrides]]`` headers) gets the 1-based line and column of
its key and of its value. :class:`TomlPositions` answers the same questions as
:mod:`healthlint.yamlpos` (``key_pos``, ``value_pos``, ``item_pos``) for the
parsed data, so the configuration is validated the same way from either file.
"""

from __future__ import annotations

import re
from typing import Any

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_Path = tuple["str | int", ...]


def _key_parts(text: str) -> tuple[list[str], int] | None:
    """The parts of a (dotted, quoted) key at the start of ``text``, and where the key ends."""
    parts: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            end = text.find(quote, i + 1)
            if end < 0:
                return None
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            m = _BARE.match(text, i)
            if m is None:
                return None
            parts.append(m.group())
            i = m.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        return parts, i


def _depth(text: str) -> int:
    """How many brackets and braces ``text`` leaves open (strings and comments skipped)."""
    depth, i, quote = 0, 0, ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            break
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        i += 1
    return depth


class TomlPositions:
    """Where each key of ``[tool.<tool>]`` is, looked up by the parsed mapping it belongs to."""

    def __init__(self, text: str, data: Any, *, tool: str = "healthlint") -> None:
        self.found: dict[_Path, tuple[int, int, int]] = {}
        self.table_line = 1
        self._paths: dict[int, _Path] = {}
        self._scan(text, tool)
        self._index(data, ())

    def _scan(self, text: str, tool: str) -> None:
        prefix: _Path | None = None
        counts: dict[_Path, int] = {}
        open_depth = 0
        for n, line in enumerate(text.splitlines(), 1):
            if open_depth > 0:  # inside a multi-line array or table value
                open_depth += _depth(line)
                continue
            header = _HEADER.match(line)
            if header is not None:
                parsed = _key_parts(header.group(2))
                names = parsed[0] if parsed else []
                if names[:2] != ["tool", tool]:
                    prefix = None
                    continue
                path: _Path = tuple(names[2:])
                if header.group(1) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    path = (*path, index)
                    self.found.setdefault(path, (n, 1, 1))
                elif path and path[:1] in counts:  # [tool.x.overrides.rules] after [[tool.x.overrides]]
                    path = (path[0], counts[path[:1]] - 1, *path[1:])
                if not path:
                    self.table_line = n
                else:
                    self.found.setdefault(path, (n, 1, 1))
                prefix = path
                continue
            if prefix is None or "=" not in line or line.lstrip().startswith("#"):
                continue
            parsed = _key_parts(line)
            if parsed is None:
                continue
            parts, end = parsed
            if end >= len(line) or line[end] != "=":
                continue
            start = len(line) - len(line.lstrip(" \t"))
            value = end + 1
            while value < len(line) and line[value] in " \t":
                value += 1
            self.found[(*prefix, *parts)] = (n, start + 1, value + 1)
            open_depth = max(0, _depth(line[value:]))

    def _index(self, node: Any, path: _Path) -> None:
        if isinstance(node, dict):
            self._paths[id(node)] = path
            for k, v in node.items():
                self._index(v, (*path, k))
        elif isinstance(node, list):
            self._paths[id(node)] = path
            for i, v in enumerate(node):
                self._index(v, (*path, i))

    def _at(self, path: _Path) -> tuple[int, int, int]:
        while path:
            hit = self.found.get(path)
            if hit is not None:
                return hit
            path = path[:-1]
        return (self.table_line, 1, 1)

    def key_pos(self, node: Any, key: str) -> tuple[int, int]:
        """Where the key ``key`` of mapping ``node`` starts."""
        line, column, _ = self._at((*self._paths.get(id(node), ()), key))
        return line, column

    def value_pos(self, node: Any, key: str) -> tuple[int, int]:
        """Where the value of ``key`` in ``node`` starts."""
        line, _, column = self._at((*self._paths.get(id(node), ()), key))
        return line, column

    def item_pos(self, node: Any, index: int) -> tuple[int, int]:
        """Where item ``index`` of list ``node`` starts (its table header, or the list's value)."""
        line, _, column = self._at((*self._paths.get(id(node), ()), index))
        return line, column
