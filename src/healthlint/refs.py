"""Expanding lexicon, pattern and lemma references in a rule's option values, with positions.

Called by :mod:`healthlint.rulespec` for every pattern option (and every ``sequence``
token list) before the options are built: a rule's options hold plain patterns and
words, so compiling (or recompiling with other settings) needs no style files.
"""

from __future__ import annotations

from typing import Any, Callable

from healthlint import yamlpos
from healthlint.lexicon import MACRO, MacroError, Resolver, forms_of

Report = Callable[[str, "tuple[int, int]"], None]

#: keys a ``sequence`` token may have: Vale's, and healthlint's lexicon, lemma and optional
TOKEN_KEYS = frozenset({"pattern", "tag", "skip", "negate", "lexicon", "lemma", "optional"})


class Failed(Exception):
    """At least one reference could not be expanded (already reported)."""


def expand_value(node: Any, key: str, value: Any, resolver: Resolver | None, err: Report, *, sequence: bool = False) -> Any:
    """``value`` (the option ``key`` of ``node``) with its references expanded.

    Without a resolver (a Vale style) nothing is expanded: Vale has no references.
    """
    if resolver is None:
        return value
    written = node[key]
    failed = False

    def pattern(text: str, parent: Any, where: Any) -> str:
        nonlocal failed
        if "{" not in text or not MACRO.search(text):
            return text
        try:
            return resolver.expand(text)
        except MacroError as exc:
            err(exc.msg, _offset(parent, where, text, exc.pos))
            failed = True
            return text

    if isinstance(value, str):
        out: Any = pattern(value, node, key)
    elif isinstance(value, dict):
        out = {pattern(k, written, k): v for k, v in value.items()}
    elif isinstance(value, tuple):
        items = []
        for i, item in enumerate(value):
            parent, where = (written, i) if isinstance(written, list) else (node, key)
            if isinstance(item, str):
                items.append(pattern(item, parent, where))
            elif isinstance(item, dict) and list(item) == ["sequence"] and not sequence:
                tokens = _tokens(item["sequence"], parent[where] if isinstance(parent, list) else item, resolver, err, pattern)
                if tokens is None:
                    failed = True
                    items.append("")
                else:
                    from healthlint.kinds.sequence import sequence_pattern

                    items.append(sequence_pattern(tokens))
            elif sequence and isinstance(item, dict):
                token = _token(item, parent[where] if isinstance(parent, list) else item, resolver, err, pattern)
                if token is None:
                    failed = True
                items.append(token if token is not None else item)
            else:
                items.append(item)
        out = tuple(items)
    else:
        out = value
    if failed:
        raise Failed
    return out


def _tokens(raw: Any, written: Any, resolver: Resolver | None, err: Report, pattern: Callable[[str, Any, Any], str]) -> list[dict[str, Any]] | None:
    seq = written["sequence"] if isinstance(written, dict) else raw
    if not isinstance(raw, list) or not raw:
        err("'sequence' must be a list of tokens", yamlpos.value_pos(written, "sequence") if isinstance(written, dict) else (1, 1))
        return None
    out = []
    ok = True
    for i, item in enumerate(raw):
        node = seq[i] if isinstance(seq, list) else item
        if not isinstance(item, dict):
            err("a sequence token must be a mapping (pattern, lexicon, lemma, skip, negate, optional)", yamlpos.item_pos(seq, i) if isinstance(seq, list) else (1, 1))
            ok = False
            continue
        token = _token(yamlpos.plain(item), node, resolver, err, pattern)
        if token is None:
            ok = False
        elif "tag" in token:
            err("'tag' tokens need a part-of-speech tagger, which healthlint does not have", yamlpos.key_pos(node, "tag"))
            ok = False
        else:
            out.append(token)
    return out if ok else None


