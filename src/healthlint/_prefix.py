"""A short form of a pre-filter pattern: every match of the pattern starts with a match of it.

An RE2 form of a lexicon union (:mod:`healthlint._relax`) is 10-30 kB of
branches, most of them written out with a Unicode white-space class between
words; RE2 takes 5-15 ms to compile one and as long again to build the part of
its automaton the first search of an article needs. A run on one article asks
each pattern for its candidates once, so that is where its time goes.

:func:`shorten` keeps of every branch its first ``budget`` characters (a class
counts as one character). Every text the pattern matches begins with a text
the short form matches, so the short form's candidate starts include all of the
pattern's: ``regex`` confirms each candidate anyway, so the findings are the
same, with a few more candidates to confirm and a much smaller automaton.

:func:`cut_gaps` is the same idea for long runs: it ends a branch where a gap of
a few words begins, which is where RE2's automata grow with the text read.

The form read is the one :func:`healthlint._relax.translate` writes: no
look-arounds, back-references or anchors; groups ``(?:``, flags ``(?i)`` and
``(?i:``; classes; escapes; quantifiers ``? * + {m,n}`` (possibly lazy).
Anything else makes :func:`shorten` return None (the pattern keeps its full form).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from healthlint._guard import class_end

_QUANT = re.compile(r"(?:[?*+]|\{(\d+)(?:,(\d*))?\})\??")
_GROUP = re.compile(r"\(\?(?:[imsU]*(?:-[imsU]+)?)?:")
_FLAGS = re.compile(r"\(\?[imsU]+(?:-[imsU]+)?\)")


class _Bail(Exception):
    """A construct this reader does not know."""


@dataclass
class _Reader:
    text: str
    i: int = 0

    def atom(self) -> tuple[str, bool] | None:
        """The next atom's text and whether it is a group (None at ``|``, ``)`` or the end)."""
        p, i = self.text, self.i
        if i >= len(p) or p[i] in "|)":
            return None
        c = p[i]
        if c == "\\":
            if i + 1 >= len(p):
                raise _Bail
            j = i + 2
            if p[i + 1] in "xpP" and j < len(p) and p[j] == "{":
                j = p.index("}", j) + 1
            elif p[i + 1].isdigit() or p[i + 1] in "bBAzQE":
                raise _Bail  # back-references, assertions, quoting: not written by translate
            self.i = j
            return p[i:j], False
        if c == "[":
            j = class_end(p, i)
            if j < 0:
                raise _Bail  # a nested or POSIX class, or one never closed
            self.i = j
            return p[i:j], False
        if c == "(":
            m = _FLAGS.match(p, i)
            if m is not None:
                self.i = m.end()
                return m.group(), False
            m = _GROUP.match(p, i)
            if m is None:
                raise _Bail
            self.i = m.end()
            return m.group(), True
        if c in "*+?{^$":
            raise _Bail
        self.i = i + 1
        return c, False

    def quantifier(self) -> tuple[str, int]:
        """The quantifier after an atom (``""`` when none) and its least count."""
        m = _QUANT.match(self.text, self.i)
        if m is None:
            return "", 1
        self.i = m.end()
        q = m.group()
        if q[0] in "?*":
            return q, 0
        if q[0] == "+":
            return q, 1
        return q, int(m.group(1))


def shorten(source: str, budget: int) -> str | None:
    """A form of ``source`` keeping ``budget`` characters of each branch, or None."""
    try:
        r = _Reader(source)
        out, _ = _alternation(r, lambda r: _sequence(r, budget))
        if r.i != len(source):
            return None
    except (_Bail, ValueError, IndexError):
        return None
    return out


def _alternation(r: _Reader, branch: Callable[[_Reader], tuple[str, bool]]) -> tuple[str, bool]:
    """``branch|branch...`` up to the closing ``)``, each read by ``branch``; whether any was cut."""
    parts, cut = [], False
    while True:
        text, c = branch(r)
        parts.append(text)
        cut = cut or c
        if r.i < len(r.text) and r.text[r.i] == "|":
            r.i += 1
            continue
        return "|".join(parts), cut


def _skip_sequence(r: _Reader) -> None:
    """Read past the rest of a branch (up to ``|``, ``)`` or the end)."""
    while True:
        atom = r.atom()
        if atom is None:
            return
        if atom[1]:
            _skip_group(r)
        r.quantifier()


def _skip_group(r: _Reader) -> None:
    while True:
        _skip_sequence(r)
        if r.i >= len(r.text):
            raise _Bail
        if r.text[r.i] == ")":
            r.i += 1
            return
        r.i += 1  # "|"


def _group_body(r: _Reader, branch: Callable[[_Reader], tuple[str, bool]]) -> tuple[str, bool]:
    body, cut = _alternation(r, branch)
    if r.i >= len(r.text) or r.text[r.i] != ")":
        raise _Bail
    r.i += 1
    return body, cut


def _next_atom(r: _Reader, out: list[str]) -> tuple[int, str, bool] | None:
    """The next atom of a branch (where it starts, its text, whether it opens a group), inline
    flags (no width) copied to ``out`` on the way; None at the end of the branch."""
    while True:
        start = r.i
        atom = r.atom()
        if atom is None:
            return None
        text, is_group = atom
        if text.startswith("(?") and text.endswith(")") and not is_group:
            out.append(text)
            continue
        return start, text, is_group


