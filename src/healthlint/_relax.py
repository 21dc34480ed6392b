"""Regex syntax for the pre-filter: a pattern without its assertions, in RE2's dialect.

``relax`` drops look-arounds and anchors (``\\b``/``\\B`` are kept) and makes
atomic groups and possessive quantifiers ordinary; ``translate`` writes the
result for RE2: ``\\b`` dropped, ``\\s`` ``\\d`` ``\\w`` widened to hold at least
what ``regex`` gives them (RE2's are ASCII), groups made non-capturing. Both
refuse (return None) whatever they cannot read for certain: back-references,
conditionals, recursion, verbose mode, fuzzy matching, named lists,
``VERSION1`` sets, unknown escapes. See :mod:`healthlint.prefilter` for why
the results are exact.
"""

from __future__ import annotations

import regex

_EMPTY = "(?:)"
_ANCHOR_ESCAPES = frozenset("AZzGKmM")
_BRACED = frozenset("pPNx")
_QUANT = regex.compile(r"\{(?:\d+(?:,\d*)?|,\d+)\}")
#: a run of characters :func:`_sequence` copies as they are (a lexicon union is mostly letters)
_RELAX_RUN = regex.compile(r"[^)\\\[(^$*+?{]+")
#: a run of characters :func:`_translate` copies as they are
_TRANSLATE_RUN = regex.compile(r"[^\\\[({]+")
#: the head of a group :func:`_group` keeps (matched in place: a slice of a 40 kB union per group costs)
_GROUP_HEAD = regex.compile(r"\(\?(?:P?<[A-Za-z_]\w*>|:|\||[a-zA-Z-]+:|[a-zA-Z]+\))")
#: the head of a group as :func:`_translate` writes it
_FLAGS_HEAD = regex.compile(r"\(\?(?:P?<[A-Za-z_]\w*>|:|\||([a-zA-Z]*)(?:-([a-zA-Z]+))?([:)]))")


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
            j = _RELAX_RUN.match(p, i).end()  # type: ignore[union-attr]  (c is in the run)
            out.append(p[i:j])
            i, quantifiable = j, True
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
        m = _GROUP_HEAD.match(p, i)
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


_SIMPLE_ESCAPES = frozenset("tnrfva")
_LETTER_CLASSES = frozenset("dswDSW")
#: regex's \s (Unicode White_Space)
_SPACES = r"\t-\r \x{85}\x{a0}\x{1680}\x{180e}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
#: class bodies holding at least what regex's \d \s \w hold: ASCII exactly, every non-ASCII character
#: for \d and \w (RE2's own classes are ASCII; the exact Unicode ones make automata too large)
_AT_LEAST = {"d": r"0-9\x{80}-\x{10ffff}", "s": _SPACES, "w": r"0-9A-Za-z_\x{80}-\x{10ffff}"}
#: class bodies holding at most what they hold (inside a negated class: [^\w.])
_AT_MOST = {"d": "0-9", "s": r"\t-\r ", "w": "0-9A-Za-z_"}
#: what \D \S \W match, at least
_NOT = {"d": "[^0-9]", "s": r"[^\t-\r ]", "w": "[^0-9A-Za-z_]"}


def _escape(p: str, i: int, *, in_class: bool, negated: bool = False) -> tuple[str, int]:
    """An escape at ``p[i]`` in RE2 syntax, and the index after it (``_Bail`` when unknown).

    The classes ``\\d`` ``\\s`` ``\\w`` come out as wide as they must for the relaxed
    pattern to match wherever the pattern does: at least regex's, or at most inside
    a negated class.
    """
    j = _escape_end(p, i)
    c = p[i + 1]
    if c in _LETTER_CLASSES:
        if c.isupper():
            if in_class:
                raise _Bail  # a negated class inside a class needs set operations
            return _NOT[c.lower()], j
        if in_class:
            return (_AT_MOST if negated else _AT_LEAST)[c], j
        return f"[{_AT_LEAST[c]}]", j
    if c in "bB":
        return ("\\x{8}" if in_class else ""), j
    if c in "pP" or c == "x":
        return p[i:j], j
    if c in "uU":
        width = 4 if c == "u" else 8
        digits = p[i + 2 : i + 2 + width]
        if len(digits) != width or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
            raise _Bail
        return f"\\x{{{digits}}}", i + 2 + width
    if c in _SIMPLE_ESCAPES:
        return p[i:j], j
    if c.isascii() and not c.isalnum():
        return p[i:j], j
    if not c.isascii() and not c.isalnum():
        return f"\\x{{{ord(c):x}}}", j
    raise _Bail  # \N{...}, \X, \h, octal and the rest: not read here


def translate(relaxed: str, *, ignorecase: bool = False, dotall: bool = False) -> str | None:
    """A relaxed pattern (see :func:`relax`) in RE2 syntax, with no assertion left; None when unsure."""
    try:
        out = _translate(relaxed)
    except _Bail:
        return None
    flags = ("i" if ignorecase else "") + ("s" if dotall else "")
    return f"(?{flags}){out}" if flags else out


def _translate(p: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            text, i = _escape(p, i, in_class=False)
            out.append(text)
        elif c == "[":
            end = _class_end(p, i)
            if "[:" in p[i + 1 : end]:
                raise _Bail  # POSIX classes: ASCII in RE2
            out.append(_class(p[i:end]))
            i = end
        elif c == "(":
            if p.startswith("(?", i):
                m = _FLAGS_HEAD.match(p, i)
                if m is None:
                    raise _Bail
                if m.group(3) is None:
                    out.append("(?:")
                else:
                    on, off = m.group(1) or "", m.group(2) or ""
                    if set(on + off) - set("ims"):
                        raise _Bail
                    out.append(m.group())
                i = m.end()
            else:
                out.append("(?:")
                i += 1
        elif c == "{":
            m = _QUANT.match(p, i)
            if m is None:
                out.append("\\{")
                i += 1
                continue
            low, _, high = m.group()[1:-1].partition(",")
            lo = int(low or 0)
            if "," not in m.group():
                out.append(f"{{{lo}}}" if lo <= 1000 else "{1000,}")
            elif not high:
                out.append(f"{{{min(lo, 1000)},}}")
            else:
                hi = int(high)
                out.append(f"{{{lo},{hi}}}" if hi <= 1000 else f"{{{min(lo, 1000)},}}")
            i = m.end()
        else:
            j = _TRANSLATE_RUN.match(p, i).end()  # type: ignore[union-attr]  (c is in the run)
            out.append(p[i:j])
            i = j
    return "".join(out)


def _class(text: str) -> str:
    """A character class in RE2 syntax (escapes written out)."""
    out = ["["]
    i = 1
    negated = text.startswith("[^")
    if negated:
        out.append("^")
        i = 2
    if text[i] == "]":
        out.append("\\]")
        i += 1
    while i < len(text) - 1:
        c = text[i]
        if c == "\\":
            part, i = _escape(text, i, in_class=True, negated=negated)
            out.append(part)
        elif c == "[":
            out.append("\\[")
            i += 1
        else:
            out.append(c)
            i += 1
    out.append("]")
    return "".join(out)
