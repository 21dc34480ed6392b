"""Regex syntax for the pre-check: a pattern without its assertions, and its alternatives.

``relax`` drops look-arounds and anchors (``\\b``/``\\B`` are kept) and makes
atomic groups and possessive quantifiers ordinary; ``alternatives`` opens a
top-level union and whole groups into the alternatives whose union matches
where the pattern does. Both refuse (``relax`` returns None, ``_Bail`` is
raised) whatever they cannot read for certain: back-references, conditionals,
recursion, verbose mode, fuzzy matching, named lists, ``VERSION1`` sets.
See :mod:`healthlint.prefilter` for why the results are exact.
"""

from __future__ import annotations

import regex

_EMPTY = "(?:)"
_ANCHOR_ESCAPES = frozenset("AZzGKmM")
_BRACED = frozenset("pPNx")
_QUANT = regex.compile(r"\{(?:\d+(?:,\d*)?|,\d+)\}")


class _Bail(Exception):
    """The pattern uses a construct the relaxation does not handle."""


def relax(pattern: str) -> str | None:
    """``pattern`` without its zero-width assertions, or None when that is not known to be safe."""
    try:
        out, i = _sequence(pattern, 0, top=True)
    except _Bail:
        return None
    return out if i == len(pattern) else None


def _class_end(p: str, i: int) -> int:
    """The index after the ``]`` closing the character class that starts at ``p[i] == '['``."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
        elif c == "[":
            if p.startswith("[:", j):  # a POSIX class: [[:alpha:]]
                k = p.find(":]", j + 2)
                if k < 0:
                    raise _Bail
                j = k + 2
            else:
                raise _Bail  # a nested set (VERSION1 syntax)
        elif c == "]":
            return j + 1
        else:
            j += 1
    raise _Bail


def _escape_end(p: str, i: int) -> int:
    """The index after the escape starting at ``p[i] == '\\\\'``."""
    if i + 1 >= len(p):
        raise _Bail
    c = p[i + 1]
    if c in "123456789" or c in "gkL":  # back-references, named lists
        raise _Bail
    if c in _BRACED and i + 2 < len(p) and p[i + 2] == "{":
        k = p.find("}", i + 3)
        if k < 0:
            raise _Bail
        return k + 1
    return i + 2


def _sequence(p: str, i: int, *, top: bool = False) -> tuple[str, int]:
    """Relax from ``p[i]`` up to the ``)`` closing the current group (or the end)."""
    out: list[str] = []
    quantifiable = False  # the last item can take a quantifier (so a following '+' may be possessive)
    while i < len(p):
        c = p[i]
        if c == ")":
            if top:
                raise _Bail
            return "".join(out), i
        if c == "\\":
            j = _escape_end(p, i)
            if p[i + 1] in _ANCHOR_ESCAPES:
                out.append(_EMPTY)
            else:
                out.append(p[i:j])
            i, quantifiable = j, True
        elif c == "[":
            j = _class_end(p, i)
            out.append(p[i:j])
            i, quantifiable = j, True
        elif c in "^$":
            out.append(_EMPTY)
            i, quantifiable = i + 1, True
        elif c == "(":
            text, i = _group(p, i)
            out.append(text)
            quantifiable = True
        elif c in "*+?" or (c == "{" and _QUANT.match(p, i)):
            m = _QUANT.match(p, i) if c == "{" else None
            j = m.end() if m else i + 1
            out.append(p[i:j])
            if j < len(p) and p[j] == "+":
                j += 1  # possessive -> greedy
            elif j < len(p) and p[j] == "?":
                out.append("?")  # lazy
                j += 1
            i, quantifiable = j, False
        elif c == "{":
            k = p.find("}", i)
            if k > 0 and regex.match(r"\{\s*[eisd]\b|.*[<=]", p[i:k]):
                raise _Bail  # fuzzy matching
            out.append(c)
            i, quantifiable = i + 1, True
        else:
            out.append(c)
            i, quantifiable = i + 1, True
    if not top:
        raise _Bail  # an unclosed group
    return "".join(out), i


def _group(p: str, i: int) -> tuple[str, int]:
    """Relax the group starting at ``p[i] == '('``; return its text and the index after ``)``."""
    if p.startswith("(*", i) or p.startswith("(?(", i) or p.startswith("(?R", i) or p.startswith("(?&", i):
        raise _Bail
    if p.startswith("(?P=", i) or p.startswith("(?P>", i):
        raise _Bail
    for look in ("(?=", "(?!", "(?<=", "(?<!"):
        if p.startswith(look, i):
            _, j = _sequence(p, i + len(look))
            return _EMPTY, j + 1
    if p.startswith("(?#", i):
        k = p.find(")", i)
        if k < 0:
            raise _Bail
        return "", k + 1
    if p.startswith("(?>", i):
        body, j = _sequence(p, i + 3)
        return f"(?:{body})", j + 1
    if p.startswith("(?", i):
        m = regex.match(r"\(\?(?:P?<[A-Za-z_]\w*>|:|\||[a-zA-Z-]+:|[a-zA-Z]+\))", p[i:])
        if m is None:
            raise _Bail  # recursion (?1), (?+1) and anything unknown
        head = m.group()
        if not head.startswith(("(?P<", "(?<", "(?:", "(?|")):
            flags = head[2:].rstrip(":)")
            if any(f in flags for f in "xVrwfb"):
                raise _Bail  # verbose, version, reverse, word and full-case flags change the reading
            if head.endswith(")"):  # a global flag group such as (?i)
                return head, i + len(head)
        body, j = _sequence(p, i + len(head))
        return head + body + ")", j + 1
    body, j = _sequence(p, i + 1)
    return "(" + body + ")", j + 1


def _split_top(p: str) -> list[str]:
    """The top-level alternatives of ``p`` (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts: list[str] = []
    depth, i, begin = 0, 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i = _escape_end(p, i)
            continue
        if c == "[":
            i = _class_end(p, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(p[begin:i])
            begin = i + 1
        i += 1
    parts.append(p[begin:])
    return parts


_GROUP_HEAD = regex.compile(r"\((?:\?(?::|\||[a-zA-Z]*(?:-[a-zA-Z]+)?:|P?<[A-Za-z_]\w*>))?")


def alternatives(p: str) -> list[str]:
    """``p`` as alternatives whose union matches where ``p`` does: top-level ``|`` split, and a
    branch that is one whole group (``(?:…)``, ``(…)``, ``(?i:…)``) opened up in turn."""
    parts = _split_top(p)
    if len(parts) > 1:
        return [alt for part in parts for alt in alternatives(part)]
    m = _GROUP_HEAD.match(p)
    if m is None or not p.endswith(")") or _split_top(p[m.end() : -1]) == [p[m.end() : -1]]:
        return [p]
    inner, depth = p[m.end() : -1], 0
    i = 0
    while i < len(inner):  # the group must close at the very end, not earlier: "(a)|(b)" is not one group
        c = inner[i]
        if c == "\\":
            i = _escape_end(inner, i)
            continue
        if c == "[":
            i = _class_end(inner, i)
            continue
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return [p]
        i += 1
    head = m.group()
    scoped = regex.fullmatch(r"\(\?[a-zA-Z]*(?:-[a-zA-Z]+)?:", head) is not None and head != "(?:"
    wrap = head if scoped else ""  # scoped flags carry over to each alternative; groups do not matter here
    return [f"{wrap}{alt})" if wrap else alt for alt in alternatives(inner)]
