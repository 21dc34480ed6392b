"""Per-rule fixtures: ``tests/fixtures/Medical/<Rule>.md`` marks the lines where the rule must fire.

A line that should be reported ends with a comment naming what is reported on it:
``<!-- expect: "35%" "twice as likely" -->`` (the exact words each finding points at, in
order) or ``<!-- expect: * -->`` (one finding about the line's paragraph or the whole
article, whose words are not the point). In front matter the marker is a YAML comment,
``# expect: *``. Every other line must have no finding of the rule. ``<Rule>.ok.md`` is
an article the rule must pass (whole-article checks need one of each).

The fixtures are our own short articles: each shows the rule's class of wording and the
look-alikes a reviewer would let through, so a rule author sees in one file what the rule is for.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.ruleset import Ruleset

FIXTURES = Path(__file__).parent / "fixtures" / "Medical"
TODAY = "2026-12-02"  # the fixtures' dates are judged on this day (MissingDate's freshness)
_MARKER = re.compile(r"expect:\s*(.*?)\s*(?:-->|$)")
_ITEM = re.compile(r'"([^"]*)"|(\*)')
_RULESET: Ruleset = load_ruleset()
_FILES = sorted(FIXTURES.glob("*.md"))


def _rule_of(path: Path) -> str:
    return "Medical." + path.name.split(".")[0]


def _expected(text: str) -> dict[int, list[str]]:
    """Line (1-based) -> the words expected there, ``*`` for a finding whose words are not checked."""
    out: dict[int, list[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        found = _MARKER.search(line)
        if found:
            items = [m.group(1) if m.group(2) is None else "*" for m in _ITEM.finditer(found.group(1))]
            assert items, f"line {number}: an expect marker names nothing"
            out[number] = items
    return out


def _lint(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list]:
    monkeypatch.setenv("HEALTHLINT_TODAY", TODAY)
    name = _rule_of(path)
    one = Ruleset(tuple(r for r in _RULESET.rules if r.name == name), _RULESET.kinds)
    assert one.rules, f"{path.name}: no rule named {name}"
    text = path.read_text(encoding="utf-8")
    return text, [d for d in lint_text(text, path=path.name, ruleset=one) if d.rule == name]


@pytest.mark.parametrize("path", _FILES, ids=[p.name for p in _FILES])
def test_fixture(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, found = _lint(path, monkeypatch)
    expected = _expected(text)
    if path.name.endswith(".ok.md"):
        assert not expected, f"{path.name}: an .ok fixture carries expect markers"
        assert not found, f"{path.name}: expected no finding, got {[(d.line, d.match) for d in found]}"
        return
    assert expected, f"{path.name}: a fixture with no expect marker tests nothing"
    got: dict[int, list[str]] = {}
    for d in found:
        got.setdefault(d.line, []).append(d.match)
        assert text[d.start : d.end] == d.match, f"{path.name}:{d.line}: the span does not hold {d.match!r}"
    for line in sorted(set(expected) | set(got)):
        want, have = expected.get(line, []), got.get(line, [])
        words = [w for w in want if w != "*"]
        assert Counter(words) <= Counter(have) and len(want) == len(have), (
            f"{path.name}:{line}: expected {want}, found {have}"
        )


def test_every_medical_rule_has_a_fixture() -> None:
    names = {_rule_of(p) for p in _FILES}
    medical = {r.name for r in _RULESET.rules if r.name.startswith("Medical.")}
    assert medical <= names, f"rules with no fixture: {sorted(medical - names)}"
    for name in medical:
        base = name.split(".", 1)[1]
        assert (FIXTURES / f"{base}.md").is_file(), f"{name}: no failing fixture"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('It is 35%. <!-- expect: "35%" -->', ["35%"]),
        ('Two. <!-- expect: "a" "b c" -->', ["a", "b c"]),
        ("date: 2021-01-05 # expect: *", ["*"]),
    ],
)
def test_marker_syntax(line: str, expected: list[str]) -> None:
    assert _expected(line) == {1: expected}
