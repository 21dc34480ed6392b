"""Diagnostics: the immutable findings healthlint reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import total_ordering
from typing import Any, Mapping, Sequence


@total_ordering
class Level(enum.Enum):
    """Severity of a finding, ordered ``suggestion < warning < error``."""

    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, value: str) -> Level:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown level {value!r} (expected suggestion, warning or error)"
            ) from None


_RANK = {Level.SUGGESTION: 0, Level.WARNING: 1, Level.ERROR: 2}
_LEVELS = {lv.value: lv for lv in Level}
#: one copy of each rule name, message and matched text read back (most repeat across articles)
_SHARED: dict[str, str] = {}

#: :meth:`Diagnostic.to_row`: every field but the path, in order, the level by its name
Row = tuple[int, int, int, int, str, str, str, str, "str | None", int, int]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding. Lines and columns are 1-based; the end is exclusive.

    Ordered by path, line, column, then rule, so sorting a list gives the
    order of the default output.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    level: Level
    message: str
    #: the exact source text between start and end
    match: str
    #: a suggested replacement for ``match``, when the rule has one
    replacement: str | None = None
    #: 0-based code-point offsets of the span in the source
    start: int = 0
    end: int = 0

    @property
    def severity(self) -> str:
        return self.level.value

    @property
    def is_document_level(self) -> bool:
        """True for a finding about the whole article (a missing notice): it covers no text."""
        return self.start == self.end

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready values; ``--format json`` writes exactly these keys.

        ``severity`` is the level's name; ``start`` and ``end`` are 0-based code-point offsets.
        """
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.level.value,
            "message": self.message,
            "match": self.match,
            "replacement": self.replacement,
            "start": self.start,
            "end": self.end,
        }

    def to_row(self) -> Row:
        """The finding without its path as plain values: the compact form the result cache stores
        and the process pool sends (a tuple pickles ~10x faster than a slots dataclass)."""
        return (
            self.line, self.column, self.end_line, self.end_column, self.rule, self.level.value,
            self.message, self.match, self.replacement, self.start, self.end,
        )

    @classmethod
    def from_row(cls, path: str, row: Sequence[Any]) -> Diagnostic:
        """The inverse of :meth:`to_row` for a finding in ``path``; repeated texts are shared.

        Raises ``ValueError`` (wrong length) or ``KeyError`` (unknown level); the types of
        the values are the caller's to check when the row comes from a file.
        """
        line, column, end_line, end_column, rule, level, message, match, replacement, start, end = row
        one = _SHARED.setdefault
        return cls(
            path, line, column, end_line, end_column, one(rule, rule), _LEVELS[level],
            one(message, message), one(match, match), replacement, start, end,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The inverse of :meth:`to_dict` (``start``/``end`` default to 0 when absent).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` on a malformed mapping.
        """
        ints = {k: data[k] for k in ("line", "column", "end_line", "end_column")}
        ints["start"] = data.get("start", 0)
        ints["end"] = data.get("end", 0)
        for key, value in ints.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"'{key}' must be an integer, not {type(value).__name__}")
        texts = {k: data[k] for k in ("path", "rule", "message", "match")}
        for key, value in texts.items():
            if not isinstance(value, str):
                raise TypeError(f"'{key}' must be a string, not {type(value).__name__}")
        replacement = data.get("replacement")
        if replacement is not None and not isinstance(replacement, str):
            raise TypeError(f"'replacement' must be a string or null, not {type(replacement).__name__}")
        return cls(
            path=texts["path"], line=ints["line"], column=ints["column"], end_line=ints["end_line"],
            end_column=ints["end_column"], rule=texts["rule"], level=Level.parse(str(data["severity"])),
            message=texts["message"], match=texts["match"], replacement=replacement,
            start=ints["start"], end=ints["end"],
        )
