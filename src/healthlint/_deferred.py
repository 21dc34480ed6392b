"""A cached linter whose compiled rules are unpickled on first use.

A run whose articles are all unchanged needs the configuration (to find the files), the
rules' names and levels (the result cache's key) and what an output format says about
each rule, never the compiled rules: unpickling them imports every kind module and
``regex`` (a third of such a run). The cache stores those few values beside the linter
(:func:`front_of`); :class:`DeferredLinter` answers from them until something asks for
the rules themselves, then unpickles the linter once.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, Callable

from healthlint.api import FileResult, Linter

if TYPE_CHECKING:
    from healthlint.diagnostic import Level
    from healthlint.document import Document
    from healthlint.model import RuleInfo

#: the attributes only the unpickled linter has
_LOADED = frozenset({"_base", "ruleset", "_configured"})


def front_of(linter: Linter) -> dict[str, Any]:
    """What :class:`DeferredLinter` answers from without the compiled rules."""
    return {
        "config": linter.config,
        "min_level": linter.min_level,
        "levels": [(r.name, r.level.value) for r in linter.ruleset.rules],
        "info": linter.ruleset.info(),
    }


class DeferredLinter(Linter):
    """A :class:`~healthlint.api.Linter` read from the cache, its rules unpickled when first used."""

    def __init__(
        self, front: dict[str, Any], body: bytes, *, before: Callable[[], None] | None = None, loads: Callable[[bytes], Any] = pickle.loads
    ) -> None:  # noqa: D107
        self.config = front["config"]
        self.min_level = front["min_level"]
        self._only = None
        self._front = front
        self._body: bytes | None = body
        #: run once before the rules are unpickled or an article parsed (the patterns table)
        self._before = before
        #: the cache module's ``pickle.loads`` (the daemon's gives the same bytes' linter back)
        self._loads: Callable[[bytes], Any] | None = loads

    def __getattr__(self, name: str) -> Any:
        if name not in _LOADED or self.__dict__.get("_body") is None:
            raise AttributeError(name)
        self._load()
        return self.__dict__[name]

    def _load(self) -> None:
        body = self.__dict__.get("_body")
        if body is None:
            return
        before, self._before = self._before, None
        if before is not None:
            before()
        loads, self._loads = self._loads, None  # nothing of the loader is kept (a pool may pickle this linter)
        loaded = (loads or pickle.loads)(body)
        self._body = None
        for key, value in loaded.__dict__.items():
            self.__dict__.setdefault(key, value)  # what this run set (min_level, a restriction) stays

    def prepare(self) -> None:
        self._load()  # before the engine's and the parsers' modules import: their patterns come from the table too

    def parse(self, text: str, *, path: str = "<string>", format: str | None = None) -> Document:
        self._load()
        return super().parse(text, path=path, format=format)

    def lint_text_with_errors(self, text: str, *, path: str = "<string>", format: str | None = None, min_level: Level | None = None) -> FileResult:
        self._load()
        return super().lint_text_with_errors(text, path=path, format=format, min_level=min_level)

    def _pending(self) -> bool:
        return self.__dict__.get("_body") is not None and self._only is None

    def rule_levels(self) -> list[tuple[str, str]]:
        return list(self._front["levels"]) if self._pending() else super().rule_levels()

    def rules_info(self) -> dict[str, RuleInfo]:
        return dict(self._front["info"]) if self._pending() else super().rules_info()
