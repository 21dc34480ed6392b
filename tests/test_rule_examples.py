"""Every shipped rule's ``examples``: each ``fail`` fires the rule, each ``pass`` does not."""

from __future__ import annotations

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.ruleset import Ruleset

_RULESET: Ruleset = load_ruleset()
_CASES = [
    pytest.param(rule.name, text, verdict, id=f"{rule.name}-{verdict}-{i}")
    for rule in _RULESET.rules
    for verdict, texts in (("fail", rule.examples_fail), ("pass", rule.examples_pass))
    for i, text in enumerate(texts)
]


def _fired(name: str, text: str) -> list[str]:
    one = Ruleset(tuple(r for r in _RULESET.rules if r.name == name), _RULESET.kinds)
    return [d.match for d in lint_text(text, path="example.md", ruleset=one) if d.rule == name]


@pytest.mark.parametrize(("name", "text", "verdict"), _CASES)
def test_rule_example(name: str, text: str, verdict: str) -> None:
    fired = _fired(name, text)
    if verdict == "fail":
        assert fired, f"{name} should fire on: {text!r}"
    else:
        assert not fired, f"{name} should not fire on: {text!r} (fired on {fired})"


def test_every_rule_has_examples() -> None:
    assert _CASES
    for rule in _RULESET.rules:
        assert rule.examples_fail and rule.examples_pass, rule.name
