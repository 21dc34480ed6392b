"""YAML with positions (ruamel.yaml round-trip nodes); nothing else touches ``.lc``.

Everything is 1-based here: these numbers go straight into error messages.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from healthlint.errors import HealthlintError


def load(text: str, path: str, *, error: type[HealthlintError] = HealthlintError, allow_duplicate_keys: bool = False) -> Any:
    """Load YAML 1.2 safely (no object construction), keeping node positions."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = allow_duplicate_keys
    yaml.preserve_quotes = True
    try:
        data = yaml.load(StringIO(text))
        if "\\u" in text or "\\U" in text:
            _join_surrogates(data, path, error)
        return data
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        raise error(f"invalid YAML: {problem}", path=path, line=line, column=col) from None
    except YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path, line=1, column=1) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _join_surrogates(data: Any, path: str, error: type[HealthlintError]) -> None:
    """Escaped surrogate pairs (``"\\ud83d\\ude00"``, as JSON writes) become their character;
    a lone one is an error: no UTF-8 output (a report, a terminal) can hold it."""
    seen: set[int] = set()

    def joined(value: str, where: tuple[int, int]) -> str:
        try:
            return type(value)(value.encode("utf-16", "surrogatepass").decode("utf-16"))
        except UnicodeError:
            raise error("a lone surrogate escape (\\ud800 to \\udfff) is not a character", path=path, line=where[0], column=where[1]) from None

    def walk(node: Any) -> None:
        if id(node) in seen:
            return  # an alias seen before (or a loop: a: &a [*a])
        seen.add(id(node))
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
        for key, value in items:
            if isinstance(key, str) and _SURROGATE.search(key):
                raise error("a lone surrogate escape is not a character", path=path, line=key_pos(node, key)[0], column=key_pos(node, key)[1])
            if isinstance(value, str):
                if _SURROGATE.search(value):
                    node[key] = joined(value, value_pos(node, str(key)) if isinstance(node, dict) else item_pos(node, int(key)))
            else:
                walk(value)

    walk(data)


def key_pos(node: Any, key: str) -> tuple[int, int]:
    """Where a mapping key starts."""
    try:
        line, col = node.lc.key(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return node_pos(node)


def value_pos(node: Any, key: str) -> tuple[int, int]:
    """Where a mapping value starts."""
    try:
        line, col = node.lc.value(key)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError):
        return key_pos(node, key)


def item_pos(node: Any, index: int) -> tuple[int, int]:
    """Where a sequence item starts."""
    try:
        line, col = node.lc.item(index)
        return line + 1, col + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return node_pos(node)


def node_pos(node: Any) -> tuple[int, int]:
    """Where a mapping or sequence starts (1, 1 when unknown)."""
    try:
        return node.lc.line + 1, node.lc.col + 1
    except AttributeError:
        return 1, 1


def scalar_style(node: Any, key: str | int) -> str:
    """The quote character of a scalar (``'``, ``"``) or ``""`` when plain."""
    try:
        value = node[key]
    except (KeyError, IndexError, TypeError):
        return ""
    style = getattr(value, "style", None)
    if style in ("'", '"'):
        return str(style)
    return ""


def plain(data: Any) -> Any:
    """Round-trip nodes to plain dicts, lists and scalars."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data
