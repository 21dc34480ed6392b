"""The check-kind plug-in interface and the helpers every kind shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, NamedTuple, Protocol

import regex

if TYPE_CHECKING:
    from medlint.document import Document
    from medlint.rulespec import Rule

#: how long one pattern may search one block before the rule is stopped (seconds)
MATCH_TIMEOUT = 2.0


class Finding(NamedTuple):
    """What a kind yields: a source span and the arguments of its message."""

    start: int
    end: int
    args: tuple[Any, ...] = ()
    replacement: str | None = None
    #: overrides the rule's message (already formatted) when set
    message: str | None = None
    #: overrides the rule's level when set (e.g. a weaker finding)
    level: str | None = None


class CheckKind(Protocol):
    """A check kind: an options dataclass, a compile step and a check."""

    name: ClassVar[str]
    Options: ClassVar[type[Any]]

    def compile(self, options: Any, *, rule_name: str) -> Any:
        """Build what ``check`` needs (compiled patterns) once, at load time."""
        ...

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        """Yield the rule's findings in ``doc``."""
        ...


def regex_field(default: Any = "", **kw: Any) -> Any:
    """A dataclass field whose value (or each item) must be a valid pattern."""
    if isinstance(default, (list, dict, tuple)):
        return field(default_factory=lambda: type(default)(default), metadata={"regex": True, **kw})
    return field(default=default, metadata={"regex": True, **kw})


class PatternError(ValueError):
    """A pattern failed to compile; ``pos`` is the offset in the pattern."""

    def __init__(self, msg: str, pos: int | None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


def compile_pattern(pattern: str, *, ignorecase: bool = False) -> regex.Pattern[str]:
    """Compile with the ``regex`` module (Vale's flavour: look-behinds, inline flags)."""
    flags = 0
    if ignorecase:
        flags |= regex.IGNORECASE
    try:
        return regex.compile(_fix_inline_flags(pattern), flags)
    except regex.error as exc:
        raise PatternError(str(exc.msg if hasattr(exc, "msg") else exc), getattr(exc, "pos", None)) from None
    except (OverflowError, RecursionError, ValueError) as exc:
        raise PatternError(str(exc), None) from None


_MID_FLAGS = regex.compile(r"(?<!\\)\(\?([a-zA-Z]+)\)")


def _fix_inline_flags(pattern: str) -> str:
    """``regex`` rejects global flags after the start; scope them to the rest instead."""
    first = _MID_FLAGS.search(pattern)
    if first is None:
        return pattern
    out = []
    pos = 0
    opened = 0
    for m in _MID_FLAGS.finditer(pattern):
        if m.start() == 0:
            continue
        out.append(pattern[pos : m.start()])
        out.append(f"(?{m.group(1)}:")
        opened += 1
        pos = m.end()
    if not opened:
        return pattern
    out.append(pattern[pos:])
    return "".join(out) + ")" * opened


WORD_TEMPLATE = r"\b(?:{})\b"


def word_pattern(tokens: list[str], *, nonword: bool = False) -> str:
    """Vale's word template: tokens joined into one alternation between ``\\b``."""
    body = "|".join(t for t in tokens if t)
    if not body:
        return ""
    return f"(?:{body})" if nonword else WORD_TEMPLATE.format(body)


def phrase(token: str) -> str:
    """Multi-word tokens match across any white space (line breaks, masked markup)."""
    return str(regex.sub(r"(?<!\\) +", r"\\s+", token))


@dataclass(frozen=True, slots=True)
class Exceptions:
    """Vale's exception semantics: a match is dropped if an exception occurs in it."""

    pattern: regex.Pattern[str] | None

    @classmethod
    def build(cls, items: list[str], *, ignorecase: bool) -> Exceptions:
        items = sorted((i for i in items if i), key=len, reverse=True)
        if not items:
            return cls(None)
        return cls(compile_pattern(r"\b(?:" + "|".join(phrase(i) for i in items) + r")\b", ignorecase=ignorecase))

    def hit(self, text: str) -> bool:
        return self.pattern is not None and self.pattern.search(text.strip(), timeout=MATCH_TIMEOUT) is not None
