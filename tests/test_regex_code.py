"""A cached linter keeps each pattern's ``regex`` opcodes and pre-filter forms: a run rebuilds
the patterns from them (in C) and finds exactly what patterns compiled from their text find."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
import regex

from healthlint import _regex_code, cache, prefilter
from healthlint.api import Linter

from conftest import SEEDS


def _lazy_patterns(obj: Any) -> list[cache.LazyPattern]:
    """Every LazyPattern reachable from ``obj`` (a linter unpickled from the cache)."""
    out: dict[int, cache.LazyPattern] = {}
    stack, seen = [obj], set()
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, cache.LazyPattern):
            out[id(x)] = x
            if x.prep is not None and x.prep[1] is not None:
                stack.append(x.prep[1])
        elif isinstance(x, dict):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, (list, tuple, set, frozenset)):
            stack.extend(x)
        elif hasattr(x, "__dict__") and not isinstance(x, type):
            stack.extend(vars(x).values())
        elif hasattr(type(x), "__slots__"):
            stack.extend(getattr(x, s) for s in type(x).__slots__ if hasattr(x, s))
    return list(out.values())


@pytest.fixture(scope="module")
def cached() -> Any:
    codes: dict[tuple[str, int], Any] = {}
    with _regex_code.recording(codes):
        linter = Linter()
    return pickle.loads(cache._dumps(linter, codes))


def test_patterns_rebuilt_from_opcodes_find_what_compiled_ones_find(cached: Any) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())[:6]]
    texts.append("Cures 100% of cases, guaranteed! 12 % of adults — “miracle” cure² in 2 weeks.")
    lazies = _lazy_patterns(cached)
    assert len(lazies) > 20  # the pack's patterns, and their guards
    for lazy in lazies:
        assert lazy.code is not None, lazy.pattern[:80]
        rebuilt = _regex_code.from_code(lazy.code)
        plain = regex.compile(lazy.pattern, lazy.flags)
        assert rebuilt is not None and rebuilt.pattern == plain.pattern and rebuilt.flags == plain.flags
        for text in texts:
            assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in plain.finditer(text)], lazy.pattern[:80]


def test_a_cached_linter_parses_no_rule_pattern_again(cached: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pre-commit run: the article's patterns come from their opcodes and RE2 forms, none from ``regex``'s parser."""
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[1]).read_text(encoding="utf-8")
    expected = Linter().lint_text(text, path="a.txt")
    fresh = pickle.loads(pickle.dumps(cached))  # every pattern uncompiled again
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    monkeypatch.setattr(prefilter, "_GUARDS", {})
    monkeypatch.setattr(prefilter, "_DOCUMENTS", 0)
    parsed: list[str] = []
    main = _regex_code._main()
    real = main._compile

    def spy(pattern: Any, *args: Any) -> Any:  # what regex.compile, regex.search ... go through
        parsed.append(pattern)
        return real(pattern, *args)

    monkeypatch.setattr(main, "_compile", spy)
    assert fresh.lint_text(text, path="a.txt") == expected
    kept = {lazy.pattern for lazy in _lazy_patterns(fresh)}
    assert not [p for p in parsed if p in kept]


def test_opcodes_of_another_regex_version_are_not_used(cached: Any) -> None:
    lazy = next(p for p in _lazy_patterns(cached) if p.code is not None)
    other = cache.LazyPattern(lazy.pattern, lazy.flags, ("0.0/other", lazy.code[1]))
    assert _regex_code.from_code(other.code) is None
    text = "guaranteed cure, 100% safe, 12% of adults"
    assert [m.span() for m in other.finditer(text)] == [m.span() for m in regex.finditer(lazy.pattern, text, lazy.flags)]


def test_a_pattern_compiled_before_recording_still_gets_its_opcodes() -> None:
    pattern = regex.compile(r"(?<!\w)cur(?:e[ds]?|ing)\b", regex.IGNORECASE)  # now in regex's own cache
    codes: dict[tuple[str, int], Any] = {}
    with _regex_code.recording(codes):
        again = regex.compile(r"(?<!\w)cur(?:e[ds]?|ing)\b", regex.IGNORECASE)
    assert again is pattern and not codes  # answered from regex's cache: nothing recorded
    code = _regex_code.code_of(pattern, codes)
    rebuilt = _regex_code.from_code(code)
    assert rebuilt is not None
    assert [m.span() for m in rebuilt.finditer("Cured, curing; incurable cures")] == [(0, 5), (7, 13), (25, 30)]
