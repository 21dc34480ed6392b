"""Vale's INI dialect (go-ini with shadows) and its section globs.

* repeated keys accumulate ("shadows"); ``#`` and ``;`` start comment lines;
  an inline comment needs white space before it;
* a section name runs to the *last* ``]`` of its line, so ``[[!.]*.adoc]``
  works; keys before any section belong to the core section ``""``;
* section globs: ``*`` also crosses ``/``, ``?``, ``[...]`` with ``!`` or
  ``^`` negation, ``{a,b}`` alternation; ``**`` is the same as ``*``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex


@dataclass
class Key:
    name: str
    values: list[str]
    line: int

    def value(self) -> str:
        """The first value (go-ini's ``Key.String``)."""
        return self.values[0] if self.values else ""

    def last(self) -> str:
        return self.values[-1] if self.values else ""

    def strings(self) -> list[str]:
        """Every value split on commas, trimmed, empty and duplicate entries dropped."""
        out: list[str] = []
        for v in self.values:
            for part in v.split(","):
                part = part.strip()
                if part and part not in out:
                    out.append(part)
        return out


@dataclass
class Section:
    name: str
    line: int
    keys: dict[str, Key] = field(default_factory=dict)

    def get(self, name: str) -> Key | None:
        return self.keys.get(name)


@dataclass
class IniFile:
    path: str
    sections: dict[str, Section]

    def section(self, name: str) -> Section:
        return self.sections.get(name) or Section(name, 0)


class IniError(ValueError):
    def __init__(self, msg: str, line: int) -> None:
        super().__init__(msg)
        self.msg = msg
        self.line = line


def _strip_inline_comment(value: str) -> str:
    for i, ch in enumerate(value):
        if ch in "#;" and i > 0 and value[i - 1] in " \t":
            return value[:i].rstrip()
    return value


def _unquote(value: str) -> str:
    if len(value) >= 6 and value.startswith('"""') and value.endswith('"""'):
        return value[3:-3]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return value[1:-1]
    return value


def parse_ini(text: str, path: str = "") -> IniFile:
    """Parse Vale's INI; raise :class:`IniError` with a line number on a broken line."""
    sections: dict[str, Section] = {"": Section("", 0)}
    current = sections[""]
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line[0] == "[":
            close = line.rfind("]")
            if close <= 0:
                raise IniError(f"unclosed section header: {line}", lineno)
            name = line[1:close].strip()
            if name == "DEFAULT":
                name = ""
            current = sections.setdefault(name, Section(name, lineno))
            continue
        eq = -1
        for i, ch in enumerate(line):
            if ch in "=:":
                eq = i
                break
        if eq < 0:
            # go-ini in loose mode accepts a key without a value only with AllowBooleanKeys
            raise IniError(f"expected 'key = value': {line}", lineno)
        name = _unquote(line[:eq].strip())
        value = line[eq + 1 :].strip()
        if not (value.startswith('"') or value.startswith("'") or value.startswith("`")):
            value = _strip_inline_comment(value)
        value = _unquote(value.strip())
        key = current.keys.get(name)
        if key is None:
            current.keys[name] = Key(name, [value], lineno)
        else:
            key.values.append(value)
    return IniFile(path, sections)


def _glob_to_regex(pattern: str) -> str:
    out: list[str] = []
    i = 0
    n = len(pattern)
    depth = 0
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(regex.escape(pattern[i + 1]))
            i += 2
            continue
        if ch == "*":
            while i + 1 < n and pattern[i + 1] == "*":
                i += 1
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            close = pattern.find("]", i + 2 if i + 1 < n and pattern[i + 1] in "!^" else i + 1)
            if close < 0:
                out.append(regex.escape(ch))
            else:
                body = pattern[i + 1 : close]
                neg = body[:1] in ("!", "^")
                if neg:
                    body = body[1:]
                body = body.replace("\\", "\\\\").replace("[", "\\[")
                out.append(("[^" if neg else "[") + body + "]")
                i = close
        elif ch == "{":
            depth += 1
            out.append("(?:")
        elif ch == "}" and depth:
            depth -= 1
            out.append(")")
        elif ch == "," and depth:
            out.append("|")
        else:
            out.append(regex.escape(ch))
        i += 1
    out.append(")" * depth)
    return "".join(out)


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> regex.Pattern[str]:
    """A Vale section glob as a compiled, anchored pattern."""
    return regex.compile(r"\A(?:" + _glob_to_regex(pattern) + r")\Z", regex.DOTALL)


def glob_match(pattern: str, path: str) -> bool:
    return compile_glob(pattern).match(path) is not None