def _sequence(r: _Reader, budget: int) -> tuple[str, bool]:
    """One branch, its atoms kept while ``budget`` lasts; whether it was cut."""
    out: list[str] = []
    while True:
        found = _next_atom(r, out)
        if found is None:
            return "".join(out), False
        start, text, is_group = found
        if budget <= 0:
            r.i = start
            _skip_sequence(r)
            return "".join(out), True
        if is_group:
            inner_start = r.i
            body, cut = _group_body(r, lambda r: _sequence(r, budget))
            if r.text.startswith(")", start + len(text)) and not body:  # "(?:)": nothing
                r.quantifier()
                continue
            quant, least = r.quantifier()
            if least == 0:  # the match either starts inside the group or after it
                rest_text, _ = _sequence(r, budget)
                out.append(f"(?:{text}{body})|{rest_text})")
                return "".join(out), True
            if cut or quant:
                out.append(f"{text}{body})")
                _skip_sequence(r)
                return "".join(out), True
            out.append(f"{text}{body})")
            budget -= _width(r.text[inner_start : r.i])
            continue
        quant, least = r.quantifier()
        if least == 0:
            rest_text, _ = _sequence(r, budget)
            out.append(f"(?:{text}|{rest_text})")  # the match starts with the atom or after it
            return "".join(out), True
        out.append(text + (quant if quant.startswith("+") else ""))
        if quant and not quant.startswith("+"):
            _skip_sequence(r)
            return "".join(out), True
        budget -= 1


def _width(group_text: str) -> int:
    """A rough size of a kept group (its longest branch is not worth computing): its length."""
    return max(1, len(group_text) // 4)


#: a repeated group, or a class repeated at most this many times or more, is a gap (see :func:`cut_gaps`)
GAP_REACH = 8
#: a branch is cut at a gap only after this many literal characters (a cut after "\\d" or "\\s+"
#: would make nearly every position a candidate)
GAP_AFTER = 4


def cut_gaps(source: str) -> str | None:
    """A form of ``source`` whose branches end where a gap begins, or None.

    A gap is a repeated group ("(?:\\S+\\s+){0,6}?", a few words of anything) or a class
    repeated up to :data:`GAP_REACH` times or more ("[^.!?]{1,100}"). After one, RE2's
    automaton follows every way of counting the words at once, each with its own state in
    whatever comes next (a lexicon): that is where its memory goes. What precedes a gap
    is a prefix of every match, so the form's candidate starts include the pattern's,
    as with :func:`shorten`. A branch is cut only after :data:`GAP_AFTER` literal
    characters, so that its prefix stays rare.
    """
    try:
        r = _Reader(source)
        out, _ = _alternation(r, lambda r: _gap_sequence(r, 0))
        if r.i != len(source):
            return None
    except (_Bail, ValueError, IndexError):
        return None
    return out


def _is_gap(quant: str, *, group: bool) -> bool:
    """A repeated group (at most twice or more), or a class with an explicit reach of :data:`GAP_REACH`."""
    m = _QUANT.match(quant)
    if m is None or quant[0] == "?":
        return False
    if quant[0] in "*+":
        return group  # "\\\\s+", "[\\\\p{L}-]+": one token, cheap for an automaton
    most = m.group(2)
    reach = int(m.group(1)) if most is None else (1 << 30 if most == "" else int(most))
    return reach >= (2 if group else GAP_REACH)


def _gap_sequence(r: _Reader, kept: int) -> tuple[str, bool]:
    """One branch up to its first gap after :data:`GAP_AFTER` literal characters (``kept`` of
    them before the branch), which ends it; whether it was cut."""
    out: list[str] = []
    while True:
        found = _next_atom(r, out)
        if found is None:
            return "".join(out), False
        start, text, is_group = found
        if is_group:
            body, cut = _group_body(r, lambda r, kept=kept: _gap_sequence(r, kept))
            quant, least = r.quantifier()
            if quant and kept >= GAP_AFTER and _is_gap(quant, group=True):
                r.i = start
                _skip_sequence(r)
                return "".join(out), True
            if cut and least == 0:  # the match starts inside the group or after it
                rest, _ = _gap_sequence(r, kept)
                out.append(f"(?:{text}{body})|{rest})")
                return "".join(out), True
            if cut:  # a branch inside ended early: what follows the group is not a prefix any more
                out.append(f"{text}{body})")
                _skip_sequence(r)
                return "".join(out), True
            out.append(f"{text}{body}){quant}")
            if not quant:
                kept += _least_literals(body)
            continue
        quant, least = r.quantifier()
        if quant and kept >= GAP_AFTER and _is_gap(quant, group=False):
            r.i = start
            _skip_sequence(r)
            return "".join(out), True
        out.append(text + quant)
        if len(text) == 1 and text.isalnum() and least >= 1:
            kept += 1


#: classes, escapes and quantifiers of a group's body: not literal characters
_NOT_LITERAL = re.compile(r"\[(?:\\.|[^\]\\])*\]|\\[xpP]\{[^}]*\}|\\.|\{\d*,?\d*\}|\(\?[a-zA-Z-]*:?")


def _least_literals(body: str) -> int:
    """Literal characters every branch of a kept group's body has at least (a rough count)."""
    plain = _NOT_LITERAL.sub("", body)
    counts = [sum(1 for ch in branch if ch.isalnum()) for branch in plain.split("|")]
    return min(counts) if counts else 0
