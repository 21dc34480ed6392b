"""Check kinds are plug-ins: a fake kind from a test distribution, used from a rule."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Iterator

import pytest

from healthlint import plugins
from healthlint.api import Linter
from healthlint.config import Config
from healthlint.errors import PluginError
from healthlint.ruleset import load_ruleset

KIND_MODULE = '''
from __future__ import annotations
from dataclasses import dataclass
from healthlint.kinds.base import Finding

@dataclass(frozen=True)
class ShoutOptions:
    minimum: int = 3

class Shout:
    name = "shout"
    Options = ShoutOptions

    def compile(self, options, *, rule_name):
        return options.minimum

    def check(self, doc, rule):
        import re
        for seg in doc.segments:
            for m in re.finditer(r"\\b[A-Z]{%d,}\\b" % rule.compiled, seg.text):
                yield Finding(seg.span.start + m.start(), seg.span.start + m.end(), (m.group(),))

class Broken:
    name = "broken"
    Options = ShoutOptions
    def compile(self, options, *, rule_name):
        return None
    def check(self, doc, rule):
        raise RuntimeError("boom")
'''


@pytest.fixture
def fake_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "healthlint_fake_kind.py").write_text(KIND_MODULE, encoding="utf-8")
    dist = tmp_path / "healthlint_fake_kind-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: healthlint-fake-kind\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[healthlint.kinds]\nshout = healthlint_fake_kind:Shout\nbroken = healthlint_fake_kind:Broken\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.load_kinds.cache_clear()
    yield tmp_path
    sys.modules.pop("healthlint_fake_kind", None)
    plugins.load_kinds.cache_clear()


def _style(root: Path, name: str, text: str) -> Path:
    folder = root / "styles" / "House"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "styles"


def test_builtin_kinds_come_from_entry_points() -> None:
    kinds = plugins.load_kinds()
    for name in ("existence", "substitution", "occurrence", "conditional", "capitalization", "repetition", "citation", "requirement"):
        assert kinds[name].name == name


def test_fake_kind_from_a_test_distribution(fake_distribution: Path) -> None:
    styles = _style(fake_distribution, "Caps", """
        extends: shout
        message: "'%s' is shouting."
        minimum: 4
        level: suggestion
    """)
    ruleset = load_ruleset(["House"], styles_path=[styles])
    linter = Linter(Config(styles=("House",), styles_path=(styles,)), ruleset)
    diags = linter.lint_text("KETAMINE works, OK?", path="a.md")
    assert [(d.rule, d.column, d.match, d.message, d.severity) for d in diags] == [
        ("House.Caps", 1, "KETAMINE", "'KETAMINE' is shouting.", "suggestion")
    ]


def test_unknown_option_of_a_plugin_kind_is_reported(fake_distribution: Path) -> None:
    from healthlint.errors import RuleErrors

    styles = _style(fake_distribution, "Caps", "extends: shout\nmessage: x\nminimun: 4\n")
    with pytest.raises(RuleErrors) as info:
        load_ruleset(["House"], styles_path=[styles])
    assert "3:1: error: unknown key 'minimun' for shout (did you mean 'minimum'?)" in str(info.value)


def test_a_failing_kind_is_named_and_others_still_run(fake_distribution: Path) -> None:
    styles = _style(fake_distribution, "Boom", "extends: broken\nmessage: x\n")
    _style(fake_distribution, "Caps", "extends: shout\nmessage: loud\n")
    ruleset = load_ruleset(["House"], styles_path=[styles])
    linter = Linter(Config(styles=("House",), styles_path=(styles,)), ruleset)
    diags, errors = linter.lint_text_with_errors("KETAMINE works.", path="a.md")
    assert [d.rule for d in diags] == ["House.Caps"]
    assert len(errors) == 1
    assert isinstance(errors[0], PluginError)
    assert "check kind 'broken' failed in House.Boom on a.md: RuntimeError: boom" in str(errors[0])


def test_a_plugin_that_fails_to_load_names_its_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = tmp_path / "healthlint_bad-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: healthlint-bad\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[healthlint.kinds]\nnope = healthlint_missing_module:Nope\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.load_kinds.cache_clear()
    try:
        with pytest.raises(PluginError, match=r"healthlint-bad\[nope\] failed to load: ModuleNotFoundError"):
            plugins.load_kinds()
    finally:
        plugins.load_kinds.cache_clear()