def _token(item: dict[str, Any], node: Any, resolver: Resolver | None, err: Report, pattern: Callable[[str, Any, Any], str]) -> dict[str, Any] | None:
    """One token with ``forms`` (plain words) for ``lexicon`` and ``lemma``, and its ``pattern`` expanded."""
    unknown = [k for k in item if k not in TOKEN_KEYS]
    if unknown:
        err(f"unknown token key '{unknown[0]}' (expected {', '.join(sorted(TOKEN_KEYS))})", yamlpos.key_pos(node, unknown[0]))
        return None
    chosen = [k for k in ("pattern", "lexicon", "lemma", "tag") if k in item]
    if len(chosen) > 1 and "tag" not in chosen:
        err(f"a token has one of pattern, lexicon or lemma, not {' and '.join(chosen)}", yamlpos.key_pos(node, chosen[1]))
        return None
    token = dict(item)
    for k in ("skip",):
        if k in token and (not isinstance(token[k], int) or isinstance(token[k], bool) or token[k] < 0):
            err(f"'{k}' must be a whole number", yamlpos.value_pos(node, k))
            return None
    for k in ("negate", "optional"):
        if k in token and not isinstance(token[k], bool):
            err(f"'{k}' must be true or false", yamlpos.value_pos(node, k))
            return None
    if "pattern" in token:
        if not isinstance(token["pattern"], str):
            err("'pattern' must be a string; quote it", yamlpos.value_pos(node, "pattern"))
            return None
        token["pattern"] = pattern(token["pattern"], node, "pattern")
        from healthlint.kinds.base import PatternError, compile_pattern

        try:
            compile_pattern(MACRO.sub("(?:x)", item["pattern"]))  # the token on its own, as written
        except PatternError as exc:
            err(f"invalid regex in token pattern: {exc.msg}", yamlpos.value_pos(node, "pattern"))
            return None
    if "lexicon" in token:
        names = token["lexicon"] if isinstance(token["lexicon"], list) else [token["lexicon"]]
        forms: list[str] = []
        for name in names:
            if resolver is None:
                err("a lexicon token needs the rule to be in a style folder", yamlpos.value_pos(node, "lexicon"))
                return None
            try:
                forms.extend(resolver.lexicon(str(name)).forms)
            except MacroError as exc:
                err(exc.msg, yamlpos.value_pos(node, "lexicon"))
                return None
        token["forms"] = tuple(dict.fromkeys(forms))
    if "lemma" in token:
        words = token["lemma"] if isinstance(token["lemma"], list) else [token["lemma"]]
        if not all(isinstance(w, str) and w.strip() and " " not in w.strip() for w in words):
            err("'lemma' must be a word or a list of words", yamlpos.value_pos(node, "lemma"))
            return None
        token["forms"] = tuple(dict.fromkeys(f for w in words for f in forms_of(w.strip())))
    return token


def _pos(parent: Any, where: Any) -> tuple[int, int]:
    if isinstance(where, int):
        return yamlpos.item_pos(parent, where)
    try:
        return yamlpos.value_pos(parent, where)
    except (AttributeError, KeyError, TypeError):
        return (1, 1)


def _offset(parent: Any, where: Any, text: str, pos: int) -> tuple[int, int]:
    """The position of offset ``pos`` of a pattern written on one line, else of the value."""
    line, col = _pos(parent, where)
    try:
        quote = yamlpos.scalar_style(parent, where)
    except (AttributeError, KeyError, TypeError):
        quote = ""
    if "\n" in text or "''" in text or quote == '"' or quote in ("|", ">"):
        return line, col
    return line, col + (1 if quote else 0) + pos


def with_placeholders(written: Any, expanded: Any) -> Any:
    """``written`` with each reference replaced by a plain group (a cheap stand-in to check the
    author's own syntax); an item written as a ``sequence:`` mapping is taken from ``expanded``."""

    def one(text: str) -> str:
        return MACRO.sub("(?:x)", text) if "{" in text else text

    if isinstance(written, str):
        return one(written)
    if isinstance(written, dict):
        return {one(k): v for k, v in written.items()}
    if isinstance(written, tuple) and isinstance(expanded, tuple):
        return tuple(one(w) if isinstance(w, str) else e for w, e in zip(written, expanded))
    return expanded
