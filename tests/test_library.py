"""The public API: the README's example runs; Diagnostics are immutable, ordered and picklable."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path

import pytest

import healthlint
from healthlint import Diagnostic, Level, Linter, lint_file, lint_paths, lint_text

from conftest import ROOT, SEEDS


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Using it as a library\n\n```python\n(.*?)```", readme, re.DOTALL)
    assert code is not None
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Medical.AbsoluteClaim" in out


def test_lint_text_file_and_paths() -> None:
    diags = lint_text("It cures anxiety.", path="x.md")
    assert [d.rule for d in diags if d.rule == "Medical.AbsoluteClaim"] == ["Medical.AbsoluteClaim"]
    seed = sorted(SEEDS.iterdir())[0]
    assert lint_file(seed) == Linter().lint_file(seed)[0]
    result = lint_paths([str(SEEDS)])
    assert len(result.files) == 5 and not result.errors
    assert list(result.diagnostics) == sorted(result.diagnostics)


def test_diagnostics_are_frozen_ordered_and_picklable() -> None:
    d = lint_text("It cures anxiety and 40% relapse.", path="x.md")
    first = d[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.line = 9  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(d)) == d
    assert sorted(reversed(d)) == d
    assert isinstance(first, Diagnostic) and isinstance(first.level, Level)
    assert Level.SUGGESTION < Level.WARNING < Level.ERROR


def test_one_linter_reused_gives_the_same_answers() -> None:
    linter = Linter()
    text = "Half of patients improve. It cures panic."
    assert linter.lint_text(text, path="a.md") == linter.lint_text(text, path="a.md")


def test_public_names_only() -> None:
    for name in healthlint.__all__:
        assert getattr(healthlint, name) is not None
    with pytest.raises(AttributeError):
        healthlint.engine_internals  # type: ignore[attr-defined]


def test_lint_file_raises_on_undecodable(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_bytes(b"\xff\xfe\x00bad")
    from healthlint.errors import HealthlintError

    p.write_bytes(b"caf\xe9")
    with pytest.raises(HealthlintError, match="not valid UTF-8"):
        lint_file(p)
