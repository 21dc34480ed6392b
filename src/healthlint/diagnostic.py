"""Diagnostics: the immutable findings healthlint reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import total_ordering


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
        return self.start == self.end
