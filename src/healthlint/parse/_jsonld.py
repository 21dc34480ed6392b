"""JSON-LD metadata flattened in one bounded walk: each node is visited once.

``reviewedBy: {name, hasCredential}`` gives ``("reviewedby", "Jane Doe MD")`` (the
scalar values under it, in order, links and ``@`` keys left out) and the nested
pairs themselves. A structure deeper than :data:`MAX_DEPTH` or with more than
:data:`MAX_NODES` nodes is read that far, so a small hostile page cannot make the
walk exponential (it visited each level twice, 2^depth work) or the text huge.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 20
MAX_NODES = 10_000
#: values under these keys are links, not words about the article
_NOT_TEXT = frozenset({"url", "sameAs", "image", "logo"})


def json_ld_values(data: Any) -> list[tuple[str, str]]:
    """``(key, text)`` pairs of a parsed JSON-LD value, in document order."""
    pairs, _ = _walk(data, 0, [MAX_NODES])
    return pairs


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # past Python's digit limit for int -> str
            return hex(value)
    return str(value)


def _walk(data: Any, depth: int, budget: list[int]) -> tuple[list[tuple[str, str]], list[str]]:
    """The pairs under ``data`` and the words of its scalar values (for the parent's joined text)."""
    budget[0] -= 1
    pairs: list[tuple[str, str]] = []
    words: list[str] = []
    if depth > MAX_DEPTH or budget[0] < 0:
        return pairs, words
    if isinstance(data, list):
        for item in data:
            p, w = _walk(item, depth + 1, budget)
            pairs += p
            words += w
    elif isinstance(data, dict):
        for key, value in data.items():
            key = str(key)
            text = _scalar(value)
            if text is not None:
                pairs.append((key, text))
                if not key.startswith("@") and key not in _NOT_TEXT:
                    words.append(text)
            elif isinstance(value, (dict, list)):
                p, w = _walk(value, depth + 1, budget)
                joined = " ".join(w)
                if joined:
                    pairs.append((key, joined))
                pairs += p
                if not key.startswith("@") and key not in _NOT_TEXT:
                    words += w
    return pairs, words
