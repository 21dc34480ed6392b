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
    assert all(_regex_code.from_code(bad) is None for bad in (3, ("x",), (lazy.code[0], None), [lazy.code[0], lazy.code[1]]))  # type: ignore[arg-type]
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


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``regex`` as a new process has it (no table installed); restored afterwards."""
    main = _regex_code._main()
    monkeypatch.setattr(main, "_compile", getattr(main._compile, "__wrapped__", main._compile))
    return main


def test_patterns_learned_in_one_run_are_built_from_opcodes_in_the_next(fresh_process: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    main = fresh_process
    learned = _regex_code.install({})
    assert learned is not None and not _regex_code.installable()
    source = r"(?<!\w)spe+da\d{2}\b"
    first = regex.compile(source, regex.IGNORECASE)
    assert (source, int(regex.IGNORECASE)) in learned
    monkeypatch.setattr(main, "_compile", main._compile.__wrapped__)  # the next run: a new process
    assert _regex_code.install(dict(learned)) is not None
    parsed: list[Any] = []
    real_parse = main._parse_pattern
    monkeypatch.setattr(main, "_parse_pattern", lambda source, info: parsed.append(source) or real_parse(source, info))
    regex.purge()
    again = regex.compile(source, regex.IGNORECASE)
    assert parsed == [] and again is not first
    text = "SPEEDA12 speeeda99 xspeda12 spedA1"
    assert [m.span() for m in again.finditer(text)] == [m.span() for m in first.finditer(text)] == [(0, 8), (9, 18)]
    regex.compile(source + "x", regex.IGNORECASE)  # one it has not seen is compiled from its text
    assert len(parsed) == 1


boomed: list[str] = []


def _boom() -> None:
    boomed.append("planted pickle ran")


class _Planted:
    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_boom, ())


def test_a_planted_patterns_entry_is_never_unpickled(fresh_process: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    store = cache.Cache(tmp_path / "cache")
    secret = cache._secret()
    assert secret is not None and store._ensure()
    key = "0" * 64
    entry = store.base / f"patterns-{cache._sha('patterns', key)[:40]}.pickle"
    entry.write_bytes(cache._PATTERNS_MAGIC + b"\x00" * 32 + pickle.dumps({("a", 0): _Planted()}))
    store._patterns(key, secret)
    assert boomed == []
    assert regex.compile("a").match("a")  # nothing was taken from the entry


def test_a_regex_whose_compile_takes_other_arguments_is_left_alone(fresh_process: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fresh_process._compile

    def other(pattern: Any, flags: Any, kwargs: Any) -> Any:  # a future regex's own layout
        return real(pattern, flags, False, kwargs, True)

    monkeypatch.setattr(fresh_process, "_compile", other)
    assert not _regex_code.installable() and _regex_code.install({}) is None
    assert fresh_process._compile is other


def test_plain_flags_compiles_the_same_opcodes_and_puts_the_constants_back() -> None:
    core = __import__("regex._regex_core", fromlist=["RegexFlag"])
    patterns = [
        (r"\b(?<!\p{No})(?:(?<![\p{L}\p{N}])(?:cures?|heal(?:s|ed|ing)?)[\s\-]+(?:all|every)\b)", regex.IGNORECASE),
        (r"(?i:no\s+side\s+effects)|(?-i:FDA)\s*[-–]?\s*approved", 0),
        (r"(?x) a \s+ b  # a comment", regex.VERBOSE),
        (r"(?<=\d)\s?(?:%|percent)", regex.IGNORECASE | regex.DOTALL | regex.MULTILINE),
    ]

    def opcodes() -> dict[tuple[str, int], Any]:
        regex.purge()
        seen: dict[tuple[str, int], Any] = {}
        with _regex_code.recording(seen):
            for text, flags in patterns:
                regex.compile(text, flags)
        return seen

    before = opcodes()
    with _regex_code.plain_flags():
        assert type(core.IGNORECASE) is int
        inside = opcodes()
    assert inside == before and len(before) == len(patterns)
    assert isinstance(core.IGNORECASE, core.RegexFlag) and isinstance(core.DEFAULT_FLAGS[regex.VERSION1], core.RegexFlag)


def test_a_bare_copy_has_no_required_string_and_finds_the_same() -> None:
    """The copy that confirms candidates in a long text: without ``regex``'s required literal
    (which it would look for to the end of the text at every candidate), same matches."""
    pattern = regex.compile(r"(?:\d+(?:\.\d+)?|two|three)[-\s]?fold\b", regex.IGNORECASE)
    assert pattern._pickled_data[8], "this pattern should carry a required string"
    copy = _regex_code.bare(pattern)
    assert copy is not pattern and not copy._pickled_data[8]
    assert (copy.pattern, copy.flags, copy.groupindex) == (pattern.pattern, pattern.flags, pattern.groupindex)
    text = "a 3-fold rise, 12 patients, Three fold, 2.5fold, 4 folds " * 50 + "12% " * 2000
    starts = range(0, len(text), 7)
    assert [m and m.span() for m in map(lambda i: copy.match(text, i), starts)] == [m and m.span() for m in map(lambda i: pattern.match(text, i), starts)]
    assert [m.span() for m in copy.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_a_pattern_without_a_required_string_is_its_own_bare_copy() -> None:
    pattern = regex.compile(r"\d+%|\bhalf\b")
    assert _regex_code.bare(pattern) is pattern
